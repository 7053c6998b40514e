import type { Session, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { FakeSession, FakeWebContents } from '../testing/fake-electron'
import { hardenSession, hardenWebContents } from './harden'

const APP = 'app://qingfeng'
const SERVER = 'http://127.0.0.1:4455'

function hardened() {
  const wc = new FakeWebContents()
  const openExternal = vi.fn()
  hardenWebContents(wc as unknown as WebContents, { appOrigin: APP, openExternal, log: () => {} })
  return { wc, openExternal }
}

describe('webContents guards', () => {
  it('denies every window.open, sending only vetted web links to the system browser', () => {
    const { wc, openExternal } = hardened()
    const open = (url: string) => wc.windowOpenHandler!({ url })

    expect(open('https://www.gov.cn/')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.cn/')

    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'https://a.cn@evil.com/', `${APP}/index.html`, 'app://evil/']) {
      openExternal.mockClear()
      expect(open(url)).toEqual({ action: 'deny' })
      expect(openExternal).not.toHaveBeenCalled()
    }
  })

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'] as const)('%s: leaving the app is blocked, in-app routes are not', (event) => {
    const { wc, openExternal } = hardened()
    expect(wc.attempt(event, 'https://evil.example/phish')).toBe(true)
    expect(wc.attempt(event, 'file:///C:/Windows/win.ini')).toBe(true)
    expect(wc.attempt(event, 'app://qingfeng@evil.example/')).toBe(true)
    expect(wc.attempt(event, 'app://qingfeng.evil.example/')).toBe(true)
    expect(wc.attempt(event, 'app://other/index.html')).toBe(true)
    // The collab server is not the app: the window may not be taken there.
    expect(wc.attempt(event, `${SERVER}/`)).toBe(true)
    expect(wc.attempt(event, `${APP}/index.html#/tasks/abc`)).toBe(false)
    // Navigation never doubles as a way to launch things outside.
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('refuses to attach <webview>', () => {
    expect(hardened().wc.attempt('will-attach-webview')).toBe(true)
  })

  it('registers once even when applied twice', () => {
    const wc = new FakeWebContents()
    const opts = { appOrigin: APP, openExternal: vi.fn(), log: () => {} }
    hardenWebContents(wc as unknown as WebContents, opts)
    hardenWebContents(wc as unknown as WebContents, opts)
    expect(wc.listenerCount('will-navigate')).toBe(1)
  })
})

describe('session guards', () => {
  const csp = "default-src 'self'"
  const s = new FakeSession()
  hardenSession(s as unknown as Session, { appOrigin: APP, csp })

  const request = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined
    s.permissionRequest!({}, permission, (g) => (granted = g), { requestingUrl })
    return granted
  }

  it('grants the app notifications and nothing else', () => {
    expect(request('notifications', `${APP}/`)).toBe(true)
    for (const p of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'display-capture', 'fileSystem', 'unknown']) {
      expect(request(p, `${APP}/`)).toBe(false)
    }
    expect(s.permissionCheck!({}, 'notifications', APP)).toBe(true)
    expect(s.permissionCheck!({}, 'media', APP)).toBe(false)
  })

  it('grants nothing to other origins, the collab server included', () => {
    expect(request('notifications', 'https://evil.example/')).toBe(false)
    expect(request('notifications', `${SERVER}/`)).toBe(false)
    expect(request('notifications', 'app://evil/')).toBe(false)
    expect(s.permissionCheck!({}, 'notifications', 'https://evil.example')).toBe(false)
    expect(s.permissionCheck!({}, 'notifications', SERVER)).toBe(false)
  })

  it('puts the CSP on app responses only', () => {
    let appHeaders: Record<string, string[]> | undefined
    s.headersReceived!({ url: `${APP}/index.html`, responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (appHeaders = r.responseHeaders))
    expect(appHeaders?.['Content-Security-Policy']).toEqual([csp])

    for (const url of ['https://cdn.example/x.js', `${SERVER}/api/health`]) {
      let other: { responseHeaders?: unknown } | undefined
      s.headersReceived!({ url, responseHeaders: {} }, (r) => (other = r))
      expect(other).toEqual({})
    }
  })
})
