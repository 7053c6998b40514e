/**
 * Attachments travel over HTTP, never through Yjs (size limits on
 * messages). A file is uploaded for one room by someone who may write it, and
 * downloaded only by someone who may read that room; records reference files
 * by SHA-256, and the server refuses references to files not uploaded for that
 * room. Files are always served as downloads, never rendered inline.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { KINDS, type Access } from '@domain/kinds'
import { MAX_FILE_BYTES } from '@domain/wire'
import type { Actor } from '@domain/directory'
import type { AuditLog } from '../audit/log'
import type { TokenService } from '../auth/tokens'
import type { DirectoryService } from '../directory'
import type { DB } from '../store/db'
import { apiError, bearer, sendJson } from './util'

export { MAX_FILE_BYTES }

interface Deps {
  db: DB
  /** The registry's access rule for a room (the server's ACL). */
  access: (actor: Actor, room: string) => Access
  audit: AuditLog
  tokens: TokenService
  directory: () => DirectoryService
  clock: () => number
  dataDir: string
}

export function fileRoutes(deps: Deps) {
  const dir = join(deps.dataDir, 'files')
  mkdirSync(dir, { recursive: true })
  const registered = deps.db.prepare('SELECT name, mime, size FROM files WHERE sha256 = ? AND room = ?')
  const register = deps.db.prepare('INSERT OR IGNORE INTO files(sha256, room, name, mime, size, uploaded_by, at) VALUES (?,?,?,?,?,?,?)')

  const who = (req: IncomingMessage): Actor | null => {
    const c = deps.tokens.verify(bearer(req), 'access', deps.clock())
    return c.ok ? (deps.directory().actor(c.payload.sub) ?? null) : null
  }

  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const actor = who(req)
    if (!actor) return apiError(res, 401, 'UNAUTHORIZED', '请先登录')
    const roomName = url.searchParams.get('room') ?? ''
    // Records take attachments; index, directory and calendar rooms do not.
    if (!KINDS.isRecord(roomName)) return apiError(res, 400, 'BAD_ROOM', '记录编号无效')
    const access = deps.access(actor, roomName)

    if (req.method === 'POST' && url.pathname === '/api/files') {
      if (access !== 'write') return apiError(res, 403, 'FORBIDDEN', '无权为该记录上传附件')
      const name = (url.searchParams.get('name') ?? '').trim()
      if (!name || name.length > 200 || /[\u0000-\u001f/\\]/.test(name)) return apiError(res, 400, 'BAD_NAME', '文件名无效')
      const mime = String(req.headers['content-type'] ?? 'application/octet-stream').slice(0, 100)
      const declared = Number(req.headers['content-length'] ?? NaN)
      if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) return apiError(res, 413, 'TOO_LARGE', `附件不能超过${MAX_FILE_BYTES / 1024 / 1024}MB`)
      const chunks: Buffer[] = []
      let size = 0
      for await (const c of req as AsyncIterable<Buffer>) {
        size += c.length
        if (size > MAX_FILE_BYTES) {
          req.destroy()
          return apiError(res, 413, 'TOO_LARGE', `附件不能超过${MAX_FILE_BYTES / 1024 / 1024}MB`)
        }
        chunks.push(c)
      }
      const body = Buffer.concat(chunks)
      const sha = createHash('sha256').update(body).digest('hex')
      const path = join(dir, sha)
      if (!existsSync(path)) {
        writeFileSync(path + '.part', body)
        renameSync(path + '.part', path)
      }
      const now = deps.clock()
      deps.audit.transaction(() => {
        register.run(sha, roomName, name, mime, body.length, actor.userId, now)
        deps.audit.append({
          room: roomName,
          kind: 'event',
          userId: actor.userId,
          unitId: actor.unitId,
          at: now,
          update: null,
          summary: `${deps.directory().label(actor.userId)} 上传附件《${name}》（${body.length}字节，SHA-256 ${sha.slice(0, 16)}…）`
        })
      })
      return sendJson(res, 200, { id: sha, name, size: body.length, mime })
    }

    const m = /^\/api\/files\/([0-9a-f]{64})$/.exec(url.pathname)
    if (req.method === 'GET' && m) {
      if (access === 'none') return apiError(res, 403, 'FORBIDDEN', '无权查看该记录的附件')
      const row = registered.get(m[1], roomName) as { name: string; mime: string; size: number } | undefined
      if (!row || !existsSync(join(dir, m[1]))) return apiError(res, 404, 'NOT_FOUND', '附件不存在')
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': row.size,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store'
      })
      return void createReadStream(join(dir, m[1])).pipe(res)
    }
    return apiError(res, 404, 'NOT_FOUND', '接口不存在')
  }
}

/** Whether each referenced file was uploaded for this room (the notary refuses dangling or borrowed references). */
export function unknownAttachments(db: DB, room: string, ids: string[]): string[] {
  const q = db.prepare('SELECT 1 FROM files WHERE sha256 = ? AND room = ?')
  return ids.filter((id) => !q.get(id, room))
}

/**
 * Makes files registered for `from` readable through `to` as well: a row per file, the bytes are
 * not copied (they are stored once, by hash). Used when a record's content is handed to readers of
 * another room, e.g. an issued 公文's files for its recipients (domain/document/attachments.ts).
 */
export function shareAttachments(db: DB, from: string, to: string, ids: string[]): void {
  const q = db.prepare(
    'INSERT OR IGNORE INTO files(sha256, room, name, mime, size, uploaded_by, at) SELECT sha256, ?, name, mime, size, uploaded_by, at FROM files WHERE sha256 = ? AND room = ?'
  )
  for (const id of ids) q.run(to, id, from)
}
