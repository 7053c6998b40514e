import { APP_SCHEME } from './app-protocol'

/**
 * "Our app" is exactly one origin (see main/config.ts for which one):
 * app://qingfeng in production, the loopback electron-vite server in
 * development. Navigation, permissions, CSP injection and IPC sender checks
 * all ask this one question, so they cannot disagree about it.
 */
export function isAppUrl(raw: unknown, appOrigin: string): boolean {
  if (typeof raw !== 'string') return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  // Credentials in an app URL are never ours; refusing them keeps
  // "app://qingfeng@evil" / "http://127.0.0.1:5173@evil" tricks out of every check at once.
  if (url.username !== '' || url.password !== '') return false
  const origin = originOf(url)
  return origin !== null && origin === appOrigin
}

function originOf(url: URL): string | null {
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin
  // WHATWG URL gives custom schemes an opaque ("null") origin; Chromium, where
  // the scheme is registered as standard, gives it scheme://host. Mirror that,
  // but only for our scheme and only without a port.
  if (url.protocol === `${APP_SCHEME}:` && url.host !== '' && url.port === '') return `${APP_SCHEME}://${url.host}`
  return null
}
