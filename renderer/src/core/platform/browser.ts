/**
 * DesktopApi for a plain browser: the same renderer runs without Electron
 * (architecture.md, "The desktop shell"). Globals are injected so the pure
 * behaviour (URL refusal, secret prefix, badge title) is testable in Node.
 */
import type { DesktopApi, DesktopConfig, DesktopNotification } from '@preload/contract'
import { checkServer, type FetchLike } from '@preload/server-check'
import { parseServerUrl } from '@preload/server-url'
import { isSafeExternalUrl } from './urls'

export const SECRET_PREFIX = 'qf.secret.'
/** A server address chosen on the first-run screen of a browser (otherwise: where the page came from). */
export const SERVER_KEY = 'qf.serverUrl'

/**
 * Test hook: an e2e test sets `window.__QF_TEST__` (page.addInitScript) to
 * make this implementation answer as a shell would on a machine without a
 * keyring, or before any server is configured. Never set by the app itself.
 */
export interface BrowserTestHooks {
  /** secretGet/secretSet reject with ENCRYPTION_UNAVAILABLE, as the shell does on a keyring-less Linux desktop. */
  noSecureStorage?: boolean
  /** getConfig answers "no server yet" until the first-run screen saves one. */
  unconfigured?: boolean
}
const TITLE_BADGE = /^\(\d+\) /

export interface BrowserGlobals {
  location: { origin: string; href: string; hash: string; reload(): void }
  document: { title: string }
  localStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  open: (url: string, target: string, features: string) => unknown
  print: () => void
  navigatorLanguage: string
  Notification?: {
    permission: NotificationPermission
    requestPermission(): Promise<NotificationPermission>
    new (title: string, options?: NotificationOptions): { onclick: ((ev: Event) => unknown) | null }
  }
  focus?: () => void
  download?: (name: string, content: string | Uint8Array, mime: string) => void
  fetch?: FetchLike
  testHooks?: BrowserTestHooks
}

function defaultGlobals(): BrowserGlobals {
  return {
    location: window.location,
    document: window.document,
    localStorage: window.localStorage,
    open: (url, target, features) => window.open(url, target, features),
    print: () => window.print(),
    navigatorLanguage: navigator.language,
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
    focus: () => window.focus(),
    download: blobDownload,
    fetch: (url, init) => window.fetch(url, init),
    testHooks: (window as unknown as { __QF_TEST__?: BrowserTestHooks }).__QF_TEST__
  }
}

function blobDownload(name: string, content: string | Uint8Array, mime: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function createBrowserApi(g: BrowserGlobals = defaultGlobals()): DesktopApi {
  const navHandlers = new Set<(route: string) => void>()
  let permission: Promise<NotificationPermission> | null = null

  const askPermission = (): Promise<NotificationPermission> => {
    const N = g.Notification
    if (!N) return Promise.resolve('denied')
    if (N.permission !== 'default') return Promise.resolve(N.permission)
    permission ??= N.requestPermission().catch(() => 'denied' as NotificationPermission)
    return permission
  }

  const hooks = g.testHooks ?? {}
  const noKeyring = () => {
    if (hooks.noSecureStorage) throw new Error('ENCRYPTION_UNAVAILABLE')
  }
  return {
    async getConfig(): Promise<DesktopConfig> {
      const saved = parseServerUrl(g.localStorage.getItem(SERVER_KEY))
      // The server serves this page (at its path prefix, if any): its folder is the server's base.
      const page = parseServerUrl(new URL('./', g.location.href).href)
      const serverUrl = saved.ok ? saved.base : hooks.unconfigured ? null : page.ok ? page.base : g.location.origin
      return {
        serverUrl,
        shell: 'browser',
        locale: g.navigatorLanguage.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN',
        serverSource: saved.ok ? 'user' : serverUrl ? 'page' : 'none',
        serverEditable: true,
        secureStorage: !hooks.noSecureStorage
      }
    },
    async notify(n: DesktopNotification) {
      if ((await askPermission()) !== 'granted' || !g.Notification) return
      const note = new g.Notification(n.title, { body: n.body, tag: n.route })
      note.onclick = () => {
        g.focus?.()
        if (n.route) for (const h of navHandlers) h(n.route)
      }
    },
    async setBadgeCount(count: number) {
      const base = g.document.title.replace(TITLE_BADGE, '')
      const n = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0
      g.document.title = n > 0 ? `(${n}) ${base}` : base
    },
    async secretGet(key) {
      noKeyring()
      return g.localStorage.getItem(SECRET_PREFIX + key)
    },
    async secretSet(key, value) {
      noKeyring()
      g.localStorage.setItem(SECRET_PREFIX + key, value)
    },
    async secretDelete(key) {
      g.localStorage.removeItem(SECRET_PREFIX + key)
    },
    async openExternal(url) {
      if (!isSafeExternalUrl(url)) return false
      g.open(url, '_blank', 'noopener,noreferrer')
      return true
    },
    async saveFile(name, content, mime) {
      if (!g.download) return false
      g.download(name, content, mime)
      return true
    },
    async printPage() {
      g.print()
    },
    async printDialog() {
      g.print()
    },
    // The shell's printToPDF only; the page prints with the browser's dialog instead.
    async exportPdf() {
      return false
    },
    async checkServer(url) {
      if (!g.fetch) return { ok: false, code: 'UNREACHABLE', message: 'fetch unavailable' }
      return checkServer(url, g.fetch)
    },
    async setServerUrl(url) {
      const p = parseServerUrl(url)
      if (!p.ok) throw new Error('INVALID_ARGUMENT')
      // A page can only use the server that serves it (CORS): another address would leave it unable to sign in.
      if (new URL(p.base).origin !== g.location.origin) throw new Error('CROSS_ORIGIN')
      g.localStorage.setItem(SERVER_KEY, p.base)
      g.location.reload()
    },
    async getSettings() {
      return { closeToTray: false, proxy: { mode: 'system' }, native: false }
    },
    async setSettings() {
      // The browser has no tray and uses its own proxy settings.
      throw new Error('NOT_SUPPORTED')
    },
    onNavigate(handler) {
      navHandlers.add(handler)
      return () => navHandlers.delete(handler)
    }
  }
}
