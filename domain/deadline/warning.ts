/**
 * Warning levels of electronic supervision (domain.md, "Electronic supervision"):
 * yellow when close to the deadline, red when overdue, and finished items judged on outcome —
 * on time, or late by N working days — never shown as overdue.
 */
import { endOfShanghaiDay, shanghaiDate, type WorkCalendar, type YMD } from '../calendar'
import type { DeadlineRules } from './rules'

export type WarningLevel = 'normal' | 'yellow' | 'red' | 'done_on_time' | 'done_late' | 'cancelled'

export interface WarningInfo {
  level: WarningLevel
  /** normal / yellow: working days left after today, up to and including the due day. */
  remainingWorkingDays?: number
  /** red / done_late: working days past the due day, at least 1. */
  lateWorkingDays?: number
}

export interface WarningInput {
  dueDate: YMD
  now: number
  finishedAt?: number
  cancelled?: boolean
}

export function warningLevel(input: WarningInput, cal: WorkCalendar, rules: DeadlineRules): WarningInfo {
  if (input.cancelled) return { level: 'cancelled' }
  const dueAt = endOfShanghaiDay(input.dueDate)
  if (input.finishedAt !== undefined) {
    if (input.finishedAt <= dueAt) return { level: 'done_on_time' }
    return { level: 'done_late', lateWorkingDays: lateBy(input.dueDate, input.finishedAt, cal) }
  }
  if (input.now > dueAt) return { level: 'red', lateWorkingDays: lateBy(input.dueDate, input.now, cal) }
  // Remaining = working days in (today, dueDate]. Today is not counted: it is already under
  // way. The due day counts while it is still ahead, so an item due on Friday has 3 days left on
  // Tuesday (Wed, Thu, Fri) and turns yellow then; on the due day itself 0 remain, still yellow.
  const remaining = cal.workingDaysBetween(shanghaiDate(input.now), input.dueDate)
  return { level: remaining <= rules.yellowWithinWorkingDays ? 'yellow' : 'normal', remainingWorkingDays: remaining }
}

/**
 * Working days after the due day up to the day of `at`; at least 1, because anything past the
 * end of the due day is late even if it happened over the following weekend.
 */
function lateBy(dueDate: YMD, at: number, cal: WorkCalendar): number {
  return Math.max(1, cal.workingDaysBetween(dueDate, shanghaiDate(at)))
}
