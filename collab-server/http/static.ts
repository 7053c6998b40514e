/** Serves the built renderer (out/renderer) so a plain browser can run the client. */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf'
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (!existsSync(join(root, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('客户端尚未构建 — renderer not built: run `npm run build:renderer`')
    return
  }
  let path: string
  try {
    path = decodeURIComponent((req.url ?? '/').split('?')[0])
  } catch {
    // A malformed percent-escape (`/%E0%A4%A`) is the client's mistake, not the server's.
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
    return void res.end('请求路径无效 — bad path')
  }
  let file = normalize(join(root, path))
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(400)
    return void res.end()
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  res.writeHead(200, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600'
  })
  createReadStream(file).pipe(res)
}
