/**
 * GET /api/archive/search?q=&year=&kind=  (归档查询): archived records the signed-in person may
 * read (the kind registry's access rule, as for opening the room), newest first.
 * GET /api/archive/record?room=  one archived record's search row, or 404 (also when not entitled).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Actor } from '@domain/directory'
import type { Access } from '@domain/kinds'
import type { TokenService } from '../auth/tokens'
import type { DirectoryService } from '../directory'
import { apiError, bearer, sendJson } from '../http/util'
import type { Archive } from './archive'

interface Deps {
  archive: Archive
  tokens: TokenService
  directory: () => DirectoryService
  access: (actor: Actor, room: string) => Access
  clock: () => number
}

const YEAR = /^\d{4}$/
const KIND = /^[a-z-]{1,20}$/

export function archiveRoutes(deps: Deps) {
  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
    const check = deps.tokens.verify(bearer(req), 'access', deps.clock())
    if (!check.ok) return apiError(res, 401, 'UNAUTHORIZED', '请先登录', { reason: check.code })
    const actor = deps.directory().actor(check.payload.sub)
    if (!actor) return apiError(res, 403, 'FORBIDDEN', '账号无效')
    const action = url.pathname.slice('/api/archive/'.length)
    if (action === 'search') {
      const q = (url.searchParams.get('q') ?? '').trim()
      const year = url.searchParams.get('year') ?? ''
      const kind = url.searchParams.get('kind') ?? ''
      if (q.length > 100 || (year && !YEAR.test(year)) || (kind && !KIND.test(kind)))
        return apiError(res, 400, 'BAD_QUERY', '查询条件无效（关键字不超过100字，年份为四位数字）')
      const items = deps.archive.search({ q: q || undefined, year: year || undefined, kind: kind || undefined }, (room) => deps.access(actor, room))
      return sendJson(res, 200, { items })
    }
    if (action === 'record') {
      const room = url.searchParams.get('room') ?? ''
      const row = room.length <= 200 ? deps.archive.get(room) : undefined
      if (!row || deps.access(actor, room) === 'none') return apiError(res, 404, 'NOT_ARCHIVED', '没有该归档记录')
      return sendJson(res, 200, { item: row })
    }
    return apiError(res, 404, 'NOT_FOUND', '接口不存在')
  }
}
