/**
 * 收文 with a 批办 deadline, for the 纪委监委 workspace (docs/decisions.md, "公文 in oversight"):
 * the server keeps one row per such 收文 in the docdeadlines room (`all`), written when it is
 * 批办, when its warning level moves, and when it is 办结 or withdrawn. Reviewers read the rows —
 * titles, units, dates and outcomes, never the unit's internal handling — and the figures below
 * are computed from them the way the 交办件 figures are (domain/oversight/efficiency.ts).
 */
import { shanghaiDate, type WorkCalendar, type YMD } from '../calendar'
import { warningLevel, type WarningInfo } from '../deadline'
import type { Period } from '../oversight/efficiency'
import type { DocumentRules } from './rules'
import type { IncomingMeta, IncomingState, Urgency } from './types'

export interface DocDeadlineRow {
  /** docin:<unit>--<ref> */
  room: string
  unitId: string
  title: string
  docNumber: string
  incomingNumber?: string
  urgency: Urgency
  /** The sender: a county unit or an organisation outside (外来文). */
  fromUnitId?: string
  fromOrg?: string
  /** Server time of 批办. */
  instructedAt: number
  dueDate: YMD
  dueAt: number
  doneAt?: number
  withdrawnAt?: number
  /** The level the server last judged (the client re-judges at the current server time). */
  level: WarningInfo['level']
}

export function deadlineRowOf(room: string, m: IncomingMeta, s: IncomingState): DocDeadlineRow | null {
  const i = s.instruction
  if (!i) return null
  return {
    room,
    unitId: m.unitId,
    title: m.title,
    docNumber: m.docNumber,
    ...(s.number ? { incomingNumber: s.number } : {}),
    urgency: m.urgency,
    ...(m.fromUnitId ? { fromUnitId: m.fromUnitId } : {}),
    ...(m.fromOrg ? { fromOrg: m.fromOrg } : {}),
    instructedAt: i.at,
    dueDate: i.dueDate,
    dueAt: i.dueAt,
    ...(s.done ? { doneAt: s.done.at } : {}),
    ...(s.withdrawn ? { withdrawnAt: s.withdrawn.at } : {}),
    level: s.warning?.level ?? 'normal'
  }
}

/** Yellow/red for a 收文 deadline, as for 交办件 (no extensions: the deadline is the 批办's). */
export function documentWarning(
  d: { dueDate: YMD; doneAt?: number; withdrawn?: boolean },
  now: number,
  cal: WorkCalendar,
  rules: Pick<DocumentRules, 'yellowWithinWorkingDays'>
): WarningInfo {
  return warningLevel({ dueDate: d.dueDate, now, finishedAt: d.doneAt, cancelled: d.withdrawn === true }, cal, {
    yellowWithinWorkingDays: rules.yellowWithinWorkingDays,
    standardWorkingDays: 0,
    agencyTypes: {},
    maxExtensions: 0
  })
}

export interface DocWarningItem {
  row: DocDeadlineRow
  warning: WarningInfo
}

/** Every open 收文 deadline that is yellow or red now, red first, then the most late / nearest due. */
export function documentWarnings(
  rows: Iterable<DocDeadlineRow>,
  now: number,
  cal: WorkCalendar,
  rules: Pick<DocumentRules, 'yellowWithinWorkingDays'>
): DocWarningItem[] {
  const out: DocWarningItem[] = []
  for (const row of rows) {
    if (row.doneAt !== undefined || row.withdrawnAt !== undefined) continue
    const warning = documentWarning(row, now, cal, rules)
    if (warning.level === 'yellow' || warning.level === 'red') out.push({ row, warning })
  }
  return out.sort(
    (a, b) =>
      (a.warning.level === 'red' ? 0 : 1) - (b.warning.level === 'red' ? 0 : 1) ||
      (b.warning.lateWorkingDays ?? 0) - (a.warning.lateWorkingDays ?? 0) ||
      a.row.dueAt - b.row.dueAt
  )
}

export interface DocUnitEfficiency {
  unitId: string
  /** 批办 with a deadline within the period. */
  instructed: number
  finishedOnTime: number
  finishedLate: number
  /** Still open and past the deadline now. */
  openOverdue: number
  /** Still open, not overdue. */
  open: number
  /** On time / finished, percent; null when nothing finished. */
  onTimeRate: number | null
}

/** Per unit, for 收文 instructed within `period` (Shanghai dates): on time, late, open; withdrawn ones do not count. */
export function documentEfficiency(rows: Iterable<DocDeadlineRow>, period: Period, now: number, unitIds: readonly string[]): DocUnitEfficiency[] {
  const acc = new Map<string, DocUnitEfficiency>()
  const row = (unitId: string) => {
    let r = acc.get(unitId)
    if (!r) acc.set(unitId, (r = { unitId, instructed: 0, finishedOnTime: 0, finishedLate: 0, openOverdue: 0, open: 0, onTimeRate: null }))
    return r
  }
  for (const id of unitIds) row(id)
  for (const d of rows) {
    if (d.withdrawnAt !== undefined) continue
    const day = shanghaiDate(d.instructedAt)
    if (day < period.from || day > period.to) continue
    const r = row(d.unitId)
    r.instructed++
    if (d.doneAt !== undefined) {
      if (d.doneAt <= d.dueAt) r.finishedOnTime++
      else r.finishedLate++
    } else if (now > d.dueAt) r.openOverdue++
    else r.open++
  }
  return [...acc.values()].map((r) => {
    const finished = r.finishedOnTime + r.finishedLate
    return { ...r, onTimeRate: finished ? Math.round((r.finishedOnTime / finished) * 1000) / 10 : null }
  })
}
