/**
 * Reviewers (纪委监委) read a record's trail and the record "as it was at T".
 * Everyone else gets 403. Reads are themselves on the audit trail.
 */
import * as Y from 'yjs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hasRole } from '../../domain/directory'
import { KINDS } from '../../domain/kinds'
import type { EventLog } from '../rooms/event-log'
import type { TokenService } from '../auth/tokens'
import type { DirectoryService } from '../directory'
import { apiError, bearer, sendJson } from './util'

interface Deps {
  log: EventLog
  tokens: TokenService
  directory: () => DirectoryService
  clock: () => number
}

export function auditRoutes(deps: Deps) {
  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
    const check = deps.tokens.verify(bearer(req), 'access', deps.clock())
    if (!check.ok) return apiError(res, 401, 'UNAUTHORIZED', '请先登录', { reason: check.code })
    const actor = deps.directory().actor(check.payload.sub)
    if (!actor || !hasRole(actor, 'reviewer')) return apiError(res, 403, 'FORBIDDEN', '只有纪委监委可以查看审计记录')
    const room = url.searchParams.get('room') ?? ''
    if (!KINDS.parse(room)) return apiError(res, 400, 'BAD_ROOM', '记录编号无效')
    const action = url.pathname.slice('/api/audit/'.length)
    if (action === 'trail') {
      const v = await deps.log.verify(room)
      const rows = (await deps.log.trail(room)).map(({ update, ...r }) => ({ ...r, bytes: update?.length ?? 0, who: deps.directory().label(r.userId) }))
      return sendJson(res, 200, { room, verified: v.ok, firstBad: v.firstBad, records: rows })
    }
    if (action === 'replay') {
      const at = Number(url.searchParams.get('at'))
      if (!Number.isFinite(at)) return apiError(res, 400, 'BAD_TIME', '时间无效')
      const doc = new Y.Doc()
      const updates = await deps.log.readRoom(room, at)
      if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates))
      // Each record kind says what its replay shows; other rooms have no record to show.
      const view = KINDS.kindOf(room)?.replay?.(doc) ?? { meta: null, events: [], state: null }
      return sendJson(res, 200, { room, at, ...view })
    }
    return apiError(res, 404, 'NOT_FOUND', '接口不存在')
  }
}
