import { app, type BrowserWindow, dialog, ipcMain, Menu, nativeImage, protocol, session, shell, Tray } from 'electron'
import { homedir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { IPC_CHANNELS } from '../preload/contract'
import { electronCapabilities } from './capabilities/electron'
import { openExternalSafely } from './capabilities/external'
import { DEEP_LINK_SCHEME, deepLinkInArgv, deepLinkRoute } from './deep-link'
import { desktopChannels } from './ipc/channels'
import { registerIpcHandlers } from './ipc/register'
import { isTrustedSender } from './ipc/sender'
import { menuTemplate } from './menu'
import { electronProxyConfig } from './proxy'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './security/app-protocol'
import { hardenSession, hardenWebContents } from './security/harden'
import { ShellSettings } from './settings'
import { onWindowClose, trayMenuTemplate, trayTooltip } from './tray'
import { shouldCheckForUpdates, startUpdateChecks, UPDATER_PARTITION, type UpdaterLike } from './updates'
import { createMainWindow } from './window'

const APP_NAME = '清风协同办公'

/**
 * Wires Electron together. Everything with a decision in it lives in a
 * tested module; this file only orders the calls Electron requires.
 */
export function startApp(env: Record<string, string | undefined>, argv: readonly string[] = process.argv): void {
  const loaded = ShellSettings.load({ env, isPackaged: app.isPackaged, platform: process.platform, home: homedir() })
  if (!loaded.ok) {
    void app.whenReady().then(() => {
      dialog.showErrorBox(APP_NAME, loaded.message)
      app.exit(1)
    })
    return
  }
  const settings = loaded.value
  const config = settings.config
  for (const p of settings.problems) console.warn(`[config] ${p.file}: ${p.message}`)
  // Sandbox every renderer, including ones we did not create ourselves.
  app.enableSandbox()

  // A second copy would fight over the token file and the local database.
  // It hands its command line (a qingfeng:// link) to this one and quits.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  // Must happen before 'ready': gives app://qingfeng a real origin (config.ts).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
  // Windows registry / macOS; on Linux the .desktop file of the package declares the scheme.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)

  let win: BrowserWindow | null = null
  let tray: Tray | null = null
  let unread = 0
  let quitting = false
  // Started from a link: the window opens at that route (hash routing), so nothing has to wait for the page.
  const initialRoute = deepLinkInArgv(argv)
  // A link that arrived while the page was loading.
  let pendingRoute: string | null = null
  const openExternal = (url: string) => void openExternalSafely(url, (u) => shell.openExternal(u))

  const showWindow = () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  const openRoute = (route: string | null) => {
    if (!route) return
    if (!win || win.webContents.isLoading()) pendingRoute = route
    else win.webContents.send(IPC_CHANNELS.navigate, route)
    showWindow()
  }
  const refreshTray = () => {
    if (!tray) return
    tray.setToolTip(trayTooltip(unread))
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ count: unread, onOpen: showWindow, onQuit: () => app.quit() })))
  }
  // The page's session and electron-updater's own partition (its downloads must take the same route).
  const applyProxy = () =>
    Promise.all(
      [session.defaultSession, session.fromPartition(UPDATER_PARTITION, { cache: false })].map((s) =>
        s.setProxy(electronProxyConfig(settings.current.proxy)).catch((e: unknown) => console.warn(`[proxy] ${String(e)}`))
      )
    )

  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents, { appOrigin: config.appOrigin, openExternal })
  })
  app.on('second-instance', (_e, commandLine) => {
    showWindow()
    openRoute(deepLinkInArgv(commandLine))
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openRoute(deepLinkRoute(url))
  })
  app.on('before-quit', () => (quitting = true))
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  void app.whenReady().then(async () => {
    const isDev = Boolean(config.devServerUrl)
    const printWithDialog = () =>
      win?.webContents.print({ silent: false, printBackground: true }, (ok, reason) => {
        if (!ok && !/cancel/i.test(reason)) console.warn(`[print] ${reason}`)
      })
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isDev, onAbout: () => about(win), onPrint: printWithDialog })))
    await applyProxy()
    // The policy follows the configured server: read on every response.
    const csp = () => settings.csp()
    hardenSession(session.defaultSession, { appOrigin: config.appOrigin, csp })
    // Production renderer from local disk; in development the dev server serves it.
    if (!isDev) protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: rendererDir(), csp }))
    const capabilities = electronCapabilities({
      settings,
      getWindow: () => win,
      onServerChanged: () => win?.webContents.reload(),
      onPreferencesChanged: () => void applyProxy()
    })
    registerIpcHandlers(
      ipcMain,
      (event) => isTrustedSender(event, { appOrigin: config.appOrigin, mainWebContents: () => win?.webContents ?? null }),
      desktopChannels({
        ...capabilities,
        setBadgeCount(count) {
          unread = count
          refreshTray()
          return capabilities.setBadgeCount(count)
        }
      })
    )
    try {
      tray = new Tray(nativeImage.createFromPath(trayIconPath()))
      tray.on('click', showWindow)
      refreshTray()
    } catch (e) {
      // Some Linux desktops have no tray area: then closing the window quits, as usual.
      console.warn(`[tray] unavailable: ${String(e)}`)
    }
    const open = () => {
      const appUrl = initialRoute && !win ? `${config.appUrl}#${initialRoute}` : config.appUrl
      win = createMainWindow({ config: { ...config, appUrl }, preloadPath: preloadPath(), devTools: isDev, openExternal })
      win.on('close', (event) => {
        if (onWindowClose({ closeToTray: settings.current.closeToTray, hasTray: tray !== null, quitting }) === 'hide') {
          event.preventDefault()
          win?.hide()
        }
      })
      win.webContents.on('did-finish-load', () => {
        const route = pendingRoute
        pendingRoute = null
        if (route) win?.webContents.send(IPC_CHANNELS.navigate, route)
      })
      win.on('closed', () => (win = null))
    }
    open()
    app.on('activate', () => {
      if (!win) open()
      else showWindow()
    })
    if (shouldCheckForUpdates({ isPackaged: app.isPackaged, autoUpdate: settings.current.autoUpdate, serverUrl: config.serverUrl, env })) {
      // Loaded only in an installed app: electron-updater reads app-update.yml from the package.
      const { autoUpdater } = await import('electron-updater')
      startUpdateChecks(autoUpdater as unknown as UpdaterLike, { serverUrl: () => settings.config.serverUrl, log: (m) => console.warn(m) })
    }
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

/** The tray icon ships with the renderer build (renderer/public/tray.png). */
function trayIconPath(): string {
  return fileURLToPath(new URL('../renderer/tray.png', import.meta.url))
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
