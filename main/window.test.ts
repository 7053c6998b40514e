import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow, resetFake } from './testing/fake-electron'
import { createMainWindow } from './window'

vi.mock('electron', () => import('./testing/fake-electron').then((m) => m.electronModule))

const config = { serverUrl: 'http://127.0.0.1:4455', appUrl: 'http://127.0.0.1:4455/', appOrigin: 'http://127.0.0.1:4455' }

function open() {
  const openExternal = vi.fn()
  const win = createMainWindow({ config, preloadPath: '/app/out/preload/index.cjs', devTools: false, openExternal }) as unknown as FakeBrowserWindow
  return { win, openExternal }
}

beforeEach(() => {
  resetFake()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('main window', () => {
  it('is created with the locked-down webPreferences and our preload', () => {
    const { win } = open()
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false
    })
    expect(win.options.title).toBe('清风协同办公')
  })

  it('loads the renderer from the collab server', () => {
    expect(open().win.loadURL).toHaveBeenCalledWith('http://127.0.0.1:4455/')
  })

  it('cannot be navigated away from the app or open windows', () => {
    const { win, openExternal } = open()
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true)
    expect(win.webContents.attempt('will-redirect', 'http://169.254.169.254/latest/meta-data')).toBe(true)
    expect(win.webContents.attempt('will-navigate', 'http://127.0.0.1:4455/tasks')).toBe(false)
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler!({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.cn/')
  })

  it('shows a notice and retries when the server is down at start', async () => {
    const { win } = open()
    win.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:4455/', true)
    expect(win.show).toHaveBeenCalled()
    expect(win.loadURL).toHaveBeenLastCalledWith(expect.stringMatching(/^data:text\/html/))
    expect(decodeURIComponent(win.loadURL.mock.lastCall![0])).toContain('无法连接服务器')
    await vi.advanceTimersByTimeAsync(1000)
    expect(win.loadURL).toHaveBeenLastCalledWith('http://127.0.0.1:4455/')
  })

  it('ignores aborted loads and subframe failures', () => {
    const { win } = open()
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'http://127.0.0.1:4455/', true)
    win.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:4455/', false)
    expect(win.loadURL).toHaveBeenCalledTimes(1)
  })
})
