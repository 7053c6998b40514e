/**
 * Which URLs may leave the app. Only absolute http(s) URLs with a host; no
 * credentials smuggled in the authority ("http://trusted@evil"), nothing that
 * a browser would interpret as script or file access.
 */
export function isSafeExternalUrl(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return false
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return false
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return false
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false
  if (!u.hostname || u.username || u.password) return false
  return true
}
