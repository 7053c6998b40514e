import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FakeBrowserWindow, resetFake } from './testing/fake-electron'
import { createMainWindow } from './window'

vi.mock('electron', () => import('./testing/fake-electron').then((m) => m.electronModule))

const config = { serverUrl: 'http://127.0.0.1:4455', appUrl: 'app://qingfeng/index.html', appOrigin: 'app://qingfeng' }

function open() {
  const openExternal = vi.fn()
  const log = vi.fn()
  const win = createMainWindow({ config, preloadPath: '/app/out/preload/index.cjs', devTools: false, openExternal, log }) as unknown as FakeBrowserWindow
  return { win, openExternal, log }
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

  it('loads the renderer from app://qingfeng, not from the server', () => {
    const { win } = open()
    expect(win.loadURL).toHaveBeenCalledTimes(1)
    expect(win.loadURL).toHaveBeenCalledWith('app://qingfeng/index.html')
  })

  it('cannot be navigated away from the app or open windows', () => {
    const { win, openExternal } = open()
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true)
    expect(win.webContents.attempt('will-redirect', 'http://169.254.169.254/latest/meta-data')).toBe(true)
    expect(win.webContents.attempt('will-navigate', 'http://127.0.0.1:4455/')).toBe(true)
    expect(win.webContents.attempt('will-navigate', 'app://evil/index.html')).toBe(true)
    expect(win.webContents.attempt('will-navigate', 'app://qingfeng/index.html#/tasks')).toBe(false)
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler!({ url: 'app://qingfeng/index.html' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler!({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(openExternal).toHaveBeenCalledWith('https://www.gov.cn/')
  })

  it('does not depend on the network: no retry loop, no reload when a load fails', async () => {
    const { win, log } = open()
    win.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://localhost:5173/', true)
    // Never an invisible window: it is shown so the error is visible, and logged.
    expect(win.show).toHaveBeenCalled()
    expect(log).toHaveBeenCalledWith(expect.stringContaining('ERR_CONNECTION_REFUSED'))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(win.loadURL).toHaveBeenCalledTimes(1)
  })

  it('ignores aborted loads and subframe failures', () => {
    const { win, log } = open()
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'app://qingfeng/index.html', true)
    win.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:4455/', false)
    expect(win.show).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
  })
})
