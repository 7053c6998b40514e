/**
 * The trail of administrative changes (room `admin` of the audit log), for
 * the 审计管理员 (docs/decisions.md, "Separation of administrative duties").
 * Read only: nothing in the API changes or removes a row. A page is one index
 * range on (room, room_seq), so its cost does not grow with the log.
 */
import type { AuthDeps } from '../http/auth-routes'

export interface TrailRow {
  seq: number
  at: number
  userId: string | null
  who: string
  summary: string
}

export function adminTrail(auth: AuthDeps, readerId: string, before: number | undefined, limit = 50): { rows: TrailRow[]; next: number | null } {
  const n = Math.min(Math.max(1, limit), 200)
  const rows = auth.db
    .prepare("SELECT room_seq AS seq, at, user_id, summary FROM audit WHERE room = 'admin' AND room_seq < ? ORDER BY room_seq DESC LIMIT ?")
    .all(before ?? Number.MAX_SAFE_INTEGER, n) as { seq: number; at: number; user_id: string | null; summary: string }[]
  const dir = auth.directory()
  // Reading the trail is itself on the record (on the auth trail, so the admin trail stays a list of changes).
  const reader = dir.person(readerId)
  auth.audit.transaction(() =>
    auth.audit.append({
      room: 'auth',
      kind: 'event',
      userId: readerId,
      unitId: reader?.unitId ?? null,
      at: auth.clock(),
      update: null,
      summary: `查看管理操作日志：${dir.label(readerId)}${before ? `（第${before}条之前）` : ''}`
    })
  )
  return {
    rows: rows.map((r) => ({ seq: r.seq, at: r.at, userId: r.user_id, who: r.user_id ? dir.label(r.user_id) : '', summary: r.summary })),
    next: rows.length === n ? rows[rows.length - 1].seq : null
  }
}
