/**
 * DesktopApi for a plain browser: the same renderer runs without Electron
 * (architecture.md, "The desktop shell"). Globals are injected so the pure
 * behaviour (URL refusal, secret prefix, badge title) is testable in Node.
 */
import type { DesktopApi, DesktopConfig, DesktopNotification } from '../../../preload/contract'
import { isSafeExternalUrl } from './urls'

export const SECRET_PREFIX = 'qf.secret.'
const TITLE_BADGE = /^\(\d+\) /

export interface BrowserGlobals {
  location: { origin: string; hash: string }
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
    download: blobDownload
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

  return {
    async getConfig(): Promise<DesktopConfig> {
      return {
        serverUrl: g.location.origin,
        shell: 'browser',
        locale: g.navigatorLanguage.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN'
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
      return g.localStorage.getItem(SECRET_PREFIX + key)
    },
    async secretSet(key, value) {
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
    onNavigate(handler) {
      navHandlers.add(handler)
      return () => navHandlers.delete(handler)
    }
  }
}
