/**
 * Electronic supervision (电子监察) on the server: as server time passes,
 * re-evaluate every open task's warning level, write it into the record's
 * server state and the index rooms, and remind the responsible people once
 * per level change. Each user also gets at most one daily digest.
 * Runs whether or not anybody is connected; tests drive it with the injected clock.
 */
import { shanghaiDate } from '@domain/calendar'
import { itemsMap } from '@domain/index-rooms'
import {
  affectedByCalendarChange,
  readMeta,
  readTaskState,
  recomputeDeadlines,
  serverMap,
  summarize,
  WARNING_ZH,
  withWarning,
  type RecordSummary,
  type TaskContext
} from '@domain/task'
import { deadlineMovedReminders, digestReminder, OVERSIGHT_YEARS, warningReminders, yearsMap } from '@domain/kinds'
import { rooms } from '@domain/rooms'
import { warningLevel } from '@domain/deadline'
import { getSetting, setSetting, type DB } from '../store/db'
import type { RoomWriter, StepRunner } from '../rooms/kind-plugin'
import type { DirectoryService } from '../directory'
import { pushReminder, reminderPeople, writeSummary } from '../indexer'
import { OPEN_TASK, OpenItems } from './open-items'

export interface TickResult {
  changed: { id: string; from: string; to: string }[]
  /** Records this tick looked at: the open ones, however many were ever closed. */
  examined: number
  reminders: number
  digests: number
}

const OPEN = OPEN_TASK
/** Set once the open-items table holds every open task (built once from the index rooms). */
const BUILT = 'open_items.task.built'
/** Digests go out from 08:30 Shanghai time, so they arrive with the working day. */
const DIGEST_AFTER_MINUTES = 8 * 60 + 30

export interface SupervisorEnv {
  steps: StepRunner
  db: DB
  directory(): DirectoryService
  taskContext(): TaskContext
}

export class Supervisor {
  /** Open and closed-not-archived records, kept by the step that writes their summary (writeSummary). */
  readonly book: OpenItems

  constructor(private readonly env: SupervisorEnv) {
    this.book = new OpenItems(env.db)
    if (getSetting(env.db, BUILT) !== '1') this.buildOnce()
  }

  /**
   * A data folder from before the open-items table (or a fresh seed written before the
   * supervisor existed): every summary of every oversight year room is read once, here, at
   * start-up, and never again: from then on the step that writes a summary keeps the table.
   */
  private buildOnce(): void {
    const years = [...yearsMap(this.env.steps.doc(OVERSIGHT_YEARS)).keys()]
    this.book.inTransaction(() => {
      for (const y of years) for (const s of itemsMap(this.env.steps.doc(rooms.oversight(y))).values()) this.book.trackTask(s)
      setSetting(this.env.db, BUILT, '1')
    })
  }

  /** The open tasks: the only summaries a timer reads (docs/decisions.md, "The cost must not grow with history"). */
  private summaries(): RecordSummary[] {
    return this.book.open<RecordSummary>('task')
  }

  tick(): TickResult {
    const steps = this.env.steps
    const now = steps.now()
    const ctx = this.env.taskContext()
    const all = this.summaries()
    const result: TickResult = { changed: [], examined: all.length, reminders: 0, digests: 0 }
    const due: RecordSummary[] = []
    for (const s of all) {
      if (!OPEN.has(s.status)) continue
      const w = warningLevel({ dueDate: s.dueDate, now, finishedAt: s.reportedAt }, ctx.cal, ctx.rules)
      if (w.level !== s.warning.level) due.push(s)
    }
    for (const s of due) {
      const name = rooms.task(s.id)
      const doc = steps.doc(name)
      const meta = readMeta(doc)
      const state = readTaskState(doc)
      if (!meta || !state) continue
      const next = withWarning(state, now, ctx)
      if (next.warning.level === state.warning.level) continue
      steps.step((w) => {
        w.write(name, `督办：预警由${WARNING_ZH[state.warning.level]}变为${WARNING_ZH[next.warning.level]}《${meta.title}》`, (d) => {
          serverMap(d).set('state', next)
          serverMap(d).set('summary', summarize(meta, next))
        })
        writeSummary(w, meta, summarize(meta, next), `预警${WARNING_ZH[next.warning.level]}`, this.book)
        if (next.warning.level === 'yellow' || next.warning.level === 'red') {
          for (const r of warningReminders(meta, next.warning.level, next.deadline.dueDate, w.now, reminderPeople(this.env.directory()))) {
            pushReminder(w, r.userId, r.reminder)
            result.reminders++
          }
        }
      })
      result.changed.push({ id: s.id, from: state.warning.level, to: next.warning.level })
    }
    result.digests = this.digests(now, all)
    return result
  }

  /**
   * After a calendar change (docs/decisions.md): every open record whose deadline was
   * provisional, or whose remaining window (today to the due day) holds a changed date, is
   * recomputed from its server times. The trail gets both dates and the reason; the units
   * (and the assigning leader) get a reminder. Finished and cancelled records never move.
   * Runs inside the caller's commit.
   */
  recomputeAfterCalendarChange(w: RoomWriter, why: string, dates: readonly string[] = []): { id: string; from: string; to: string }[] {
    const now = w.now
    const ctx = this.env.taskContext()
    const changed: { id: string; from: string; to: string }[] = []
    for (const s of this.summaries()) {
      if (!OPEN.has(s.status)) continue
      if (
        !s.provisional &&
        !affectedByCalendarChange({ status: s.status, deadline: { dueDate: s.dueDate, dueAt: s.dueAt, provisional: s.provisional } }, dates, now)
      )
        continue
      const name = rooms.task(s.id)
      const meta = readMeta(w.doc(name))
      const state = readTaskState(w.doc(name))
      if (!meta || !state) continue
      const next = recomputeDeadlines(meta, state, now, ctx)
      if (JSON.stringify(next.deadline) === JSON.stringify(state.deadline) && JSON.stringify(next.originalDeadline) === JSON.stringify(state.originalDeadline))
        continue
      const from = `${state.deadline.dueDate}${state.deadline.provisional ? '（暂定）' : ''}`
      const to = `${next.deadline.dueDate}${next.deadline.provisional ? '（暂定）' : ''}`
      w.write(name, `日历调整：办理期限由 ${from} 改为 ${to}。原因：${why}`, (doc) => {
        serverMap(doc).set('state', next)
        serverMap(doc).set('summary', summarize(meta, next))
      })
      writeSummary(w, meta, summarize(meta, next), '期限重算', this.book)
      if (next.deadline.dueDate !== state.deadline.dueDate)
        for (const r of deadlineMovedReminders(meta, from, to, why, now, reminderPeople(this.env.directory()))) pushReminder(w, r.userId, r.reminder)
      changed.push({ id: s.id, from: state.deadline.dueDate, to: next.deadline.dueDate })
    }
    return changed
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
    const dir = this.env.directory()
    this.env.steps.step((w) => {
      for (const [unitId, c] of perUnit) {
        for (const p of dir.peopleOfUnit(unitId)) {
          if (!p.roles.includes('clerk') && !p.roles.includes('head')) continue
          const key = `digest:${p.id}`
          if (getSetting(this.env.db, key) === today) continue
          setSetting(this.env.db, key, today)
          pushReminder(w, p.id, digestReminder(p.id, today, w.now, c.yellow, c.red))
          sent++
        }
      }
    })
    return sent
  }
}
