/**
 * What is fixed when a 交办件 is issued: its number and its deadline
 * (docs/decisions.md). Pure: the server passes its clock in.
 */
import { computeDeadline, isDeadlineError, type Deadline, type DeadlineRules, type TaskClass } from '../deadline'
import { endOfShanghaiDay, isYmd, shanghaiDate, yearOf, type WorkCalendar, type YMD } from '../calendar'
import { fail, type DomainError } from '../errors'

/** 交办〔2026〕23号. The sequence is per year of the server's Shanghai date, from 1. */
export function formatTaskNumber(year: number, seq: number): string {
  return `交办〔${year}〕${seq}号`
}

/** The year a task created at server time `at` is numbered in. */
export const numberYearOf = (at: number): number => yearOf(shanghaiDate(at))

/** The deadline the rules give a task issued at `at`: what the assign form previews. */
export function ruleDeadline(
  input: { taskClass: TaskClass; agencyType?: string },
  at: number,
  cal: WorkCalendar,
  rules: DeadlineRules
): Deadline | { error: DomainError } {
  const d = computeDeadline({ taskClass: input.taskClass, agencyType: input.agencyType, assignedAt: at }, cal, rules)
  return isDeadlineError(d) ? { error: d.error } : d
}

/**
 * The leader's own date: a working day from today up to the rule's date. Later is
 * refused: an extension, approved on the trail, is the only way past the rule.
 */
export function checkDueBy(dueBy: unknown, rule: Deadline, now: number, cal: WorkCalendar): { ok: true } | { ok: false; error: DomainError } {
  if (typeof dueBy !== 'string' || !isYmd(dueBy)) return fail('BAD_DATE', '办理期限不是有效日期')
  if (dueBy < shanghaiDate(now)) return fail('BAD_DATE', '办理期限不能早于今天')
  if (dueBy > rule.dueDate) return fail('DEADLINE_TOO_LATE', `办理期限不能晚于规定期限（${rule.dueDate}）；需要更长时间请走延期审批`)
  let working: boolean
  try {
    working = cal.isWorkingDay(dueBy)
  } catch {
    return fail('BAD_DATE', '办理期限超出工作日历范围')
  }
  if (!working) return fail('NOT_WORKING_DAY', `${dueBy} 不是工作日，请选择工作日`)
  return { ok: true }
}

/**
 * The deadline in force at issue: the rule's, or the leader's earlier date. Counted
 * again on a new calendar (recompute.ts), the leader's date stays unless the rule's
 * now falls earlier, or the day became a day off (then the next working day, capped
 * by the rule's).
 */
export function issuedDeadline(rule: Deadline, dueBy: YMD | undefined, cal: WorkCalendar): Deadline {
  if (!dueBy || dueBy >= rule.dueDate) return rule
  const d = cal.nextWorkingDayOnOrAfter(dueBy)
  if (d >= rule.dueDate) return rule
  return { dueDate: d, dueAt: endOfShanghaiDay(d), provisional: cal.isProvisional(d) }
}
