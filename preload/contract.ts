/**
 * The one contract between the renderer and the desktop shell.
 *
 * The renderer never touches Electron: it depends on this interface. Two
 * implementations exist — preload/index.ts (Electron, over IPC, one named
 * function per capability) and renderer/src/core/platform/browser.ts (plain
 * browser: Web Notifications, document.title badge, localStorage).
 * Type-only: safe to import from both node and web code.
 */
export interface DesktopNotification {
  title: string
  body: string
  /** Opaque route the app navigates to when the user clicks it, e.g. "/tasks/abc". */
  route?: string
}

export interface DesktopConfig {
  /**
   * Base URL of the collab server, path prefix kept, no trailing slash, e.g.
   * "http://127.0.0.1:4455" or "https://oa.gov.example/qingfeng". Build
   * request URLs from it only with preload/server-url.ts. null: no server has
   * been set yet, the first-run screen asks for one.
   */
  serverUrl: string | null
  /** 'electron' when running inside the desktop shell, 'browser' otherwise. */
  shell: 'electron' | 'browser'
  locale: 'zh-CN' | 'en-US'
  /** Where the address came from: QF_SERVER_URL, the user's or the machine's config file, the developer default. */
  serverSource: 'env' | 'user' | 'machine' | 'default' | 'none' | 'page'
  /** False when the machine's config locks the address (or QF_SERVER_URL forces it). */
  serverEditable: boolean
  /** False when tokens cannot be stored safely (no OS keyring): only a session-only sign-in is possible. */
  secureStorage: boolean
}

/** The county the server serves, from its directory data (GET /api/health, docs/protocol.md). */
export interface CountyInfo {
  /** e.g. "某某县" */
  name: string
  /** e.g. "某某" */
  shortName?: string
  /** Issuing organs: full name, 发文机关标志, short name used in document numbers. */
  issuers?: Array<{ id: string; name: string; mark: string; short?: string }>
}

export type ServerCheck =
  | { ok: true; serverUrl: string; county: CountyInfo | null; serverTime: number }
  | {
      ok: false
      /** INVALID_URL: not an http(s) address; UNREACHABLE: no answer; NOT_QINGFENG: something answered, not our server. */
      code: 'INVALID_URL' | 'UNREACHABLE' | 'NOT_QINGFENG'
      /** For INVALID_URL: what is wrong with it (preload/server-url.ts). */
      problem?: string
      message: string
    }

export type ProxySetting = { mode: 'system' } | { mode: 'direct' } | { mode: 'fixed'; rules: string; bypass?: string }

export interface DesktopSettings {
  /** Closing the window keeps the app in the tray (shell only). */
  closeToTray: boolean
  proxy: ProxySetting
  /** Whether this shell has a tray, a proxy and updates at all (false in a browser). */
  native: boolean
}

export interface DesktopApi {
  getConfig(): Promise<DesktopConfig>
  notify(n: DesktopNotification): Promise<void>
  /** Count of items needing action; 0 clears the badge. */
  setBadgeCount(count: number): Promise<void>
  /** Secure token storage (Electron safeStorage in the shell). Keys are short ASCII names. */
  secretGet(key: string): Promise<string | null>
  secretSet(key: string, value: string): Promise<void>
  secretDelete(key: string): Promise<void>
  /** Opens an http(s) URL in the system browser; anything else is refused. */
  openExternal(url: string): Promise<boolean>
  /** Saves text (CSV etc.) or bytes (a downloaded attachment) to a file the user chooses. Returns false when cancelled. */
  saveFile(suggestedName: string, content: string | Uint8Array, mime: string): Promise<boolean>
  /** Prints the current view (PDF export in the shell). */
  printPage(): Promise<void>
  /** Prints the current view through the system print dialog (paper printers). */
  printDialog(): Promise<void>
  /**
   * A self-contained HTML page (a 公文's GB/T 9704 printout) to PDF, laid out by the page's own
   * @page rules with no script running, saved where the user chooses. Shell only: a browser
   * answers false and the caller prints with the browser's dialog. False also when cancelled.
   */
  exportPdf(html: string, suggestedName: string): Promise<boolean>
  /** Asks `url`'s /api/health whether a 清风 server answers there, and which county it serves. Never rejects. */
  checkServer(url: string): Promise<ServerCheck>
  /** Saves the server address for this user; the shell then reloads. Rejects with CONFIG_LOCKED or INVALID_ARGUMENT. */
  setServerUrl(url: string): Promise<void>
  getSettings(): Promise<DesktopSettings>
  setSettings(patch: { closeToTray?: boolean; proxy?: ProxySetting }): Promise<void>
  /** Subscribe to notification clicks, tray and qingfeng:// deep links; returns an unsubscribe function. */
  onNavigate(handler: (route: string) => void): () => void
}

/** IPC channel names: the whole list the main process listens on. */
export const IPC_CHANNELS = {
  getConfig: 'qf:get-config',
  notify: 'qf:notify',
  setBadgeCount: 'qf:set-badge-count',
  secretGet: 'qf:secret-get',
  secretSet: 'qf:secret-set',
  secretDelete: 'qf:secret-delete',
  openExternal: 'qf:open-external',
  saveFile: 'qf:save-file',
  printPage: 'qf:print-page',
  printDialog: 'qf:print-dialog',
  exportPdf: 'qf:export-pdf',
  checkServer: 'qf:check-server',
  setServerUrl: 'qf:set-server-url',
  getSettings: 'qf:get-settings',
  setSettings: 'qf:set-settings',
  navigate: 'qf:navigate'
} as const

declare global {
  interface Window {
    qingfeng?: DesktopApi
  }
}

/**
 * What every IPC handler answers (main/result.ts builds these): errors cross the
 * boundary as values with a stable code. Here, in the contract, so the preload
 * needs nothing from main/.
 */
export type ErrorCode =
  | 'FORBIDDEN_SENDER'
  | 'INVALID_ARGUMENT'
  | 'ENCRYPTION_UNAVAILABLE'
  | 'SECRET_UNREADABLE'
  | 'STORAGE_FAILED'
  | 'NOT_SUPPORTED'
  | 'NO_WINDOW'
  | 'WRITE_FAILED'
  | 'PRINT_FAILED'
  | 'INVALID_CONFIG'
  | 'CONFIG_LOCKED'
  | 'INTERNAL'

export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; code: ErrorCode; message: string }
export type Result<T> = Ok<T> | Err
