import { BrowserWindow } from 'electron'
import type { ShellConfig } from './config'
import { hardenWebContents } from './security/harden'
import { webPreferences } from './security/web-preferences'

export interface WindowOptions {
  config: ShellConfig
  preloadPath: string
  devTools: boolean
  openExternal: (url: string) => void
  log?: (msg: string) => void
}

const TITLE = '清风协同办公'
// net::ERR_ABORTED: our own reload/navigation replaced the load; not a failure.
const ERR_ABORTED = -3

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const log = opts.log ?? console.error
  const win = new BrowserWindow({
    title: TITLE,
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: webPreferences(opts.preloadPath, { devTools: opts.devTools })
  })
  hardenWebContents(win.webContents, { appOrigin: opts.config.appOrigin, openExternal: opts.openExternal })
  win.once('ready-to-show', () => win.show())
  // The renderer comes from app:// on local disk (see config.ts), so loading
  // does not depend on the network; missing renderer files get an explanatory
  // page from the protocol handler. Should a load still fail (in development:
  // the dev server is not running), never leave an invisible window behind.
  win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (!isMainFrame || code === ERR_ABORTED) return
    log(`[window] failed to load ${url.slice(0, 200)}: ${code} ${description}`)
    win.show()
  })
  void win.loadURL(opts.config.appUrl).catch(() => undefined) // failures arrive via did-fail-load
  return win
}
