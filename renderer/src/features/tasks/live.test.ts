import { describe, expect, it } from 'vitest'
import { createWorkCalendar } from '@domain/calendar'
import { DEFAULT_TASK_RULES } from '@domain/task/rules'
import { shownWarning } from './live'

const ctx = { cal: createWorkCalendar(), rules: DEFAULT_TASK_RULES }
const at = (s: string) => Date.parse(`${s}+08:00`)
// The server's stored figure dates from the assignment; nothing happened since.
const row = { status: 'in_progress' as const, dueDate: '2026-10-10', warning: { level: 'normal' as const, remainingWorkingDays: 15 } }

describe('what a list or task page shows', () => {
  it('the count as of now, not the stored one', () => {
    expect(shownWarning(row, at('2026-09-29T09:00:00'), ctx)).toEqual({ level: 'normal', remainingWorkingDays: 4 })
    expect(shownWarning(row, at('2026-10-09T09:00:00'), ctx)).toEqual({ level: 'yellow', remainingWorkingDays: 1 })
    expect(shownWarning(row, at('2026-10-20T09:00:00'), ctx)).toEqual({ level: 'red', lateWorkingDays: 7 })
  })
  it('no outcome while the report waits for the leader; the outcome once accepted', () => {
    const reported = { ...row, status: 'reported' as const, reportedAt: at('2026-10-09T10:00:00'), warning: { level: 'done_on_time' as const } }
    expect(shownWarning(reported, at('2026-10-20T09:00:00'), ctx)).toEqual({ level: 'normal' })
    expect(shownWarning({ ...reported, status: 'closed' }, at('2026-10-20T09:00:00'), ctx)).toEqual({ level: 'done_on_time' })
  })
})
