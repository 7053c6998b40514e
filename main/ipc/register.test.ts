import { describe, expect, it, vi } from 'vitest'
import { IPC_CHANNELS } from '@preload/contract'
import { err, ok } from '../result'
import { ipcEvent } from '../testing/fake-electron'
import { desktopChannels, type Capabilities } from './channels'
import { channel, registerIpcHandlers } from './register'
import { isTrustedSender } from './sender'

const APP = 'app://qingfeng'
const SERVER = 'http://127.0.0.1:4455'

function fakeCapabilities(): Capabilities {
  return {
    getConfig: vi.fn(() => ({
      serverUrl: SERVER,
      shell: 'electron' as const,
      locale: 'zh-CN' as const,
      serverSource: 'env' as const,
      serverEditable: false,
      secureStorage: true
    })),
    notify: vi.fn(() => ok(undefined)),
    setBadgeCount: vi.fn(() => ok(undefined)),
    secretGet: vi.fn(async () => ok('tok')),
    secretSet: vi.fn(async () => ok(undefined)),
    secretDelete: vi.fn(async () => ok(undefined)),
    openExternal: vi.fn(async () => ok(true)),
    saveFile: vi.fn(async () => ok(true)),
    printPage: vi.fn(async () => ok(undefined)),
    printDialog: vi.fn(async () => ok(undefined)),
    exportPdf: vi.fn(async () => ok(true)),
    checkServer: vi.fn(async () => ok({ ok: false as const, code: 'UNREACHABLE' as const, message: 'x' })),
    setServerUrl: vi.fn(async () => ok(undefined)),
    getSettings: vi.fn(() => ok({ closeToTray: false, proxy: { mode: 'system' as const }, native: true })),
    setSettings: vi.fn(async () => ok(undefined))
  }
}

function setup() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  const ipcMain = { handle: vi.fn((c: string, h: never) => void handlers.set(c, h)), removeHandler: vi.fn() }
  const mainWc = { id: 1 }
  const cap = fakeCapabilities()
  const dispose = registerIpcHandlers(
    ipcMain,
    (e) => isTrustedSender(e, { appOrigin: APP, mainWebContents: () => mainWc }),
    desktopChannels(cap),
    () => {}
  )
  const invoke = (channel: string, event: unknown, ...args: unknown[]) => handlers.get(channel)!(event, ...args)
  return { handlers, ipcMain, mainWc, cap, invoke, dispose }
}

describe('IPC registration', () => {
  it('handles every contract channel except the main→renderer navigate channel', () => {
    const { handlers } = setup()
    const expected = Object.values(IPC_CHANNELS).filter((c) => c !== IPC_CHANNELS.navigate)
    expect([...handlers.keys()].sort()).toEqual([...expected].sort())
  })

  it('refuses calls from a foreign frame before any capability runs', async () => {
    const { invoke, cap, mainWc } = setup()
    const foreign = ipcEvent(mainWc, 'https://evil.example/')
    expect(await invoke(IPC_CHANNELS.secretGet, foreign, 'auth.token')).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' })
    expect(await invoke(IPC_CHANNELS.openExternal, foreign, 'https://x.cn/')).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' })
    expect(cap.secretGet).not.toHaveBeenCalled()
    expect(cap.openExternal).not.toHaveBeenCalled()
  })

  it('refuses calls from another webContents, even one showing our origin', async () => {
    const { invoke, cap } = setup()
    const other = ipcEvent({ id: 99 }, `${APP}/`)
    for (const c of Object.values(IPC_CHANNELS).filter((c) => c !== IPC_CHANNELS.navigate)) {
      expect(await invoke(c, other)).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' })
    }
    expect(Object.values(cap).every((fn) => (fn as ReturnType<typeof vi.fn>).mock.calls.length === 0)).toBe(true)
  })

  it('serves the main window and passes validated arguments through', async () => {
    const { invoke, cap, mainWc } = setup()
    const ours = ipcEvent(mainWc, `${APP}/index.html#/inbox`)
    expect(await invoke(IPC_CHANNELS.getConfig, ours)).toMatchObject(ok({ serverUrl: SERVER, shell: 'electron', locale: 'zh-CN' }))
    expect(await invoke(IPC_CHANNELS.secretSet, ours, 'auth.token', 's3cret')).toEqual(ok(undefined))
    expect(cap.secretSet).toHaveBeenCalledWith('auth.token', 's3cret')
  })

  it('rejects malformed arguments with INVALID_ARGUMENT, not a crash', async () => {
    const { invoke, cap, mainWc } = setup()
    const ours = ipcEvent(mainWc, `${APP}/index.html`)
    const bad: Array<[string, unknown[]]> = [
      [IPC_CHANNELS.setBadgeCount, [-1]],
      [IPC_CHANNELS.setBadgeCount, ['5']],
      [IPC_CHANNELS.secretGet, ['../../etc/passwd']],
      [IPC_CHANNELS.secretSet, ['k', { toString: () => 'x' }]],
      [IPC_CHANNELS.notify, [{ title: 'x', body: 'y', route: 'javascript:alert(1)' }]],
      [IPC_CHANNELS.openExternal, [{ href: 'https://x.cn' }]],
      [IPC_CHANNELS.saveFile, ['a.csv', 'x', 'not a mime']],
      [IPC_CHANNELS.getConfig, ['extra']]
    ]
    for (const [c, args] of bad) {
      expect(await invoke(c, ours, ...args), c).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    }
    expect(cap.setBadgeCount).not.toHaveBeenCalled()
    expect(cap.secretSet).not.toHaveBeenCalled()
  })

  it('turns a throwing capability into an INTERNAL error value without leaking the message', async () => {
    const { invoke, cap, mainWc } = setup()
    vi.mocked(cap.printPage).mockRejectedValueOnce(new Error('/home/clerk/secret/path exploded'))
    const res = await invoke(IPC_CHANNELS.printPage, ipcEvent(mainWc, `${APP}/`))
    expect(res).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(JSON.stringify(res)).not.toContain('/home/clerk')
  })

  it('passes capability errors through as values', async () => {
    const { invoke, cap, mainWc } = setup()
    vi.mocked(cap.secretSet).mockResolvedValueOnce(err('ENCRYPTION_UNAVAILABLE', 'x'))
    expect(await invoke(IPC_CHANNELS.secretSet, ipcEvent(mainWc, `${APP}/`), 'k', 'v')).toMatchObject({
      ok: false,
      code: 'ENCRYPTION_UNAVAILABLE'
    })
  })

  it('refuses to register channels outside the contract, the navigate channel, or duplicates', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() }
    const none = () => ok([])
    const run = () => ok(1)
    expect(() => registerIpcHandlers(ipcMain, () => true, [channel('qf:eval', none, run)])).toThrow(/not in the contract/)
    expect(() => registerIpcHandlers(ipcMain, () => true, [channel(IPC_CHANNELS.navigate, none, run)])).toThrow()
    const dup = channel(IPC_CHANNELS.getConfig, none, run)
    expect(() => registerIpcHandlers(ipcMain, () => true, [dup, dup])).toThrow(/twice/)
    expect(ipcMain.handle).not.toHaveBeenCalled()
  })

  it('dispose removes every handler', () => {
    const { ipcMain, dispose } = setup()
    dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(Object.keys(IPC_CHANNELS).length - 1)
  })
})
