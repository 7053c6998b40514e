/**
 * When an item is due (domain.md, "Time limits"): the day of assignment is not counted and the
 * item is due by the end of its last working day, in Asia/Shanghai dates.
 */
import { endOfShanghaiDay, shanghaiDate, type WorkCalendar, type YMD } from '../calendar'
import type { DeadlineRules, TaskClass } from './rules'

export interface Deadline {
  dueDate: YMD
  /** endOfShanghaiDay(dueDate). */
  dueAt: number
  /** Counted through a year whose official schedule is not known yet; recomputed when it is. */
  provisional: boolean
}

export interface DeadlineError {
  error: { code: 'UNKNOWN_AGENCY_TYPE'; message: string }
}

export interface DeadlineInput {
  taskClass: TaskClass
  agencyType?: string
  /** Epoch ms; only its Shanghai date matters. */
  assignedAt: number
}

export function computeDeadline(input: DeadlineInput, cal: WorkCalendar, rules: DeadlineRules): Deadline | DeadlineError {
  const assigned = shanghaiDate(input.assignedAt)
  let workingDays: number
  if (input.taskClass === 'standard') {
    workingDays = rules.standardWorkingDays
  } else if (input.taskClass === 'urgent') {
    // 急办件: end of the same working day, or of the next one if assigned on a day off —
    // exactly addWorkingDays(…, 0).
    workingDays = 0
  } else {
    const type = input.agencyType !== undefined && Object.hasOwn(rules.agencyTypes, input.agencyType) ? rules.agencyTypes[input.agencyType] : undefined
    if (!type) {
      return { error: { code: 'UNKNOWN_AGENCY_TYPE', message: `未知的代办件类型：${input.agencyType ?? '（未填写）'}` } }
    }
    workingDays = type.workingDays
  }
  const dueDate = cal.addWorkingDays(assigned, workingDays)
  // Provisional if any counted day lies in an unconfirmed year; the due day itself is checked
  // too, because a same-day (urgent) deadline counts no day after the assignment.
  const provisional = cal.anyProvisionalBetween(assigned, dueDate) || cal.isProvisional(dueDate)
  return { dueDate, dueAt: endOfShanghaiDay(dueDate), provisional }
}

export function isDeadlineError(d: Deadline | DeadlineError): d is DeadlineError {
  return 'error' in d
}

/**
 * A granted extension ("a granted extension sets a new deadline; the original stays on
 * record" — keeping the original is the caller's job). A date on a day off moves to the next
 * working day, so an item is never due on a holiday.
 */
export function extendedDeadline(newDueDate: YMD, cal: WorkCalendar): Deadline {
  const dueDate = cal.nextWorkingDayOnOrAfter(newDueDate)
  const provisional = cal.isProvisional(newDueDate) || cal.anyProvisionalBetween(newDueDate, dueDate)
  return { dueDate, dueAt: endOfShanghaiDay(dueDate), provisional }
}
