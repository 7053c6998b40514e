/**
 * The figure a user sees: "剩 N 个工作日" / "超期 N 个工作日" as of now, from the
 * deadline and the calendar. The server rewrites its stored warning only when
 * the level changes (reminders and the trail use that); every view computes the
 * count afresh with this, so it never goes stale.
 */
import { warningLevel, type DeadlineRules, type WarningInfo } from '../deadline'
import type { WorkCalendar, YMD } from '../calendar'
import type { TaskStatus } from './types'

export interface LiveInput {
  status: TaskStatus
  dueDate: YMD
  warning: WarningInfo
  /** Server time of a completion report awaiting review: judged by that, not by now. */
  reportedAt?: number
}

export function liveWarning(s: LiveInput, now: number, cal: WorkCalendar, rules: DeadlineRules): WarningInfo {
  // Finished and cancelled: the outcome is fixed, whatever the clock says.
  if (s.status === 'closed' || s.status === 'cancelled') return s.warning
  try {
    return warningLevel({ dueDate: s.dueDate, now, finishedAt: s.status === 'reported' ? s.reportedAt : undefined }, cal, rules)
  } catch {
    return s.warning // a date the calendar cannot count: show what the server said
  }
}
