/**
 * qingfeng:// links (from e-mail, the intranet portal, a chat message) open
 * the record in the running window. Only these shapes are accepted; the
 * result is an in-app route, never a URL the window would load.
 *
 *   qingfeng://task/<id>      → /tasks/<id>
 *   qingfeng://document/<id>  → /documents/<id>
 *   qingfeng://notice/<id>    → /notices/<id>
 */
export const DEEP_LINK_SCHEME = 'qingfeng'

const KINDS: Record<string, string> = { task: 'tasks', document: 'documents', notice: 'notices' }
const ID = /^[A-Za-z0-9_-]{1,64}$/

export function deepLinkRoute(raw: unknown): string | null {
  // Dot segments and escapes are normalised away by the parser; a real link has neither.
  if (typeof raw !== 'string' || raw.length > 300 || /%|\.\.|\\/.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port) return null
  // "qingfeng://task/abc" parses with host "task"; also accept "qingfeng:task/abc" and "qingfeng:///task/abc".
  const parts = [url.host, ...url.pathname.split('/')].filter(Boolean)
  if (parts.length !== 2) return null
  const [kind, id] = parts
  const page = KINDS[kind.toLowerCase()]
  return page && ID.test(id) ? `/${page}/${id}` : null
}

/** The deep link among a process's arguments (Windows and Linux pass it on the command line). */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  for (const a of argv) {
    if (typeof a === 'string' && a.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) {
      const route = deepLinkRoute(a)
      if (route) return route
    }
  }
  return null
}
