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
