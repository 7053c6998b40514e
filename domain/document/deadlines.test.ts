/** 收文 deadlines for oversight: yellow/red now, and per-unit outcomes for a month, quarter or year. */
import { describe, expect, it } from 'vitest'
import { periodOf } from '../oversight/efficiency'
import { documentEfficiency, documentWarnings, type DocDeadlineRow } from './deadlines'
import { cal, ctx, sh } from './fixtures'

const row = (over: Partial<DocDeadlineRow> & Pick<DocDeadlineRow, 'room' | 'unitId' | 'dueDate'>): DocDeadlineRow => ({
  title: over.room,
  docNumber: '浠政办发〔2026〕1号',
  urgency: 'none',
  instructedAt: sh('2026-12-01 10:00'),
  dueAt: sh(`${over.dueDate} 23:59:59.999`),
  level: 'normal',
  ...over
})

const rows = [
  // 清泉镇: one done on time, one done late, one open and overdue.
  row({ room: 'a', unitId: 'qingquan', dueDate: '2026-12-04', doneAt: sh('2026-12-03 15:00') }),
  row({ room: 'b', unitId: 'qingquan', dueDate: '2026-12-04', doneAt: sh('2026-12-07 09:00') }),
  row({ room: 'c', unitId: 'qingquan', dueDate: '2026-12-04' }),
  // 散花镇: open, due on Wednesday (yellow on Monday); a withdrawn one never counts.
  row({ room: 'd', unitId: 'sanhua', dueDate: '2026-12-09' }),
  row({ room: 'e', unitId: 'sanhua', dueDate: '2026-12-04', withdrawnAt: sh('2026-12-02 09:00') }),
  // Instructed in November: outside December's figures.
  row({ room: 'f', unitId: 'sanhua', dueDate: '2026-11-30', instructedAt: sh('2026-11-20 10:00'), doneAt: sh('2026-11-25 10:00') })
]
const monday = sh('2026-12-07 10:00')

describe('收文 deadlines in the 纪委监委 workspace', () => {
  it('red before yellow, done and withdrawn ones left out', () => {
    const w = documentWarnings(rows, monday, cal, ctx.rules)
    expect(w.map((x) => [x.row.room, x.warning.level])).toEqual([
      ['c', 'red'],
      ['d', 'yellow']
    ])
    expect(w[0].warning.lateWorkingDays).toBe(1)
  })

  it('per unit: on time, late, overdue and open for the period; the rate over finished ones', () => {
    const dec = documentEfficiency(rows, periodOf('month', '2026-12-07'), monday, ['qingquan', 'sanhua', 'bahe'])
    expect(dec).toEqual([
      { unitId: 'qingquan', instructed: 3, finishedOnTime: 1, finishedLate: 1, openOverdue: 1, open: 0, onTimeRate: 50 },
      { unitId: 'sanhua', instructed: 1, finishedOnTime: 0, finishedLate: 0, openOverdue: 0, open: 1, onTimeRate: null },
      { unitId: 'bahe', instructed: 0, finishedOnTime: 0, finishedLate: 0, openOverdue: 0, open: 0, onTimeRate: null }
    ])
    const q4 = documentEfficiency(rows, periodOf('quarter', '2026-12-07'), monday, [])
    expect(q4.find((r) => r.unitId === 'sanhua')).toMatchObject({ instructed: 2, finishedOnTime: 1, onTimeRate: 100 })
  })
})
