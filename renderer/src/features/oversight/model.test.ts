import { describe, expect, it } from 'vitest'
import { createWorkCalendar, endOfShanghaiDay } from '@domain/calendar'
import { DEFAULT_DEADLINE_RULES } from '@domain/deadline'
import { periodOf, unitEfficiency, type UnitEfficiency } from '@domain/oversight'
import type { RecordSummary } from '@domain/task/types'
import { translate } from '@renderer/core/i18n/catalogue'
import { BOM } from './csv'
import { chartHeight, chartUnits, efficiencyChartOption, HORIZONTAL_MAX } from './chart'
import {
  efficiencyCsv,
  efficiencyTotals,
  periodLabel,
  rankUnits,
  sortEfficiency,
  unitTasksInPeriod,
  warningCounts,
  warningItems,
  warningsCsv,
  type Names
} from './model'

const cal = createWorkCalendar()
const sh = (s: string) => Date.parse(s.replace(' ', 'T') + ':00+08:00')
const zh = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate('zh-CN', k, v)
let n = 0
const task = (over: Partial<RecordSummary>): RecordSummary => ({
  id: `t${++n}`,
  kind: 'task',
  title: '任务',
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
const due = (d: string) => ({ dueDate: d, dueAt: endOfShanghaiDay(d) })
const eff = (unitId: string, o: Partial<UnitEfficiency>): UnitEfficiency => ({
  unitId,
  assigned: 0,
  finishedOnTime: 0,
  finishedLate: 0,
  openOverdue: 0,
  open: 0,
  avgWorkingDaysToFinish: null,
  extensions: 0,
  onTimeRate: null,
  ...o
})
const names: Names = {
  unitName: (id) => ({ qingquan: '清泉镇', sanhua: '散花镇', jiaoyuju: '县教育局' })[id] ?? id,
  personName: (id) => ({ xianzhang: '曾新民' })[id] ?? id,
  unitKind: (id) => (id === 'jiaoyuju' ? '县直单位' : '乡镇')
}

describe('the warning list', () => {
  const now = sh('2026-10-22 09:00')
  const rows = [
    task({ id: 'y1', ...due('2026-10-26'), warning: { level: 'yellow', remainingWorkingDays: 3 } }),
    task({ id: 'r-newer', ...due('2026-10-20'), warning: { level: 'red', lateWorkingDays: 1 } }),
    task({ id: 'r-older', ...due('2026-10-16'), warning: { level: 'red', lateWorkingDays: 1 }, leadUnitId: 'sanhua' }),
    task({ id: 'y0', ...due('2026-10-23'), warning: { level: 'yellow', remainingWorkingDays: 5 } }),
    task({ id: 'ok', ...due('2026-11-30'), warning: { level: 'normal' } }),
    task({ id: 'closed', status: 'closed', ...due('2026-10-16'), finishedAt: sh('2026-10-20 10:00'), warning: { level: 'done_late', lateWorkingDays: 2 } }),
    // Stale server row still saying red for a closed item: never listed.
    task({ id: 'closed-stale', status: 'closed', warning: { level: 'red', lateWorkingDays: 1 } })
  ]

  it('lists open yellow and red items, red first, then by deadline', () => {
    expect(warningItems(rows, now, cal, DEFAULT_DEADLINE_RULES).map((w) => w.summary.id)).toEqual(['r-older', 'r-newer', 'y0', 'y1'])
  })

  it('counts working days late or left as of now, not as of the last level change', () => {
    const byId = Object.fromEntries(warningItems(rows, now, cal, DEFAULT_DEADLINE_RULES).map((w) => [w.summary.id, w.warning]))
    expect(byId['r-older']).toEqual({ level: 'red', lateWorkingDays: 4 }) // 10-19, 10-20, 10-21, 10-22
    expect(byId['r-newer']).toEqual({ level: 'red', lateWorkingDays: 2 })
    expect(byId['y0']).toEqual({ level: 'yellow', remainingWorkingDays: 1 })
    expect(byId['y1']).toEqual({ level: 'yellow', remainingWorkingDays: 2 })
  })

  it("keeps the server's level and figures when this client would judge differently", () => {
    const [w] = warningItems([task({ id: 'x', ...due('2026-12-31'), warning: { level: 'yellow', remainingWorkingDays: 2 } })], now, cal, DEFAULT_DEADLINE_RULES)
    expect(w).toMatchObject({ level: 'yellow', warning: { level: 'yellow', remainingWorkingDays: 2 } })
  })

  it('counts red, yellow and the units concerned', () => {
    expect(warningCounts(warningItems(rows, now, cal, DEFAULT_DEADLINE_RULES))).toEqual({ red: 2, yellow: 2, units: 2 })
  })

  it('exports the list as CSV with Chinese headers', () => {
    const items = warningItems(rows, now, cal, DEFAULT_DEADLINE_RULES).slice(0, 1)
    items[0].summary = { ...items[0].summary, title: '关于"秋粮"收购，进度', assistUnitIds: ['jiaoyuju', 'sanhua'] }
    const csv = warningsCsv(items, names, zh)
    const [header, line] = csv.slice(1).split('\r\n')
    expect(csv.startsWith(BOM)).toBe(true)
    expect(header).toBe('预警,超期工作日,剩余工作日,标题,件别,主办单位,协办单位,交办人,交办日期,办理期限,状态,延期次数,编号')
    expect(line).toBe('超期,4,,"关于""秋粮""收购，进度",交办件,散花镇,县教育局、散花镇,曾新民,2026-09-21,2026-10-16,办理中,0,r-older')
  })
})

describe('unit efficiency, worst first', () => {
  const rows = [
    eff('good', { assigned: 10, finishedOnTime: 10, onTimeRate: 100, avgWorkingDaysToFinish: 8 }),
    eff('none', {}),
    eff('late2', { assigned: 5, finishedOnTime: 3, finishedLate: 2, onTimeRate: 60, avgWorkingDaysToFinish: 14 }),
    eff('overdue2', { assigned: 4, openOverdue: 2, open: 2 }),
    eff('mixed', { assigned: 6, finishedOnTime: 2, finishedLate: 1, openOverdue: 2, onTimeRate: 66.7, avgWorkingDaysToFinish: 12, extensions: 2 })
  ]
  const order = ['good', 'none', 'late2', 'overdue2', 'mixed']

  it('ranks by problems, then open overdue, then on-time rate', () => {
    expect(rankUnits(rows, (id) => order.indexOf(id)).map((r) => r.unitId)).toEqual(['mixed', 'overdue2', 'late2', 'good', 'none'])
  })

  it('sorts by a column with missing figures last, ties worst first', () => {
    const ranked = rankUnits(rows, (id) => order.indexOf(id))
    expect(sortEfficiency(ranked, 'onTimeRate', 'descend').map((r) => r.unitId)).toEqual(['good', 'mixed', 'late2', 'overdue2', 'none'])
    expect(sortEfficiency(ranked, 'onTimeRate', 'ascend').map((r) => r.unitId)).toEqual(['late2', 'mixed', 'good', 'overdue2', 'none'])
    expect(sortEfficiency(ranked, 'openOverdue', 'descend').map((r) => r.unitId)).toEqual(['mixed', 'overdue2', 'late2', 'good', 'none'])
    expect(sortEfficiency(ranked, null, null)).toEqual(ranked)
  })

  it('totals the county', () => {
    expect(efficiencyTotals(rows)).toEqual({
      assigned: 25,
      finishedOnTime: 15,
      finishedLate: 3,
      openOverdue: 4,
      open: 2,
      extensions: 2,
      units: 4,
      avgWorkingDaysToFinish: 10.3,
      onTimeRate: 83.3
    })
    expect(efficiencyTotals([eff('none', {})])).toMatchObject({ onTimeRate: null, avgWorkingDaysToFinish: null, units: 0 })
  })

  it('names periods', () => {
    expect(periodLabel('month', periodOf('month', '2026-09-05'), zh)).toBe('2026年9月')
    expect(periodLabel('quarter', periodOf('quarter', '2026-08-10'), zh)).toBe('2026年第3季度')
    expect(periodLabel('year', periodOf('year', '2026-08-10'), zh)).toBe('2026年度')
  })

  it('exports the table as CSV', () => {
    const csv = efficiencyCsv(rankUnits(rows).slice(0, 2), names, zh)
    expect(csv).toBe(
      `${BOM}单位,类别,交办数,按时办结,逾期办结,超期未办结,在办,平均办结用时（工作日）,延期次数,按时办结率（%）\r\n` +
        'mixed,乡镇,6,2,1,2,0,12,2,66.7\r\n' +
        'overdue2,乡镇,4,0,0,2,2,,0,\r\n'
    )
  })

  it('charts stacked outcomes for units that had work, in the given order', () => {
    const ranked = rankUnits(rows)
    const opt = efficiencyChartOption(ranked, (id) => `U-${id}`, { onTime: '按时', late: '逾期', overdue: '超期' }) as {
      yAxis: { data: string[]; inverse: boolean }
      series: { name: string; stack: string; data: number[] }[]
    }
    expect(opt.yAxis.data).toEqual(['U-mixed', 'U-overdue2', 'U-late2', 'U-good'])
    expect(opt.yAxis.inverse).toBe(true)
    expect(opt.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['按时', 'outcome', [2, 0, 3, 10]],
      ['逾期', 'outcome', [1, 0, 2, 0]],
      ['超期', 'outcome', [2, 2, 0, 0]]
    ])
    const many = Array.from({ length: HORIZONTAL_MAX + 1 }, (_, i) => eff(`u${i}`, { assigned: 1, open: 1 }))
    const tall = efficiencyChartOption(many, String, { onTime: 'a', late: 'b', overdue: 'c' }) as { xAxis: { type: string; data: string[] } }
    expect(tall.xAxis.type).toBe('category')
    expect(chartUnits(many)).toHaveLength(HORIZONTAL_MAX + 1)
    expect(chartHeight(HORIZONTAL_MAX + 1)).toBeLessThan(chartHeight(HORIZONTAL_MAX) + 100)
  })
})

describe('drill-down to a unit', () => {
  it("lists the unit's tasks of the period, problems first", () => {
    const now = sh('2026-10-22 09:00')
    const rows = [
      task({ id: 'ontime', status: 'closed', finishedAt: sh('2026-10-10 10:00') }),
      task({ id: 'overdue' }),
      task({ id: 'late', status: 'closed', finishedAt: sh('2026-10-20 10:00') }),
      task({ id: 'reported', status: 'reported', reportedAt: sh('2026-10-15 10:00') }),
      task({ id: 'other-unit', leadUnitId: 'sanhua' }),
      task({ id: 'august', createdAt: sh('2026-08-31 10:00') }),
      task({ id: 'cancelled', status: 'cancelled' })
    ]
    expect(unitTasksInPeriod(rows, 'qingquan', periodOf('month', '2026-09-01'), now).map((x) => [x.summary.id, x.outcome])).toEqual([
      ['overdue', 'open_overdue'],
      ['late', 'done_late'],
      ['reported', 'reported'],
      ['ontime', 'done_on_time']
    ])
  })
})

// Speed at this scale is measured in bench/inbox.bench.ts (a benchmark, not a timed test).
describe('at county scale', () => {
  it("counts every one of a year's 20,000 summaries once, spread over the 64 units", () => {
    const units = Array.from({ length: 64 }, (_, i) => `u${i}`)
    const start = sh('2026-01-05 09:00')
    const rows: RecordSummary[] = []
    for (let i = 0; i < 20_000; i++) {
      const created = start + Math.floor((i / 20_000) * 340) * 86_400_000
      const closed = i % 3 !== 0
      rows.push(
        task({
          id: `b${i}`,
          leadUnitId: units[i % 64],
          createdAt: created,
          status: closed ? 'closed' : 'in_progress',
          finishedAt: closed ? created + (i % 30) * 86_400_000 : undefined,
          dueAt: created + 21 * 86_400_000,
          extensions: i % 7 === 0 ? 1 : 0
        })
      )
    }
    const ranked = rankUnits(unitEfficiency(rows, periodOf('year', '2026-06-01'), sh('2026-12-31 09:00'), cal, units))
    const totals = efficiencyTotals(ranked)
    expect(totals.assigned).toBe(20_000)
    expect(ranked).toHaveLength(64)
    expect(ranked.reduce((n, r) => n + r.assigned, 0)).toBe(20_000)
  })
})
