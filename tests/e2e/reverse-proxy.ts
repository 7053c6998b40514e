/**
 * A county's reverse proxy in miniature: publishes the collab server under a
 * path prefix (https://oa.gov.example/qingfeng/ → the server's /), for HTTP
 * and WebSocket upgrades, keeping the Host header as nginx's
 * `proxy_set_header Host $host` does. Anything outside the prefix is a 404,
 * so a client that drops the prefix fails visibly.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface ReverseProxy {
  /** e.g. http://127.0.0.2:41234 (the test maps a name onto it). */
  port: number
  /** Every path the proxy received, in order ("GET /qingfeng/api/health", "UPGRADE /qingfeng/ws/…"). */
  seen: string[]
  close(): Promise<void>
}

export async function startReverseProxy(opts: { target: string; prefix: string; host: string }): Promise<ReverseProxy> {
  const target = new URL(opts.target)
  const prefix = opts.prefix.replace(/\/+$/, '')
  const seen: string[] = []
  const strip = (url: string | undefined): string | null => {
    if (!url || !url.startsWith(`${prefix}/`)) return null
    return url.slice(prefix.length) || '/'
  }
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    const path = strip(req.url)
    if (path === null) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      return void res.end('not under the prefix')
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (up: IncomingMessage) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(upstream)
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('upgrade', (req, client: Socket, head) => {
    seen.push(`UPGRADE ${req.url}`)
    const path = strip(req.url)
    if (path === null) return client.destroy()
    const up = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${path} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      up.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length) up.write(head)
      up.pipe(client)
      client.pipe(up)
    })
    sockets.add(up)
    up.on('close', () => sockets.delete(up))
    const end = () => {
      up.destroy()
      client.destroy()
    }
    up.on('error', end)
    client.on('error', end)
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(0, opts.host, () => ok())
  })
  return {
    port: (server.address() as { port: number }).port,
    seen,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((ok) => server.close(() => ok()))
    }
  }
}
