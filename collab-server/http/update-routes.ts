/**
 * The desktop clients' update feed: GET /updates/<file>, served from a
 * folder the county's administrator fills with what `npm run dist` made
 * (installers, *.blockmap, latest.yml / latest-linux.yml /
 * latest-linux-arm64.yml). electron-updater's generic provider reads the
 * yml, downloads the file it names, and refuses it unless its sha512 matches
 * the yml — so the yml is served byte for byte, never rewritten.
 *
 * Stopping a rollout: a file named `paused` in the folder makes every
 * latest*.yml answer "no update" (version 0.0.0, staging 0 %), whatever the
 * clients run; delete it to resume. Percent rollouts use electron-updater's
 * own `stagingPercentage` in the yml. See docs/desktop.md, "Updates".
 */
import { createReadStream, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Logger } from '../logger'
import { apiError } from './util'

export const PAUSED_FLAG = 'paused'

/** Plain artifact names only: no folders, no dot-files, nothing to decode. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/
const CHANNEL_FILE = /^latest(-[a-z0-9]+)*\.yml$/

const TYPES: Record<string, string> = {
  yml: 'text/yaml; charset=utf-8',
  exe: 'application/vnd.microsoft.portable-executable',
  deb: 'application/vnd.debian.binary-package',
  blockmap: 'application/octet-stream',
  AppImage: 'application/octet-stream'
}

/** What a paused feed answers for any channel file: electron-updater reads it as "nothing newer". */
export function pausedChannelFile(now: number): string {
  return `version: 0.0.0\nfiles: []\nstagingPercentage: 0\nreleaseDate: '${new Date(now).toISOString()}'\n`
}

async function fileStat(path: string): Promise<Stats | null> {
  try {
    const s = await stat(path)
    return s.isFile() ? s : null
  } catch {
    return null
  }
}

/** One "bytes=a-b" range (resumed downloads); anything else is served whole. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  let start: number
  let end: number
  if (m[1] === '') {
    const suffix = Number(m[2])
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start > end || start >= size) return 'unsatisfiable'
  return { start, end }
}

export function updateRoutes(deps: { dir: string; logger?: Logger; clock?: () => number }) {
  const now = deps.clock ?? Date.now
  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
    const name = url.pathname.slice('/updates/'.length)
    if (!FILE_NAME.test(name) || name === PAUSED_FLAG) return apiError(res, 404, 'NOT_FOUND', '没有该更新文件')
    const head = req.method === 'HEAD'
    const common = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }
    if (CHANNEL_FILE.test(name) && (await fileStat(join(deps.dir, PAUSED_FLAG)))) {
      const body = pausedChannelFile(now())
      res.writeHead(200, { ...common, 'content-type': TYPES.yml, 'content-length': Buffer.byteLength(body), 'x-qingfeng-updates': 'paused' })
      return void res.end(head ? undefined : body)
    }
    const path = join(deps.dir, name)
    const s = await fileStat(path)
    if (!s) return apiError(res, 404, 'NOT_FOUND', '没有该更新文件')
    const ext = name.slice(name.lastIndexOf('.') + 1)
    const headers = { ...common, 'content-type': TYPES[ext] ?? 'application/octet-stream', 'accept-ranges': 'bytes', 'last-modified': s.mtime.toUTCString() }
    const range = parseRange(req.headers.range, s.size)
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${s.size}` })
      return void res.end()
    }
    const [start, end] = range ? [range.start, range.end] : [0, s.size - 1]
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': s.size === 0 ? 0 : end - start + 1,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${s.size}` } : {})
    })
    if (head || s.size === 0) return void res.end()
    await new Promise<void>((resolve) => {
      const stream = createReadStream(path, { start, end })
      stream.on('error', (e) => {
        deps.logger?.error('update file read failed', { file: name, error: String(e) })
        res.destroy()
        resolve()
      })
      res.on('close', () => {
        stream.destroy()
        resolve()
      })
      stream.pipe(res)
    })
  }
}
