import type { Session, WebContents } from 'electron'
import { isAppUrl } from './app-url'
import { withCsp } from './csp'
import { isTrustedHttpUrl } from './trusted-url'

export interface HardenOptions {
  appOrigin: string
  /** Called for http(s) links the page tried to open in a new window. */
  openExternal: (url: string) => void
  log?: (msg: string) => void
}

const hardened = new WeakSet<object>()

/**
 * Applied to every webContents (main window and anything else Electron
 * creates): no new windows, no navigation away from the app, no <webview>.
 * Idempotent, because both window creation and app-wide
 * 'web-contents-created' call it.
 */
export function hardenWebContents(contents: WebContents, opts: HardenOptions): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  const log = opts.log ?? console.warn

  contents.setWindowOpenHandler(({ url }) => {
    // target=_blank links to the web go to the user's browser, after the same
    // check as the openExternal IPC; nothing ever opens inside the shell.
    if (isTrustedHttpUrl(url) && !isAppUrl(url, opts.appOrigin)) opts.openExternal(url)
    else log(`[guard] window.open denied: ${url.slice(0, 200)}`)
    return { action: 'deny' }
  })

  const stayInApp = (event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? ''
    if (!isAppUrl(url, opts.appOrigin)) {
      event.preventDefault()
      log(`[guard] navigation denied: ${url.slice(0, 200)}`)
    }
  }
  contents.on('will-navigate', stayInApp)
  contents.on('will-redirect', stayInApp)
  contents.on('will-frame-navigate', stayInApp)

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('[guard] <webview> denied')
  })
}

export interface SessionOptions {
  appOrigin: string
  /** A getter when the policy follows the configured server (main/settings.ts). */
  csp: string | (() => string)
}

/**
 * Per-session rules: only our app may ask for anything, and the only thing it
 * may get is notifications; app responses carry our CSP.
 */
export function hardenSession(session: Session, opts: SessionOptions): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permission === 'notifications' && isAppUrl(details.requestingUrl, opts.appOrigin))
  })
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => {
    return permission === 'notifications' && isAppUrl(requestingOrigin, opts.appOrigin)
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, opts.appOrigin)) return callback({})
    callback({ responseHeaders: withCsp(details.responseHeaders, typeof opts.csp === 'function' ? opts.csp() : opts.csp) })
  })
}
