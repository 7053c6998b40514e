import { describe, expect, it } from 'vitest'
import { createWorkCalendar } from '../calendar'
import { computeDeadline, DEFAULT_DEADLINE_RULES, isDeadlineError } from '.'
import { deadlineCases, extensionCases, runDeadlineCase, runExtensionCase } from './cases.fixture'

describe('computeDeadline', () => {
  it.each(deadlineCases)('$name', (c) => {
    const actual = runDeadlineCase(c)
    if ('error' in c.expect) expect(actual).toEqual(c.expect)
    else expect(actual).toEqual({ ...c.expect, dueAtIsEndOfDay: true })
  })

  it('reports an unknown agency type in Chinese, as a value', () => {
    const d = computeDeadline(
      { taskClass: 'agency', agencyType: 'nope', assignedAt: Date.parse('2026-09-21T10:00:00+08:00') },
      createWorkCalendar(),
      DEFAULT_DEADLINE_RULES
    )
    expect(isDeadlineError(d) && d.error.message).toBe('未知的代办件类型：nope')
  })

  it('follows the county rules it is given', () => {
    const rules = { ...DEFAULT_DEADLINE_RULES, standardWorkingDays: 10, agencyTypes: { audit: { label: '审计整改', workingDays: 0 } } }
    const cal = createWorkCalendar()
    const at = Date.parse('2026-09-20T10:00:00+08:00') // make-up Sunday
    expect(computeDeadline({ taskClass: 'standard', assignedAt: at }, cal, rules)).toMatchObject({ dueDate: '2026-10-10' })
    // 0 working days behaves like 急办件: the same working day.
    expect(computeDeadline({ taskClass: 'agency', agencyType: 'audit', assignedAt: at }, cal, rules)).toMatchObject({ dueDate: '2026-09-20' })
  })
})

describe('extendedDeadline', () => {
  it.each(extensionCases)('$name', (c) => {
    expect(runExtensionCase(c)).toEqual({ ...c.expect, dueAtIsEndOfDay: true })
  })
})
