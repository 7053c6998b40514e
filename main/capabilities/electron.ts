import { app, dialog, Notification, safeStorage, shell, type BrowserWindow, type SaveDialogOptions } from 'electron'
import { join } from 'node:path'
import { IPC_CHANNELS } from '../../preload/contract'
import type { ShellConfig } from '../config'
import type { Capabilities } from '../ipc/channels'
import { safeFileName } from '../ipc/validate'
import { err, ok } from '../result'
import { openExternalSafely } from './external'
import { printPage, saveFile } from './files'
import { SecretStore } from './secrets'

/**
 * The thin adapter: the only capability code that touches Electron. Each
 * method is a few calls into Electron plus one of the tested helpers.
 */
export function electronCapabilities(opts: {
  config: ShellConfig
  getWindow: () => BrowserWindow | null
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
  const saveDialog = (win: BrowserWindow) => (o: SaveDialogOptions) =>
    dialog.showSaveDialog(win, o)

  return {
    getConfig: () => ({
      serverUrl: opts.config.serverUrl,
      shell: 'electron',
      locale: app.getLocale().toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN'
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
