import { describe, expect, it } from 'vitest'
import { createWorkCalendar } from '../calendar'
import { DEFAULT_DEADLINE_RULES, warningLevel } from '.'
import { runWarningCase, warningCases } from './cases.fixture'

describe('warningLevel', () => {
  it.each(warningCases)('$name', (c) => {
    expect(runWarningCase(c)).toEqual(c.expect)
  })

  it('never shows a finished item as overdue, whatever the time', () => {
    const cal = createWorkCalendar()
    const finishedAt = Date.parse('2026-10-30T10:00:00+08:00')
    for (const now of ['2026-10-20', '2026-12-31', '2027-06-01'].map((d) => Date.parse(`${d}T12:00:00+08:00`))) {
      expect(warningLevel({ dueDate: '2026-10-19', now, finishedAt }, cal, DEFAULT_DEADLINE_RULES).level).toBe('done_late')
    }
  })

  it('uses the county threshold for yellow', () => {
    const rules = { ...DEFAULT_DEADLINE_RULES, yellowWithinWorkingDays: 5 }
    const now = Date.parse('2026-10-12T10:00:00+08:00')
    expect(warningLevel({ dueDate: '2026-10-19', now }, createWorkCalendar(), rules)).toEqual({ level: 'yellow', remainingWorkingDays: 5 })
  })
})
