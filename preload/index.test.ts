import { beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CHANNELS, type DesktopApi } from './contract'

// What the renderer's world receives, captured from contextBridge.
const bridge = vi.hoisted(() => ({ exposed: new Map<string, unknown>() }))
const ipc = vi.hoisted(() => ({
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
  sendSync: vi.fn()
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api) },
  ipcRenderer: ipc
}))

const EXPECTED: Array<keyof DesktopApi> = [
  'getConfig',
  'notify',
  'setBadgeCount',
  'secretGet',
  'secretSet',
  'secretDelete',
  'openExternal',
  'saveFile',
  'printPage',
  'printDialog',
  'exportPdf',
  'checkServer',
  'setServerUrl',
  'getSettings',
  'setSettings',
  'onNavigate'
]

async function load(): Promise<DesktopApi> {
  bridge.exposed.clear()
  vi.resetModules()
  await import('./index')
  return bridge.exposed.get('qingfeng') as DesktopApi
}

beforeEach(() => vi.resetAllMocks())

describe('preload bridge', () => {
  it('exposes only window.qingfeng with exactly the DesktopApi functions', async () => {
    const api = await load()
    expect([...bridge.exposed.keys()]).toEqual(['qingfeng'])
    expect(Object.keys(api).sort()).toEqual([...EXPECTED].sort())
    for (const name of EXPECTED) expect(typeof api[name]).toBe('function')
  })

  it('leaks no ipcRenderer, generic invoke/send, or Node handle', async () => {
    const api = (await load()) as unknown as Record<string, unknown>
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'require', 'process']) {
      expect(api[forbidden]).toBeUndefined()
    }
    expect(Object.values(api)).not.toContain(ipc)
    expect(Object.values(api)).not.toContain(ipc.invoke)
  })

  it('binds each capability to its own fixed channel with only its own arguments', async () => {
    const api = await load()
    ipc.invoke.mockResolvedValue({ ok: true, value: true })
    await api.saveFile('交办件.csv', 'a,b', 'text/csv')
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.saveFile, '交办件.csv', 'a,b', 'text/csv')
    await api.openExternal('https://www.gov.cn/')
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.openExternal, 'https://www.gov.cn/')
    await api.printPage()
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.printPage)
    await api.secretSet('auth.token', 'tok')
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC_CHANNELS.secretSet, 'auth.token', 'tok')
  })

  it('unwraps success values', async () => {
    const api = await load()
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: null })
    expect(await api.secretGet('auth.token')).toBeNull()
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: { serverUrl: 'http://127.0.0.1:4455', shell: 'electron', locale: 'zh-CN' } })
    expect((await api.getConfig()).shell).toBe('electron')
  })

  it('turns a refusal into a rejection whose message is the error code', async () => {
    const api = await load()
    ipc.invoke.mockResolvedValueOnce({ ok: false, code: 'ENCRYPTION_UNAVAILABLE', message: '系统密钥环不可用' })
    await expect(api.secretSet('auth.token', 'x')).rejects.toThrow(/^ENCRYPTION_UNAVAILABLE$/)
    ipc.invoke.mockResolvedValueOnce(undefined)
    await expect(api.printPage()).rejects.toThrow('INTERNAL')
  })

  it('onNavigate listens on qf:navigate only, passes the route but never the IPC event, and unsubscribes', async () => {
    const api = await load()
    const handler = vi.fn()
    const off = api.onNavigate(handler)
    expect(ipc.on).toHaveBeenCalledTimes(1)
    const [channel, listener] = ipc.on.mock.calls[0] as [string, (e: unknown, ...a: unknown[]) => void]
    expect(channel).toBe(IPC_CHANNELS.navigate)

    const event = { sender: ipc, senderId: 0 }
    listener(event, '/tasks/t1')
    expect(handler).toHaveBeenCalledWith('/tasks/t1')
    expect(handler.mock.calls[0]).toHaveLength(1)
    listener(event, { evil: true })
    expect(handler).toHaveBeenCalledTimes(1)

    off()
    off()
    expect(ipc.removeListener).toHaveBeenCalledTimes(1)
    expect(ipc.removeListener).toHaveBeenCalledWith(IPC_CHANNELS.navigate, listener)
  })

  it('onNavigate refuses a non-function', async () => {
    const api = await load()
    expect(() => api.onNavigate('alert(1)' as never)).toThrow(TypeError)
    expect(ipc.on).not.toHaveBeenCalled()
  })
})
