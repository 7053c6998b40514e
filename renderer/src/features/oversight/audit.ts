/**
 * The reviewers' audit API (docs/protocol.md, "HTTP"): a record's hash-chained
 * trail and the record "as it was at T". Bearer access token; a 401 renews the
 * token once and retries. Errors come back as values with a code.
 */
import { httpUrl } from '@preload/server-url'
import type { Result } from '@domain/errors'
import { rooms } from '@domain/rooms'
import type { AuditKind, AuditRecord, AuditTrail } from '@domain/wire'
import type { TaskMeta, TaskState } from '@domain/task/types'
import type { OrderedEvent } from '@domain/task/workflow'

export type { AuditKind, AuditRecord, AuditTrail }

export interface AuditReplay {
  room: string
  at: number
  meta: TaskMeta | null
  events: OrderedEvent[]
  state: TaskState | null
}

export type AuditError = { code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'NETWORK' | 'SERVER'; message: string }
export type AuditResult<T> = Result<T, AuditError>

export interface AuditClientDeps {
  serverUrl: string
  token(): string | null
  renew(): Promise<'ok' | 'rejected' | 'offline'>
  fetch?: typeof fetch
}

export function auditClient(deps: AuditClientDeps) {
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))

  async function get<T>(path: string, valid: (v: unknown) => v is T): Promise<AuditResult<T>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let res: Response
      try {
        res = await doFetch(httpUrl(deps.serverUrl, path), {
          headers: { authorization: `Bearer ${deps.token() ?? ''}` },
          signal: AbortSignal.timeout(15_000)
        })
      } catch (e) {
        return { ok: false, error: { code: 'NETWORK', message: String(e) } }
      }
      let body: unknown = null
      try {
        body = await res.json()
      } catch {
        /* not JSON: judged by status below */
      }
      if (res.ok && valid(body)) return { ok: true, value: body }
      const message = typeof (body as { message?: unknown })?.message === 'string' ? (body as { message: string }).message : `HTTP ${res.status}`
      if (res.status === 401) {
        if (attempt === 0 && (await deps.renew()) === 'ok') continue
        return { ok: false, error: { code: 'UNAUTHORIZED', message } }
      }
      if (res.status === 403) return { ok: false, error: { code: 'FORBIDDEN', message } }
      return { ok: false, error: { code: 'SERVER', message } }
    }
    return { ok: false, error: { code: 'UNAUTHORIZED', message: 'HTTP 401' } }
  }

  return {
    trail: (taskId: string) => get(`/api/audit/trail?room=${encodeURIComponent(rooms.task(taskId))}`, isTrail),
    replay: (taskId: string, at: number) => get(`/api/audit/replay?room=${encodeURIComponent(rooms.task(taskId))}&at=${Math.floor(at)}`, isReplay)
  }
}

function isTrail(v: unknown): v is AuditTrail {
  const t = v as AuditTrail
  return !!t && typeof t.verified === 'boolean' && Array.isArray(t.records)
}

function isReplay(v: unknown): v is AuditReplay {
  const r = v as AuditReplay
  return !!r && typeof r.at === 'number' && Array.isArray(r.events) && 'state' in r
}

/** First characters of a hash: enough to compare with a printed copy, short enough for a table. */
export const hashPrefix = (h: string, n = 12) => h.slice(0, n)

export { shanghaiDateTimeSec } from '@renderer/core/i18n/time'

/**
 * A wall-clock time picked on screen ('YYYY-MM-DD HH:mm:ss') is Shanghai time,
 * whatever the machine's zone (domain.md, "Working days in China"). Null when malformed.
 */
export function shanghaiWallClockToMs(wall: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall.trim())
  if (!m) return null
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`)
  return Number.isFinite(ms) ? ms : null
}
