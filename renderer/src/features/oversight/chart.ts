/**
 * The efficiency chart as plain ECharts options (pure, so it is tested in node):
 * one stacked bar per unit — on time / finished late / open overdue — worst
 * unit first. Units with nothing assigned in the period are left out.
 */
import type { UnitEfficiency } from '@domain/oversight'

export const OUTCOME_COLORS = { onTime: '#3f9f6e', late: '#f0a020', overdue: '#d9363e' } as const

export interface ChartLabels {
  onTime: string
  late: string
  overdue: string
}

/** Category rows shown, in order; `rows` must already be ranked worst first. */
export function chartUnits(rows: readonly UnitEfficiency[]): UnitEfficiency[] {
  return rows.filter((r) => r.assigned > 0)
}

/** Up to this many units the bars run across (names readable at the left); more, and they stand up. */
export const HORIZONTAL_MAX = 20

/** Pixel height that keeps one bar readable per unit. */
export const chartHeight = (units: number) => (units > HORIZONTAL_MAX ? 420 : Math.max(200, 64 + units * 28))

export function efficiencyChartOption(rows: readonly UnitEfficiency[], unitName: (id: string) => string, labels: ChartLabels): Record<string, unknown> {
  const shown = chartUnits(rows)
  const horizontal = shown.length <= HORIZONTAL_MAX
  const bar = (name: string, color: string, data: number[]) => ({
    name,
    type: 'bar',
    stack: 'outcome',
    barMaxWidth: 18,
    itemStyle: { color },
    emphasis: { focus: 'series' },
    label: { show: horizontal, position: 'inside', color: '#fff', fontSize: 11, formatter: (p: { value: number }) => (p.value > 0 ? String(p.value) : '') },
    data
  })
  const category = {
    type: 'category',
    inverse: horizontal,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#c9ced6' } },
    axisLabel: horizontal ? { color: '#3c4048', fontSize: 12 } : { color: '#3c4048', fontSize: 11, interval: 0, rotate: 50 },
    data: shown.map((r) => unitName(r.unitId))
  }
  const value = { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f2' } } }
  return {
    animation: false,
    textStyle: { fontFamily: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, data: [labels.onTime, labels.late, labels.overdue] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      bar(
        labels.onTime,
        OUTCOME_COLORS.onTime,
        shown.map((r) => r.finishedOnTime)
      ),
      bar(
        labels.late,
        OUTCOME_COLORS.late,
        shown.map((r) => r.finishedLate)
      ),
      bar(
        labels.overdue,
        OUTCOME_COLORS.overdue,
        shown.map((r) => r.openOverdue)
      )
    ]
  }
}
