/**
 * The desktop shell loads the client from app://qingfeng (so it opens with no
 * network) and calls the server cross-origin; browsers get the client from
 * the server itself (same origin). Only these origins may call the API from a
 * page; WebSockets from any other page origin are refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const DESKTOP_ORIGIN = 'app://qingfeng'

export function isAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin
  if (!origin) return true // not a browser page (CLI, Node client): the token decides
  if (allowed.includes(origin)) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

/** Adds CORS headers for allowed cross-origin callers; answers preflights. Returns true when the request is finished. */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin && allowed.includes(origin)) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('vary', 'origin')
    res.setHeader('access-control-allow-headers', 'content-type, authorization')
    res.setHeader('access-control-allow-methods', 'GET, POST')
    res.setHeader('access-control-max-age', '600')
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(origin && allowed.includes(origin) ? 204 : 403)
    res.end()
    return true
  }
  return false
}

/** Names a browser may use to reach this server when none are configured (development on one machine). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1']

/**
 * The Host header must be one of the configured server names (port ignored).
 * Without this, a hostile site whose DNS name is re-pointed at this server
 * (DNS rebinding) would pass the same-origin check in `isAllowedOrigin`.
 */
export function isAllowedHost(req: IncomingMessage, serverNames: readonly string[]): boolean {
  const host = req.headers.host
  if (!host) return false
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]
  return serverNames.includes(name.toLowerCase())
}
