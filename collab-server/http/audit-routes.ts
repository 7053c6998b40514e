/**
 * Reviewers (纪委监委) read a record's trail and the record "as it was at T".
 * Everyone else gets 403. Reads are themselves on the audit trail.
 *
 * The signed log (docs/protocol.md "the signed log"): the current signed tree
 * head, the public key and consistency proofs are open to every signed-in
 * account — they reveal only sizes and hashes, and every client that keeps
 * heads is one more witness. Inclusion proofs name a record, so they are for
 * reviewers, like the trail.
 */
import * as Y from 'yjs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hasRole } from '@domain/directory'
import { KINDS } from '@domain/kinds'
import type { EventLog } from '../rooms/event-log'
import type { TokenService } from '../auth/tokens'
import type { DirectoryService } from '../directory'
import { apiError, bearer, sendJson } from './util'

interface Deps {
  /** The event-log port: trails, replay, and the signed Merkle log's heads and proofs (docs/protocol.md, "The signed log"). */
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
    if (!actor) return apiError(res, 403, 'FORBIDDEN', '账号无效')
    const action = url.pathname.slice('/api/audit/'.length)
    if (action === 'key' || action === 'head' || action === 'consistency' || action === 'inclusion') {
      const signer = deps.log.signingKey
      if (!signer) return apiError(res, 503, 'NOT_SIGNED', '服务器未配置签名密钥')
      const head = deps.log.signHead(deps.clock()) // on demand: a head covering everything committed
      if (action === 'key') return sendJson(res, 200, { alg: signer.alg, keyId: signer.keyId, publicKey: signer.publicKey, pem: signer.publicKeyPem })
      if (action === 'head') return sendJson(res, 200, { head: head ?? null, keyId: signer.keyId, alg: signer.alg })
      const signedSize = head?.size ?? 0
      const int = (name: string, dflt?: number): number | undefined => {
        const v = url.searchParams.get(name)
        if (v === null || v === '') return dflt
        return /^\d{1,15}$/.test(v) ? Number(v) : undefined
      }
      if (action === 'consistency') {
        const from = int('from')
        const to = int('to', signedSize)
        if (from === undefined || to === undefined || from > to) return apiError(res, 400, 'BAD_SIZE', '树大小无效', { signedSize })
        if (to > signedSize) return apiError(res, 409, 'SIZE_NOT_SIGNED', '该大小尚未签名', { signedSize })
        return sendJson(res, 200, { from, to, root: deps.log.rootAt(to), proof: deps.log.consistency(from, to) })
      }
      if (!hasRole(actor, 'reviewer')) return apiError(res, 403, 'FORBIDDEN', '只有纪委监委可以查看审计记录')
      const seq = int('seq')
      const size = int('size', signedSize)
      if (seq === undefined || size === undefined || seq < 1 || seq > size) return apiError(res, 400, 'BAD_SEQ', '记录序号无效', { signedSize })
      if (size > signedSize) return apiError(res, 409, 'SIZE_NOT_SIGNED', '该大小尚未签名', { signedSize })
      return sendJson(res, 200, { seq, root: deps.log.rootAt(size), ...deps.log.inclusion(seq, size) })
    }
    if (!hasRole(actor, 'reviewer')) return apiError(res, 403, 'FORBIDDEN', '只有纪委监委可以查看审计记录')
    const room = url.searchParams.get('room') ?? ''
    if (!KINDS.parse(room)) return apiError(res, 400, 'BAD_ROOM', '记录编号无效')
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
