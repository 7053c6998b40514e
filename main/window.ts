import { BrowserWindow } from 'electron'
import type { ShellConfig } from './config'
import { hardenWebContents } from './security/harden'
import { webPreferences } from './security/web-preferences'

export interface WindowOptions {
  config: ShellConfig
  preloadPath: string
  devTools: boolean
  openExternal: (url: string) => void
}

const TITLE = '清风协同办公'
const MAX_RETRY_MS = 30_000
// net::ERR_ABORTED: our own reload/navigation replaced the load; not a failure.
const ERR_ABORTED = -3

export function createMainWindow(opts: WindowOptions): BrowserWindow {
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
  keepTryingToLoad(win, opts.config.appUrl)
  return win
}

/**
 * The renderer is served by the collab server (see config.ts), so a cold
 * start with the server down fails to load. Rather than a blank window, show
 * a static notice and retry with backoff until the server answers.
 */
function keepTryingToLoad(win: BrowserWindow, appUrl: string): void {
  let delay = 1000
  let timer: NodeJS.Timeout | undefined
  const load = () => win.loadURL(appUrl).catch(() => undefined) // failures arrive via did-fail-load
  win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (!isMainFrame || code === ERR_ABORTED || !url.startsWith(appUrl.replace(/\/$/, ''))) return
    console.warn(`[window] load failed (${code} ${description}); retrying in ${delay} ms`)
    win.show()
    void win.loadURL(offlineNotice(appUrl)).catch(() => undefined)
    clearTimeout(timer)
    timer = setTimeout(load, delay)
    delay = Math.min(delay * 2, MAX_RETRY_MS)
  })
  win.webContents.on('did-finish-load', () => {
    if (win.webContents.getURL().startsWith(appUrl.replace(/\/$/, ''))) delay = 1000
  })
  win.on('closed', () => clearTimeout(timer))
  void load()
}

/** A script-free page; it is not our origin, so its IPC calls would be refused. */
function offlineNotice(appUrl: string): string {
  const escaped = appUrl.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const html = `<!doctype html><meta charset="utf-8"><title>${TITLE}</title>
<body style="font-family:sans-serif;padding:48px;color:#333">
<h2>${TITLE}</h2><p>无法连接服务器 ${escaped}，正在自动重试……</p>
<p style="color:#888">Cannot reach the server; retrying automatically.</p></body>`
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`
}
