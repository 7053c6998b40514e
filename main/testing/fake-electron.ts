/**
 * A stand-in for the 'electron' module in unit tests (the binary cannot run
 * here). It records what the main process asks Electron to do and lets a test
 * fire the events an attacker could trigger: navigations, window.open,
 * IPC calls from arbitrary frames. Use with:
 *   vi.mock('electron', () => import('../testing/fake-electron').then((m) => m.electronModule))
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

export class FakeSession {
  permissionRequest?: (wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void
  permissionCheck?: (wc: unknown, permission: string, origin: string) => boolean
  headersReceived?: (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    cb: (r: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void
  ) => void
  setPermissionRequestHandler = vi.fn((h: FakeSession['permissionRequest']) => void (this.permissionRequest = h))
  setPermissionCheckHandler = vi.fn((h: FakeSession['permissionCheck']) => void (this.permissionCheck = h))
  webRequest = { onHeadersReceived: vi.fn((h: FakeSession['headersReceived']) => void (this.headersReceived = h)) }
  setProxy = vi.fn(async (_config: unknown) => undefined)
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (d: { url: string }) => { action: string }
  url = ''
  setWindowOpenHandler = vi.fn((h: FakeWebContents['windowOpenHandler']) => void (this.windowOpenHandler = h))
  send = vi.fn()
  getURL = () => this.url
  printToPDF = vi.fn(async () => new Uint8Array([0x25, 0x50, 0x44, 0x46]))
  print = vi.fn((_opts: unknown, cb: (success: boolean, reason: string) => void) => cb(true, ''))
  isLoading = vi.fn(() => false)
  reload = vi.fn()
  /** Fires a navigation-type event; returns true when the shell blocked it. */
  attempt(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate' | 'will-attach-webview', url = ''): boolean {
    let prevented = false
    this.emit(event, { url, preventDefault: () => (prevented = true) }, url)
    return prevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  /** Called with each new window before the code under test uses it (to script its behaviour). */
  static onCreate: ((w: FakeBrowserWindow) => void) | undefined
  webContents = new FakeWebContents()
  loadURL = vi.fn(async (url: string) => void (this.webContents.url = url))
  loadFile = vi.fn(async (path: string) => void (this.webContents.url = `file://${path}`))
  destroy = vi.fn()
  show = vi.fn()
  hide = vi.fn()
  focus = vi.fn()
  restore = vi.fn()
  flashFrame = vi.fn()
  isDestroyed = () => false
  isMinimized = () => false
  isFocused = () => false
  getTitle = () => '清风协同办公'
  constructor(public options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
    FakeBrowserWindow.onCreate?.(this)
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = []
  static isSupported = vi.fn(() => true)
  show = vi.fn()
  constructor(public options: { title: string; body: string }) {
    super()
    FakeNotification.instances.push(this)
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  setToolTip = vi.fn()
  setContextMenu = vi.fn()
  constructor(public image: unknown) {
    super()
    FakeTray.instances.push(this)
  }
}

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

function makeApp() {
  const app = new EventEmitter() as EventEmitter & Record<string, any>
  Object.assign(app, {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getLocale: vi.fn(() => 'zh-CN'),
    getVersion: vi.fn(() => '0.1.0'),
    setBadgeCount: vi.fn(() => true),
    setAsDefaultProtocolClient: vi.fn(() => true)
  })
  return app
}

export const ipcHandlers = new Map<string, Handler>()
/** protocol.handle() registrations, by scheme. */
export const protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>()
export const defaultSession = new FakeSession()
/** session.fromPartition('electron-updater'): where electron-updater downloads. */
export const updaterSession = new FakeSession()

export const electronModule = {
  app: makeApp(),
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  Tray: FakeTray,
  nativeImage: { createFromPath: vi.fn((p: string) => ({ path: p })) },
  net: {
    fetch: vi.fn(
      async (_url: string, _init?: unknown): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }> => ({
        ok: false,
        status: 404,
        json: async () => ({})
      })
    )
  },
  ipcMain: {
    handle: vi.fn((channel: string, h: Handler) => void ipcHandlers.set(channel, h)),
    removeHandler: vi.fn((channel: string) => void ipcHandlers.delete(channel))
  },
  session: { defaultSession, fromPartition: vi.fn((_name: string, _opts?: unknown) => updaterSession) },
  protocol: {
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, h: (request: { url: string; method: string }) => Promise<Response>) => void protocolHandlers.set(scheme, h))
  },
  shell: { openExternal: vi.fn(async () => undefined) },
  dialog: {
    showSaveDialog: vi.fn(async () => ({ canceled: true })),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    showErrorBox: vi.fn()
  },
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    encryptString: vi.fn((s: string) => Buffer.from(`enc:${s}`)),
    decryptString: vi.fn((b: Buffer) => b.toString().replace(/^enc:/, '')),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret')
  },
  Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() }
}

/** An IPC event as Electron would build it for a call from `frameUrl` in `sender`. */
export function ipcEvent(sender: unknown, frameUrl: string, opts: { subframe?: boolean } = {}) {
  return { sender, senderFrame: { url: frameUrl, parent: opts.subframe ? {} : null } }
}

/** Back to a just-launched Electron: no windows, handlers, listeners or call history. */
export function resetFake(): void {
  vi.resetAllMocks() // restores each vi.fn to the implementation it was created with
  FakeBrowserWindow.instances.length = 0
  FakeBrowserWindow.onCreate = undefined
  FakeNotification.instances.length = 0
  FakeTray.instances.length = 0
  ipcHandlers.clear()
  protocolHandlers.clear()
  electronModule.app.removeAllListeners()
  delete defaultSession.permissionRequest
  delete defaultSession.permissionCheck
  delete defaultSession.headersReceived
}
