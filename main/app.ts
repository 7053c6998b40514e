import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import { fileURLToPath } from 'node:url'
import { electronCapabilities } from './capabilities/electron'
import { openExternalSafely } from './capabilities/external'
import { resolveShellConfig } from './config'
import { desktopChannels } from './ipc/channels'
import { registerIpcHandlers } from './ipc/register'
import { isTrustedSender } from './ipc/sender'
import { menuTemplate } from './menu'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './security/app-protocol'
import { buildCsp } from './security/csp'
import { hardenSession, hardenWebContents } from './security/harden'
import { createMainWindow } from './window'

const APP_NAME = '清风协同办公'

/**
 * Wires Electron together. Everything with a decision in it lives in a
 * tested module; this file only orders the calls Electron requires.
 */
export function startApp(env: Record<string, string | undefined>): void {
  const resolved = resolveShellConfig(env, { isPackaged: app.isPackaged })
  if (!resolved.ok) {
    void app.whenReady().then(() => {
      dialog.showErrorBox(APP_NAME, resolved.message)
      app.exit(1)
    })
    return
  }
  const config = resolved.value
  // Sandbox every renderer, including ones we did not create ourselves.
  app.enableSandbox()

  // A second copy would fight over the token file and the local database.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }

  // Must happen before 'ready': gives app://qingfeng a real origin (config.ts).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

  let win: BrowserWindow | null = null
  const openExternal = (url: string) => void openExternalSafely(url, (u) => shell.openExternal(u))

  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents, { appOrigin: config.appOrigin, openExternal })
  })
  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  void app.whenReady().then(() => {
    const isDev = Boolean(config.devServerUrl)
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isDev, onAbout: () => about(win) })))
    const csp = buildCsp({ serverUrl: config.serverUrl, devServerUrl: config.devServerUrl })
    hardenSession(session.defaultSession, { appOrigin: config.appOrigin, csp })
    // Production renderer from local disk; in development the dev server serves it.
    if (!isDev) protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: rendererDir(), csp }))
    registerIpcHandlers(
      ipcMain,
      (event) => isTrustedSender(event, { appOrigin: config.appOrigin, mainWebContents: () => win?.webContents ?? null }),
      desktopChannels(electronCapabilities({ config, getWindow: () => win }))
    )
    const open = () => {
      win = createMainWindow({ config, preloadPath: preloadPath(), devTools: isDev, openExternal })
      win.on('closed', () => (win = null))
    }
    open()
    app.on('activate', () => {
      if (!win) open()
    })
  })
}

/** out/main/index.js → out/preload/index.cjs (CommonJS: sandboxed preloads cannot be ESM). */
function preloadPath(): string {
  return fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
}

/** out/main/index.js → out/renderer/ (the electron-vite renderer build). */
function rendererDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url))
}

function about(win: BrowserWindow | null): void {
  const options = {
    type: 'info' as const,
    title: `关于${APP_NAME}`,
    message: APP_NAME,
    detail: `版本 ${app.getVersion()}\nElectron ${process.versions.electron ?? ''}`
  }
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
}
