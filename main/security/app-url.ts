/**
 * "Our app" is exactly one web origin (see main/config.ts for which one).
 * Navigation, permissions, CSP injection and IPC sender checks all ask this
 * one question, so they cannot disagree about it.
 */
export function isAppUrl(raw: unknown, appOrigin: string): boolean {
  if (typeof raw !== 'string') return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  // Credentials in an app URL are never ours; refusing them keeps
  // "http://127.0.0.1:4455@evil" style tricks out of every check at once.
  if (url.username !== '' || url.password !== '') return false
  return url.origin === appOrigin
}
