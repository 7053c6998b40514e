/**
 * Electronic supervision (电子监察) on the server: as server time passes,
 * re-evaluate every open task's warning level, write it into the record's
 * server state and the index rooms, and remind the responsible people once
 * per level change. Each user also gets at most one daily digest.
 * Runs whether or not anybody is connected; tests drive it with the injected clock.
 */
import { shanghaiDate } from '../../domain/calendar'
import { itemsMap, type Reminder } from '../../domain/index-rooms'
import {
  affectedByCalendarChange,
  readMeta,
  readServerState,
  recomputeDeadlines,
  serverMap,
  summarize,
  WARNING_ZH,
  withWarning,
  type RecordSummary,
  type TaskMeta
} from '../../domain/task'
import { warningLevel } from '../../domain/deadline'
import { getSetting, setSetting, type DB } from '../store/db'
import type { Hub } from '../rooms/hub'
import { pushReminder, writeSummary } from '../indexer'

export interface TickResult {
  changed: { id: string; from: string; to: string }[]
  reminders: number
  digests: number
}

const OPEN = new Set(['assigned', 'in_progress', 'reported'])
/** Digests go out from 08:30 Shanghai time, so they arrive with the working day. */
const DIGEST_AFTER_MINUTES = 8 * 60 + 30

export class Supervisor {
  constructor(
    private readonly hub: Hub,
    private readonly db: DB
  ) {}

  tick(): TickResult {
    const now = this.hub.deps.clock()
    const ctx = this.hub.deps.taskContext()
    const result: TickResult = { changed: [], reminders: 0, digests: 0 }
    const index = itemsMap(this.hub.getRoom('oversight').doc)
    const due: RecordSummary[] = []
    for (const s of index.values()) {
      if (!OPEN.has(s.status)) continue
      const w = warningLevel({ dueDate: s.dueDate, now, finishedAt: s.reportedAt }, ctx.cal, ctx.rules)
      if (w.level !== s.warning.level) due.push(s)
    }
    for (const s of due) {
      const room = this.hub.getRoom(`task:${s.id}`)
      const meta = readMeta(room.doc)
      const state = readServerState(room.doc)
      if (!meta || !state) continue
      const next = withWarning(state, now, ctx)
      if (next.warning.level === state.warning.level) continue
      this.hub.commit(() => {
        this.hub.serverWrite(room.name, `督办：预警由${WARNING_ZH[state.warning.level]}变为${WARNING_ZH[next.warning.level]}《${meta.title}》`, (doc) => {
          serverMap(doc).set('state', next)
          serverMap(doc).set('summary', summarize(meta, next))
        })
        writeSummary(this.hub, meta, summarize(meta, next), `预警${WARNING_ZH[next.warning.level]}`)
        if (next.warning.level === 'yellow' || next.warning.level === 'red') {
          for (const userId of this.responsible(meta, next.warning.level)) {
            pushReminder(this.hub, userId, this.warningReminder(meta, next.warning.level, next.deadline.dueDate, now, userId))
            result.reminders++
          }
        }
      })
      result.changed.push({ id: s.id, from: state.warning.level, to: next.warning.level })
    }
    result.digests = this.digests(now, [...index.values()])
    return result
  }

  /**
   * After a calendar change (docs/decisions.md): every open record whose deadline was
   * provisional, or whose remaining window (today to the due day) holds a changed date, is
   * recomputed from its server times. The trail gets both dates and the reason; the units
   * (and the assigning leader) get a reminder. Finished and cancelled records never move.
   * Runs inside the caller's commit.
   */
  recomputeAfterCalendarChange(why: string, dates: readonly string[] = []): { id: string; from: string; to: string }[] {
    const now = this.hub.deps.clock()
    const ctx = this.hub.deps.taskContext()
    const changed: { id: string; from: string; to: string }[] = []
    for (const s of [...itemsMap(this.hub.getRoom('oversight').doc).values()]) {
      if (!OPEN.has(s.status)) continue
      if (!s.provisional && !affectedByCalendarChange({ status: s.status, deadline: { dueDate: s.dueDate, dueAt: s.dueAt, provisional: s.provisional } }, dates, now)) continue
      const room = this.hub.getRoom(`task:${s.id}`)
      const meta = readMeta(room.doc)
      const state = readServerState(room.doc)
      if (!meta || !state) continue
      const next = recomputeDeadlines(meta, state, now, ctx)
      if (JSON.stringify(next.deadline) === JSON.stringify(state.deadline) && JSON.stringify(next.originalDeadline) === JSON.stringify(state.originalDeadline)) continue
      const from = `${state.deadline.dueDate}${state.deadline.provisional ? '（暂定）' : ''}`
      const to = `${next.deadline.dueDate}${next.deadline.provisional ? '（暂定）' : ''}`
      const sum = `日历调整：办理期限由 ${from} 改为 ${to}。原因：${why}`
      this.hub.serverWrite(room.name, sum, (doc) => {
        serverMap(doc).set('state', next)
        serverMap(doc).set('summary', summarize(meta, next))
      })
      writeSummary(this.hub, meta, summarize(meta, next), '期限重算')
      if (next.deadline.dueDate !== state.deadline.dueDate) {
        const dir = this.hub.deps.directory()
        const handlers = [meta.leadUnitId, ...meta.assistUnitIds].flatMap((u) =>
          dir.peopleOfUnit(u).filter((p) => p.roles.includes('clerk') || p.roles.includes('head')).map((p) => p.id)
        )
        for (const userId of [...handlers, meta.assignedBy])
          pushReminder(this.hub, userId, {
            id: `cal-${meta.id}-${next.deadline.dueDate}-${userId}`,
            at: now,
            kind: 'deadline_moved',
            recordId: meta.id,
            title: `期限调整：${meta.title}`,
            body: `办理期限由 ${from} 改为 ${to}（${why}）`
          })
      }
      changed.push({ id: s.id, from: state.deadline.dueDate, to: next.deadline.dueDate })
    }
    return changed
  }

  /** Kept for callers of the provisional-only recompute: the same, with no dates. */
  recomputeProvisional(why: string): { id: string; from: string; to: string }[] {
    return this.recomputeAfterCalendarChange(why, [])
  }

  /** Lead and assisting units' handlers; for red also the assigning leader. */
  private responsible(meta: TaskMeta, level: 'yellow' | 'red'): string[] {
    const dir = this.hub.deps.directory()
    const ids = [meta.leadUnitId, ...meta.assistUnitIds].flatMap((u) =>
      dir.peopleOfUnit(u).filter((p) => p.roles.includes('clerk') || p.roles.includes('head')).map((p) => p.id)
    )
    if (level === 'red') ids.push(meta.assignedBy)
    return ids
  }

  private warningReminder(meta: TaskMeta, level: 'yellow' | 'red', dueDate: string, now: number, userId: string): Reminder {
    return {
      id: `warn-${meta.id}-${level}-${userId}`,
      at: now,
      kind: level,
      recordId: meta.id,
      title: level === 'red' ? `超期：${meta.title}` : `临期：${meta.title}`,
      body: level === 'red' ? `已超过办理期限（${dueDate}），请尽快办理` : `办理期限 ${dueDate}，即将到期`
    }
  }

  /** One digest per person per Shanghai day, only for people with yellow or red items. */
  private digests(now: number, summaries: RecordSummary[]): number {
    const minutes = Math.floor(((now + 8 * 3600_000) % 86400_000) / 60000)
    if (minutes < DIGEST_AFTER_MINUTES) return 0
    const today = shanghaiDate(now)
    const perUnit = new Map<string, { yellow: number; red: number }>()
    for (const s of summaries) {
      if (!OPEN.has(s.status) || (s.warning.level !== 'yellow' && s.warning.level !== 'red')) continue
      for (const u of [s.leadUnitId, ...s.assistUnitIds]) {
        const c = perUnit.get(u) ?? { yellow: 0, red: 0 }
        c[s.warning.level]++
        perUnit.set(u, c)
      }
    }
    let sent = 0
    const dir = this.hub.deps.directory()
    this.hub.commit(() => {
      for (const [unitId, c] of perUnit) {
        for (const p of dir.peopleOfUnit(unitId)) {
          if (!p.roles.includes('clerk') && !p.roles.includes('head')) continue
          const key = `digest:${p.id}`
          if (getSetting(this.db, key) === today) continue
          setSetting(this.db, key, today)
          pushReminder(this.hub, p.id, { id: `digest-${today}-${p.id}`, at: now, kind: 'digest', title: `今日督办提醒（${today}）`, body: `本单位临期 ${c.yellow} 件，超期 ${c.red} 件` })
          sent++
        }
      }
    })
    return sent
  }
}
