/**
 * The app:// scheme that serves the built renderer from disk, so the window
 * opens with no network at all (see main/config.ts for the decision).
 *
 * Everything with a decision in it is here and free of Electron: which file a
 * URL maps to (and which URLs are refused), its MIME type, and the response
 * headers. main/app.ts only registers the scheme and hands this handler to
 * protocol.handle().
 */
import type { CustomScheme } from 'electron'
import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'qingfeng'
/** A real, fixed origin: IndexedDB, CSP 'self' and the IPC sender check key on it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Must be registered before app 'ready'. standard: parsed like http (host,
 * path, relative URLs) and given a real origin, which IndexedDB needs;
 * secure: a secure context (crypto.subtle, no mixed-content downgrade);
 * supportFetchAPI + corsEnabled: module scripts and fetch() work on it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }
}

const INDEX = 'index.html'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm'
}

/** Content-Type for a file we serve; unknown types are never sniffed (nosniff). */
export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

export type AppPathDecision =
  /** Serve `file`; when it does not exist and `spaFallback` is set, serve index.html instead. */
  { ok: true; file: string; spaFallback: boolean } | { ok: false; status: 400 | 403 | 404; reason: string }

// Windows device names open a device, not a file, wherever they appear.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?$/i

/**
 * Maps an app:// URL to a file under `rootDir`, or refuses it. Pure: no I/O.
 *
 * Chromium hands us canonical URLs, but the check does not rely on that:
 * every path segment is percent-decoded on its own and refused if it could
 * leave the folder or name something other than a plain file name — "..",
 * dot-files, encoded "/" (%2f) or "\" (%5c), ":" (drive letters, NTFS
 * streams), control characters, Windows device names. The joined path must
 * then still lie inside `rootDir`.
 */
export function resolveAppPath(rawUrl: string, rootDir: string): AppPathDecision {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return { ok: false, status: 400, reason: 'unparseable URL' }
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 404, reason: `not ${APP_ORIGIN}` }
  }

  const segments: string[] = []
  for (const raw of url.pathname.split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' }
    }
    if (!isPlainName(segment)) return { ok: false, status: 403, reason: `refused path segment ${JSON.stringify(raw)}` }
    segments.push(segment)
  }

  const root = resolve(rootDir)
  const file = resolve(root, ...(segments.length === 0 ? [INDEX] : segments))
  if (!file.startsWith(root + sep)) return { ok: false, status: 403, reason: 'outside the renderer folder' }
  // Routes ("/tasks/abc") fall back to the SPA; a missing asset ("/assets/x.js")
  // is a 404, not an HTML page the browser would then refuse as a script.
  const ext = extname(file).toLowerCase()
  return { ok: true, file, spaFallback: ext === '' || ext === '.html' }
}

function isPlainName(segment: string): boolean {
  if (segment.startsWith('.')) return false // ".", "..", and dot-files
  if (/[/\\:\u0000-\u001f\u007f]/.test(segment)) return false
  return !WINDOWS_DEVICE.test(segment)
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rendererDir: string
  /** Content-Security-Policy sent with every response (main/security/csp.ts); a getter when it follows the configured server. */
  csp: string | (() => string)
  log?: (msg: string) => void
}

/** The parts of a fetch Request the handler reads. */
export interface AppRequest {
  url: string
  method: string
}

/**
 * The protocol.handle('app', …) handler. Only GET/HEAD; every response,
 * errors included, carries the CSP and nosniff.
 */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  const log = opts.log ?? console.warn
  const headers = (contentType: string, extra: Record<string, string> = {}) => ({
    'Content-Type': contentType,
    'Content-Security-Policy': typeof opts.csp === 'function' ? opts.csp() : opts.csp,
    'X-Content-Type-Options': 'nosniff',
    ...extra
  })
  const text = (status: number, body: string, extra?: Record<string, string>) =>
    new Response(body, { status, headers: headers('text/plain; charset=utf-8', extra) })

  return async (request) => {
    const head = request.method === 'HEAD'
    if (request.method !== 'GET' && !head) return text(405, 'Method Not Allowed', { Allow: 'GET, HEAD' })

    const decision = resolveAppPath(request.url, opts.rendererDir)
    if (!decision.ok) {
      log(`[app://] ${decision.status} ${decision.reason}: ${request.url.slice(0, 200)}`)
      return text(decision.status, decision.status === 403 ? 'Forbidden' : decision.status === 400 ? 'Bad Request' : 'Not Found')
    }

    const index = resolve(opts.rendererDir, INDEX)
    let path = decision.file
    let body = await readIfFile(path)
    if (!body && decision.spaFallback && path !== index) {
      path = index
      body = await readIfFile(path)
    }
    if (!body && path === index) {
      log(`[app://] renderer files missing in ${opts.rendererDir}`)
      return new Response(head ? null : rendererMissingPage(), { status: 500, headers: headers(MIME['.html']) })
    }
    if (!body) return text(404, 'Not Found')
    return new Response(head ? null : body, { status: 200, headers: headers(mimeType(path)) })
  }
}

async function readIfFile(path: string): Promise<Uint8Array | null> {
  try {
    if (!(await stat(path)).isFile()) return null
    return new Uint8Array(await readFile(path))
  } catch {
    return null
  }
}

/** Shown only when the installation lacks the renderer build: a broken install, not a network problem. */
function rendererMissingPage(): string {
  return `<!doctype html><meta charset="utf-8"><title>清风协同办公</title>
<body style="font-family:sans-serif;padding:48px;color:#333">
<h2>清风协同办公</h2><p>程序文件不完整（缺少界面文件），请重新安装或联系管理员。</p>
<p style="color:#888">The application files are incomplete (renderer missing). Please reinstall.</p></body>`
}
