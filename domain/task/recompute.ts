/**
 * When an administrator enters an official holiday schedule (or a local
 * exception), deadlines computed on a provisional calendar are recomputed from
 * the same server times with the new calendar. The result is the
 * state the record would have had, had the calendar been known at assignment.
 */
import { computeDeadline, extendedDeadline, isDeadlineError } from '../deadline'
import { shanghaiDate, type YMD } from '../calendar'
import { issuedDeadline } from './issue'
import type { TaskMeta, TaskState } from './types'
import { withWarning, type TaskContext } from './workflow'

export function recomputeDeadlines(meta: TaskMeta, state: TaskState, now: number, ctx: TaskContext): TaskState {
  // Same time limit as at issue; only the calendar it is counted on has changed.
  const rules =
    state.termWorkingDays === undefined
      ? ctx.rules
      : meta.taskClass === 'agency'
        ? { ...ctx.rules, agencyTypes: { ...ctx.rules.agencyTypes, [meta.agencyType ?? '']: { label: '', workingDays: state.termWorkingDays } } }
        : meta.taskClass === 'standard'
          ? { ...ctx.rules, standardWorkingDays: state.termWorkingDays }
          : ctx.rules
  const rule = computeDeadline({ taskClass: meta.taskClass, agencyType: meta.agencyType, assignedAt: state.createdAt }, ctx.cal, rules)
  if (isDeadlineError(rule)) return state
  const original = issuedDeadline(rule, meta.dueBy, ctx.cal)
  const granted = state.extensions.filter((x) => x.decision?.granted)
  const last = granted[granted.length - 1]
  const deadline = last ? extendedDeadline(last.proposedDate, ctx.cal) : original
  return withWarning({ ...state, originalDeadline: original, deadline }, now, ctx)
}

/**
 * Which records a calendar change moves (docs/decisions.md): open ones whose
 * remaining window — today up to the due day — contains a changed date. Finished
 * and cancelled records never move; a change in the part of the window already
 * worked through does not reach back.
 */
export function affectedByCalendarChange(state: Pick<TaskState, 'status' | 'deadline'>, changedDates: readonly YMD[], now: number): boolean {
  if (state.status === 'closed' || state.status === 'cancelled') return false
  const today = shanghaiDate(now)
  return changedDates.some((d) => d >= today && d <= state.deadline.dueDate)
}
