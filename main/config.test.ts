import { describe, expect, it } from 'vitest'
import { resolveShellConfig } from './config'

describe('resolveShellConfig', () => {
  it('loads the renderer from app://qingfeng; a developer build talks to the local collab server by default', () => {
    expect(resolveShellConfig({}, { isPackaged: false })).toMatchObject({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:4455', appUrl: 'app://qingfeng/index.html', appOrigin: 'app://qingfeng' }
    })
  })

  it('an installed client with no address configured asks on first run (never guesses loopback)', () => {
    expect(resolveShellConfig({}, { isPackaged: true })).toMatchObject({ ok: true, value: { serverUrl: null, settings: { serverSource: 'none' } } })
  })

  it('QF_FIRST_RUN=1 makes a developer build start like a fresh install', () => {
    expect(resolveShellConfig({ QF_FIRST_RUN: '1' }, { isPackaged: false })).toMatchObject({ ok: true, value: { serverUrl: null } })
  })

  it('takes the address from the config files', () => {
    const files = { machine: { serverUrl: 'https://oa.county.gov.cn/qingfeng' }, user: {} }
    expect(resolveShellConfig({}, { isPackaged: true, files })).toMatchObject({ ok: true, value: { serverUrl: 'https://oa.county.gov.cn/qingfeng' } })
  })

  it('follows QF_SERVER_URL, including a path prefix, without moving the app origin', () => {
    const r = resolveShellConfig({ QF_SERVER_URL: 'https://oa.example.gov.cn/qingfeng/' }, { isPackaged: true })
    expect(r).toMatchObject({
      ok: true,
      value: { serverUrl: 'https://oa.example.gov.cn/qingfeng', appUrl: 'app://qingfeng/index.html', appOrigin: 'app://qingfeng' }
    })
  })

  it('never makes the server (or anything from the environment) the app origin when packaged', () => {
    const env = { QF_SERVER_URL: 'https://evil.example/', ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(resolveShellConfig(env, { isPackaged: true })).toMatchObject({ ok: true, value: { appOrigin: 'app://qingfeng' } })
  })

  it.each(['file:///tmp/x', 'javascript:alert(1)', 'app://qingfeng', 'http://user:pw@host/', 'not a url', 'http://h/?x=1'])(
    'rejects QF_SERVER_URL=%s',
    (QF_SERVER_URL) => {
      expect(resolveShellConfig({ QF_SERVER_URL }, { isPackaged: true })).toMatchObject({ ok: false, code: 'INVALID_CONFIG' })
    }
  )

  it('uses the electron-vite dev server only when unpackaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(resolveShellConfig(env, { isPackaged: false })).toMatchObject({
      ok: true,
      value: { appUrl: 'http://localhost:5173/', appOrigin: 'http://localhost:5173', devServerUrl: 'http://localhost:5173/' }
    })
    // A packaged app ignores it: an env var must not pick what gets IPC access.
    expect(resolveShellConfig(env, { isPackaged: true })).toMatchObject({ ok: true, value: { appOrigin: 'app://qingfeng' } })
  })

  it('refuses a non-loopback dev renderer URL', () => {
    expect(resolveShellConfig({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, { isPackaged: false })).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIG'
    })
  })
})
