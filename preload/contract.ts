/**
 * The one contract between the renderer and the desktop shell.
 *
 * The renderer never touches Electron: it depends on this interface. Two
 * implementations exist — preload/index.ts (Electron, over IPC, one named
 * function per capability) and renderer/src/platform/browser.ts (plain
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
  /** Base URL of the collab server, e.g. "http://127.0.0.1:4455". */
  serverUrl: string
  /** 'electron' when running inside the desktop shell, 'browser' otherwise. */
  shell: 'electron' | 'browser'
  locale: 'zh-CN' | 'en-US'
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
  /** Subscribe to notification clicks; returns an unsubscribe function. */
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
  | 'INTERNAL'

export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; code: ErrorCode; message: string }
export type Result<T> = Ok<T> | Err
