/**
 * Unit efficiency for the discipline commission (domain.md, "Electronic
 * supervision": units are scored on real results — on time or not, how late —
 * never on clicks or online time). A task counts for its lead unit (主办单位负责).
 */
import { shanghaiDate, type WorkCalendar, type YMD } from '../calendar'
import type { RecordSummary } from '../task/types'

export interface Period {
  /** Inclusive first day and inclusive last day, Shanghai dates. */
  from: YMD
  to: YMD
}

export interface UnitEfficiency {
  unitId: string
  /** Assigned within the period. */
  assigned: number
  finishedOnTime: number
  finishedLate: number
  /** Of those assigned in the period: still open and past their deadline now. */
  openOverdue: number
  /** Still open, not overdue. */
  open: number
  /** Mean working days from assignment to the accepted completion report, finished ones only. */
  avgWorkingDaysToFinish: number | null
  /** Granted extensions on tasks assigned in the period. */
  extensions: number
  /** Finished on time / finished, as a percentage; null when nothing finished. */
  onTimeRate: number | null
}

export function periodOf(kind: 'month' | 'quarter' | 'year', anyDay: YMD): Period {
  const [y, m] = anyDay.split('-').map(Number)
  const pad = (n: number) => String(n).padStart(2, '0')
  const lastDay = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 0)).getUTCDate()
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` }
  if (kind === 'month') return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` }
  const q0 = Math.floor((m - 1) / 3) * 3 + 1
  return { from: `${y}-${pad(q0)}-01`, to: `${y}-${pad(q0 + 2)}-${pad(lastDay(y, q0 + 2))}` }
}

export function unitEfficiency(
  summaries: Iterable<RecordSummary>,
  period: Period,
  now: number,
  cal: WorkCalendar,
  unitIds: readonly string[]
): UnitEfficiency[] {
  const acc = new Map<string, UnitEfficiency & { daysSum: number }>()
  const row = (unitId: string) => {
    let r = acc.get(unitId)
    if (!r)
      acc.set(
        unitId,
        (r = {
          unitId,
          assigned: 0,
          finishedOnTime: 0,
          finishedLate: 0,
          openOverdue: 0,
          open: 0,
          avgWorkingDaysToFinish: null,
          extensions: 0,
          onTimeRate: null,
          daysSum: 0
        })
      )
    return r
  }
  for (const id of unitIds) row(id)
  for (const s of summaries) {
    if (s.status === 'cancelled') continue
    const created = shanghaiDate(s.createdAt)
    if (created < period.from || created > period.to) continue
    const r = row(s.leadUnitId)
    r.assigned++
    r.extensions += s.extensions
    if (s.status === 'closed' && s.finishedAt !== undefined) {
      if (s.finishedAt <= s.dueAt) r.finishedOnTime++
      else r.finishedLate++
      r.daysSum += cal.workingDaysBetween(created, shanghaiDate(s.finishedAt))
    } else if (now > s.dueAt && s.reportedAt === undefined) r.openOverdue++
    else r.open++
  }
  return [...acc.values()].map(({ daysSum, ...r }) => {
    const finished = r.finishedOnTime + r.finishedLate
    return {
      ...r,
      avgWorkingDaysToFinish: finished ? Math.round((daysSum / finished) * 10) / 10 : null,
      onTimeRate: finished ? Math.round((r.finishedOnTime / finished) * 1000) / 10 : null
    }
  })
}
