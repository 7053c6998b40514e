import { describe, expect, it } from 'vitest'
import { createWorkCalendar, endOfShanghaiDay } from '../calendar'
import type { RecordSummary } from '../task/types'
import { periodOf, unitEfficiency } from './efficiency'

const cal = createWorkCalendar()
const sh = (s: string) => Date.parse(s.replace(' ', 'T') + ':00+08:00')
let n = 0
const task = (over: Partial<RecordSummary>): RecordSummary => ({
  id: `t${++n}`,
  kind: 'task',
  title: 't',
  taskClass: 'standard',
  status: 'in_progress',
  leadUnitId: 'qingquan',
  assistUnitIds: [],
  assignedBy: 'xianzhang',
  assignedByUnitId: 'xianlingdao',
  createdAt: sh('2026-09-21 10:00'),
  dueDate: '2026-10-19',
  dueAt: endOfShanghaiDay('2026-10-19'),
  provisional: false,
  warning: { level: 'normal' },
  signedUnitIds: [],
  extensions: 0,
  updatedAt: 0,
  ...over
})

describe('unit efficiency (outcomes only)', () => {
  it('counts on time, late, open overdue and average working days for the lead unit', () => {
    const rows = unitEfficiency(
      [
        task({ status: 'closed', finishedAt: sh('2026-10-16 15:00') }), // 14 working days after 09-21
        task({ status: 'closed', finishedAt: sh('2026-10-20 09:00'), extensions: 1 }), // 16 working days, late
        task({}), // open, overdue by now
        task({ status: 'reported', reportedAt: sh('2026-10-15 09:00') }), // awaiting review: not overdue
        task({ status: 'cancelled' }),
        task({ leadUnitId: 'sanhua', createdAt: sh('2026-08-31 10:00') }) // outside the period
      ],
      periodOf('month', '2026-09-05'),
      sh('2026-10-22 09:00'),
      cal,
      ['qingquan', 'sanhua']
    )
    const q = rows.find((r) => r.unitId === 'qingquan')!
    expect(q).toMatchObject({ assigned: 4, finishedOnTime: 1, finishedLate: 1, openOverdue: 1, open: 1, extensions: 1, onTimeRate: 50 })
    // (14 + 16) / 2: National Day and Mid-Autumn skipped, the make-up Saturday 10-10 counted.
    expect(q.avgWorkingDaysToFinish).toBe(15)
    expect(rows.find((r) => r.unitId === 'sanhua')).toMatchObject({ assigned: 0, onTimeRate: null })
  })

  it('periods: month, quarter, year in Shanghai dates', () => {
    expect(periodOf('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(periodOf('quarter', '2026-08-10')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(periodOf('year', '2026-08-10')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
  })
})
