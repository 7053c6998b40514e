import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_ERROR, MAX_JSON_BODY } from '@domain/wire'

export { MAX_JSON_BODY }

/** A request the server answers with a JSON error instead of handling it (the HTTP handler catches it). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** A body this much over the limit is not even drained: the connection is cut. */
const DRAIN_LIMIT = 64 * MAX_JSON_BODY

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
  res.end(data)
}

export const apiError = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  sendJson(res, status, { code, message, ...extra })

/**
 * Reads a small JSON body; null when it is not JSON (the caller answers 400).
 * A body over the limit rejects with HttpError 413 once it has been drained,
 * so the client reads the JSON error instead of a reset connection.
 */
export function readJson(req: IncomingMessage): Promise<unknown | null> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, API_ERROR.BODY_TOO_LARGE, `请求内容不能超过${MAX_JSON_BODY / 1024}KB`)
    const declared = Number(req.headers['content-length'] ?? NaN)
    let size = 0
    let over = Number.isFinite(declared) && declared > MAX_JSON_BODY
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_JSON_BODY) over = true
      if (over) {
        chunks.length = 0
        if (size > DRAIN_LIMIT) req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      if (over) return reject(tooLarge())
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch {
        resolve(null)
      }
    })
    req.on('error', () => (over ? reject(tooLarge()) : resolve(null)))
  })
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined
}

export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown'
}
