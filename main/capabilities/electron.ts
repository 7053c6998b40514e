import { app, dialog, net, Notification, safeStorage, shell, type BrowserWindow, type SaveDialogOptions } from 'electron'
import { join } from 'node:path'
import { IPC_CHANNELS } from '@preload/contract'
import { checkServer, type FetchLike } from '@preload/server-check'
import type { ShellSettings } from '../settings'
import type { Capabilities } from '../ipc/channels'
import { safeFileName } from '../ipc/validate'
import { err, ok } from '../result'
import { openExternalSafely } from './external'
import { exportPdf, printPage, saveFile } from './files'
import { renderHtmlToPdf } from './pdf'
import { SecretStore } from './secrets'

/**
 * The thin adapter: the only capability code that touches Electron. Each
 * method is a few calls into Electron plus one of the tested helpers.
 */
export function electronCapabilities(opts: {
  settings: ShellSettings
  getWindow: () => BrowserWindow | null
  /** The server address changed: the window reloads under the new CSP. */
  onServerChanged: () => void
  /** Proxy or tray preference changed. */
  onPreferencesChanged: () => void
}): Capabilities {
  const secrets = new SecretStore(join(app.getPath('userData'), 'secrets.json'), {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (s) => safeStorage.encryptString(s),
    decryptString: (b) => safeStorage.decryptString(b),
    ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {})
  })
  // Electron drops click handlers of notifications that get garbage-collected.
  const live = new Set<Notification>()

  const window = () => {
    const win = opts.getWindow()
    return win && !win.isDestroyed() ? win : null
  }
  const saveDialog = (win: BrowserWindow) => (o: SaveDialogOptions) => dialog.showSaveDialog(win, o)

  return {
    getConfig: () => ({
      serverUrl: opts.settings.config.serverUrl,
      shell: 'electron',
      locale: app.getLocale().toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN',
      serverSource: opts.settings.current.serverSource,
      serverEditable: opts.settings.current.serverEditable,
      secureStorage: secrets.canEncrypt()
    }),

    notify(n) {
      if (!Notification.isSupported()) return err('NOT_SUPPORTED', '系统不支持桌面通知')
      const note = new Notification({ title: n.title, body: n.body })
      live.add(note)
      note.on('close', () => live.delete(note))
      note.on('click', () => {
        live.delete(note)
        const win = window()
        if (!win) return
        if (win.isMinimized()) win.restore()
        win.show()
        win.focus()
        if (n.route) win.webContents.send(IPC_CHANNELS.navigate, n.route)
      })
      note.show()
      return ok(undefined)
    },

    setBadgeCount(count) {
      // macOS dock / Linux launchers; on Windows this is a no-op, so flash the
      // taskbar button instead when something new arrives unseen.
      app.setBadgeCount(count)
      const win = window()
      if (process.platform === 'win32' && win) win.flashFrame(count > 0 && !win.isFocused())
      return ok(undefined)
    },

    secretGet: (key) => secrets.get(key),
    secretSet: (key, value) => secrets.set(key, value),
    secretDelete: (key) => secrets.delete(key),

    openExternal: (url) => openExternalSafely(url, (u) => shell.openExternal(u)),

    async saveFile(args) {
      const win = window()
      if (!win) return err('NO_WINDOW', '窗口已关闭')
      return saveFile(args, { showSaveDialog: saveDialog(win), downloadsDir: app.getPath('downloads') })
    },

    async printDialog() {
      const win = window()
      if (!win) return err('NO_WINDOW', '窗口已关闭')
      return new Promise((resolve) => {
        win.webContents.print({ silent: false, printBackground: true }, (success, reason) => {
          // Cancelling the dialog is the user's choice, not a failure.
          resolve(success || /cancel/i.test(reason) ? ok(undefined) : err('PRINT_FAILED', `打印失败：${reason}`))
        })
      })
    },
    // Run here, not in the page: through the session's proxy, and the page's CSP stays narrow.
    checkServer: async (url) => ok(await checkServer(url, net.fetch as unknown as FetchLike)),
    async setServerUrl(url) {
      const r = await opts.settings.setServerUrl(url)
      if (!r.ok) return r
      opts.onServerChanged()
      return ok(undefined)
    },
    getSettings: () => ok(opts.settings.desktopSettings()),
    async setSettings(patch) {
      const r = await opts.settings.setPreferences(patch)
      if (r.ok) opts.onPreferencesChanged()
      return r
    },
    async exportPdf(args) {
      const win = window()
      if (!win) return err('NO_WINDOW', '窗口已关闭')
      return exportPdf(args, { showSaveDialog: saveDialog(win), downloadsDir: app.getPath('downloads'), render: renderHtmlToPdf })
    },
    async printPage() {
      const win = window()
      if (!win) return err('NO_WINDOW', '窗口已关闭')
      return printPage({
        showSaveDialog: saveDialog(win),
        downloadsDir: app.getPath('downloads'),
        title: safeFileName(win.getTitle() || '清风协同办公'),
        printToPDF: () => win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
      })
    }
  }
}
