/**
 * The one place that turns "the server address" into request URLs, for HTTP
 * and WebSocket alike. Pure (no DOM, no Node): used by the shell (config,
 * CSP, update feed) and by the renderer (API calls, y-websocket).
 *
 * A county may publish the collab server under a path prefix behind its
 * reverse proxy, e.g. https://oa.gov.example/qingfeng/. Every URL keeps that
 * prefix: `new URL('/api/x', base)` would drop it, so nothing else in the code
 * may build server URLs by hand (docs/desktop.md, "Server address").
 */

export type ServerUrlProblem = 'EMPTY' | 'NO_SCHEME' | 'BAD_SCHEME' | 'CREDENTIALS' | 'QUERY' | 'INVALID'

export type ParsedServerUrl = { ok: true; base: string } | { ok: false; problem: ServerUrlProblem }

const SCHEMES: Record<string, string> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' }

/**
 * Canonical base of a server address: http(s), lower-case host, the path
 * prefix kept, no trailing slash ("https://oa.gov.example/qingfeng").
 * ws(s):// addresses are accepted and mean the same server over http(s).
 */
export function parseServerUrl(raw: unknown): ParsedServerUrl {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, problem: 'EMPTY' }
  const text = raw.trim()
  if (text.length > 2048 || /[\u0000-\u001f\u007f\s\\]/.test(text)) return { ok: false, problem: 'INVALID' }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { ok: false, problem: 'NO_SCHEME' }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, problem: 'INVALID' }
  }
  const scheme = SCHEMES[url.protocol]
  if (!scheme) return { ok: false, problem: 'BAD_SCHEME' }
  if (!url.hostname) return { ok: false, problem: 'INVALID' }
  if (url.username || url.password) return { ok: false, problem: 'CREDENTIALS' }
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return { ok: false, problem: 'QUERY' }
  // Re-parse under the http(s) scheme so the default port is dropped for it ("https://h:443" → "https://h").
  const http = new URL(`${scheme}//${url.host}${url.pathname}`)
  const path = http.pathname.replace(/\/+$/, '')
  return { ok: true, base: `${http.origin}${path}` }
}

/** Like parseServerUrl, for addresses already validated (configuration, tests): throws on a bad one. */
export function serverBase(raw: string): string {
  const p = parseServerUrl(raw)
  if (!p.ok) throw new Error(`invalid server address (${p.problem}): ${raw}`)
  return p.base
}

function join(base: string, path: string): URL {
  const root = new URL(`${serverBase(base)}/`)
  return new URL(path.replace(/^\/+/, ''), root)
}

/** An HTTP URL on the server: httpUrl('https://h/qingfeng', '/api/login') → 'https://h/qingfeng/api/login'. Query strings in `path` are kept. */
export function httpUrl(base: string, path: string): string {
  return join(base, path).href
}

/** The same for WebSockets: wsUrl('https://h/qingfeng', 'ws') → 'wss://h/qingfeng/ws'. */
export function wsUrl(base: string, path: string): string {
  const u = join(base, path)
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:'
  return u.href
}

/** The origins a page must be allowed to connect to for this server (CSP connect-src): http(s) and ws(s). */
export function connectOrigins(base: string): string[] {
  const u = new URL(`${serverBase(base)}/`)
  const ws = u.protocol === 'https:' ? 'wss:' : 'ws:'
  return [u.origin, `${ws}//${u.host}`]
}
