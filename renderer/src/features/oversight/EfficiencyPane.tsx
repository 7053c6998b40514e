/**
 * 单位效能: per-unit outcomes for a month, quarter or year — table and chart,
 * worst unit first. Clicking a unit lists its tasks of the period.
 */
import { DatePicker, Empty, Segmented, Skeleton, Space, Table, Typography } from 'antd'
import type { ColumnsType, SorterResult } from 'antd/es/table/interface'
import dayjs from 'dayjs'
import { lazy, Suspense, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react'
import type { Period, UnitEfficiency } from '@domain/oversight'
import type { RecordSummary } from '@domain/task/types'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { chartHeight, chartUnits, efficiencyChartOption, OUTCOME_COLORS } from './chart'
import type { EfficiencySortKey, EfficiencyTotals, PeriodKind } from './model'
import { OversightUnitTasks } from './OversightUnitTasks'
import { Kpi } from './WarningsPane'

export interface EfficiencyView {
  kind: PeriodKind
  anchor: string
  period: Period
  label: string
  /** Worst first, after the township/department filter. */
  ranked: UnitEfficiency[] | undefined
  /** As shown (and exported): `ranked` in the user's column order. */
  rows: UnitEfficiency[] | undefined
  totals: EfficiencyTotals
  unitKind: 'township' | 'department' | null
  sort: { key: EfficiencySortKey | null; order: 'ascend' | 'descend' | null }
  summaries: RecordSummary[] | undefined
  readMs: number
  computeMs: number
}

/** ECharts loads with the first efficiency view, not with the app. */
const OversightChart = lazy(() => import('./OversightChart').then((m) => ({ default: m.OversightChart })))

const PICKER_FORMAT: Record<PeriodKind, string> = { month: 'YYYY-MM', quarter: 'YYYY-[Q]Q', year: 'YYYY' }

const rateTone = (rate: number | null) => (rate === null ? undefined : rate >= 90 ? 'success' : rate >= 70 ? 'warning' : 'danger')

export function EfficiencyPane(props: {
  view: EfficiencyView
  now: number
  dir: DirectoryView
  /** Paper: no horizontal scroll, no sticky first column. */
  printing: boolean
  onPeriod: (kind: PeriodKind, anchor: string) => void
  onUnitKind: (k: 'township' | 'department' | null) => void
  onSort: (s: EfficiencyView['sort']) => void
}) {
  const { view, now, dir, onPeriod, onUnitKind, onSort } = props
  const t = useT()
  const [drill, setDrill] = useState<string | null>(null)
  const { totals } = view

  const labels = useMemo(() => ({ onTime: t('oversight.col.onTime'), late: t('oversight.col.late'), overdue: t('oversight.col.overdue') }), [t])
  const option = useMemo(() => efficiencyChartOption(view.ranked ?? [], dir.unitName, labels), [view.ranked, dir, labels])
  const charted = chartUnits(view.ranked ?? []).length

  const num = (key: EfficiencySortKey, title: string, width: number, render?: (r: UnitEfficiency) => ReactNode): ColumnsType<UnitEfficiency>[number] => ({
    title,
    key,
    dataIndex: key,
    width,
    align: 'right',
    sorter: true,
    sortOrder: view.sort.key === key ? view.sort.order : null,
    sortDirections: ['descend', 'ascend'],
    render: (_, r) => (render ? render(r) : r[key] === null ? '—' : r[key] || <span className="qf-zero">0</span>)
  })

  const columns: ColumnsType<UnitEfficiency> = [
    {
      title: t('oversight.col.unit'),
      key: 'unit',
      width: 150,
      render: (_, r) => (
        <Typography.Link strong onClick={() => setDrill(r.unitId)} data-testid="efficiency-unit">
          {dir.unitName(r.unitId)}
        </Typography.Link>
      )
    },
    {
      title: t('oversight.col.unitKind'),
      key: 'kind',
      width: 72,
      filters: [
        { text: t('unitKind.township'), value: 'township' },
        { text: t('unitKind.department'), value: 'department' }
      ],
      filterMultiple: false,
      filteredValue: view.unitKind ? [view.unitKind] : null,
      render: (_, r) => {
        const k = dir.units.get(r.unitId)?.kind
        return k === 'township' || k === 'department' ? <Typography.Text type="secondary">{t(`unitKind.${k}`)}</Typography.Text> : null
      }
    },
    num('assigned', t('oversight.col.assigned'), 64),
    num('finishedOnTime', t('oversight.col.onTime'), 72, (r) =>
      r.finishedOnTime ? <span className="qf-num-green">{r.finishedOnTime}</span> : <span className="qf-zero">0</span>
    ),
    num('finishedLate', t('oversight.col.late'), 72, (r) =>
      r.finishedLate ? <span className="qf-num-orange">{r.finishedLate}</span> : <span className="qf-zero">0</span>
    ),
    num('openOverdue', t('oversight.col.overdue'), 80, (r) =>
      r.openOverdue ? <span className="qf-num-red">{r.openOverdue}</span> : <span className="qf-zero">0</span>
    ),
    num('open', t('oversight.col.open'), 56),
    num('avgWorkingDaysToFinish', t('oversight.col.avgDays'), 88, (r) => (r.avgWorkingDaysToFinish === null ? '—' : r.avgWorkingDaysToFinish.toFixed(1))),
    num('extensions', t('oversight.col.extensions'), 64),
    num('onTimeRate', t('oversight.col.rate'), 88, (r) =>
      r.onTimeRate === null ? (
        <span className="qf-zero">—</span>
      ) : (
        <Typography.Text strong type={rateTone(r.onTimeRate)}>
          {r.onTimeRate.toFixed(1)}%
        </Typography.Text>
      )
    )
  ]

  const onChange = (
    _p: unknown,
    filters: Record<string, (string | number | boolean)[] | null>,
    sorter: SorterResult<UnitEfficiency> | SorterResult<UnitEfficiency>[]
  ) => {
    const kind = filters.kind?.[0]
    onUnitKind(kind === 'township' || kind === 'department' ? kind : null)
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    onSort({ key: (s?.order ? (s.columnKey as EfficiencySortKey) : null) ?? null, order: s?.order ?? null })
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap size={12} className="qf-no-print">
        <Segmented
          data-testid="period-kind"
          value={view.kind}
          onChange={(v) => onPeriod(v as PeriodKind, view.anchor)}
          options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`oversight.period.kind.${k}`) }))}
        />
        <DatePicker
          data-testid="period-picker"
          picker={view.kind}
          allowClear={false}
          value={dayjs(view.anchor)}
          format={PICKER_FORMAT[view.kind]}
          onChange={(d) => d && onPeriod(view.kind, d.format('YYYY-MM-DD'))}
          style={{ width: 140 }}
        />
        <Typography.Text strong data-testid="period-label">
          {view.label}
        </Typography.Text>
        <Typography.Text type="secondary">{t('oversight.period.range', { from: view.period.from, to: view.period.to })}</Typography.Text>
      </Space>

      <div className="qf-kpis" data-testid="efficiency-kpis">
        <Kpi tone="plain" label={t('oversight.stat.assigned')} value={totals.assigned} testId="kpi-assigned" />
        <Kpi tone="green" label={t('oversight.stat.onTime')} value={totals.finishedOnTime} testId="kpi-on-time" />
        <Kpi tone="orange" label={t('oversight.stat.late')} value={totals.finishedLate} testId="kpi-late" />
        <Kpi tone="red" label={t('oversight.stat.overdue')} value={totals.openOverdue} testId="kpi-overdue" />
        <Kpi tone="plain" label={t('oversight.stat.rate')} value={totals.onTimeRate === null ? '—' : `${totals.onTimeRate.toFixed(1)}%`} testId="kpi-rate" />
        <Kpi
          tone="plain"
          label={t('oversight.stat.avgDays')}
          value={totals.avgWorkingDaysToFinish === null ? '—' : totals.avgWorkingDaysToFinish.toFixed(1)}
          unit={totals.avgWorkingDaysToFinish === null ? undefined : t('oversight.stat.unitDays')}
        />
      </div>

      <div className="qf-panel qf-avoid-break">
        <div className="qf-panel-head">
          <Typography.Text strong>{t('oversight.chart.title')}</Typography.Text>
          <Space size={12}>
            <span className="qf-legend-dot" style={{ background: OUTCOME_COLORS.onTime }} />
            <span className="qf-legend-dot" style={{ background: OUTCOME_COLORS.late }} />
            <span className="qf-legend-dot" style={{ background: OUTCOME_COLORS.overdue }} />
            <Typography.Text type="secondary">{charted > 0 ? t('oversight.chart.caption', { count: charted }) : ''}</Typography.Text>
          </Space>
        </div>
        {charted > 0 ? (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
            <OversightChart option={option} height={chartHeight(charted)} testId="efficiency-chart" />
          </Suspense>
        ) : (
          <div data-testid="efficiency-chart" data-empty="true">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oversight.chart.empty')} />
          </div>
        )}
      </div>

      <Table<UnitEfficiency>
        data-testid="efficiency-table"
        data-summaries={view.summaries?.length ?? 0}
        data-read-ms={Math.round(view.readMs)}
        data-compute-ms={Math.round(view.computeMs)}
        rowKey="unitId"
        size="middle"
        loading={view.rows === undefined}
        columns={columns}
        dataSource={view.rows ?? []}
        pagination={false}
        // No horizontal scroll: at 1366×768 and 125% scaling every column, 按时办结率 last, is on screen
        // (narrow columns, headers wrap).
        tableLayout="auto"
        onChange={(p, f, s) => onChange(p, f as Record<string, (string | number | boolean)[] | null>, s)}
        rowClassName={(r) => `qf-row ${r.openOverdue ? 'qf-row-red' : r.finishedLate ? 'qf-row-yellow' : r.assigned ? '' : 'qf-row-idle'}`}
        onRow={(r) =>
          ({
            'data-testid': `efficiency-row-${r.unitId}`,
            'data-assigned': r.assigned,
            'data-on-time': r.finishedOnTime,
            'data-late': r.finishedLate,
            'data-overdue': r.openOverdue,
            'data-rate': r.onTimeRate ?? '',
            onClick: () => setDrill(r.unitId)
          }) as HTMLAttributes<HTMLElement>
        }
        summary={() =>
          view.rows && view.rows.length > 0 ? (
            <Table.Summary>
              <Table.Summary.Row className="qf-total-row">
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{t('oversight.stat.total', { count: totals.units })}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {totals.assigned}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {totals.finishedOnTime}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {totals.finishedLate}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {totals.openOverdue}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {totals.open}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {totals.avgWorkingDaysToFinish === null ? '—' : totals.avgWorkingDaysToFinish.toFixed(1)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  {totals.extensions}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">
                  {totals.onTimeRate === null ? '—' : `${totals.onTimeRate.toFixed(1)}%`}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('oversight.drillHint')} · {t('oversight.effRule')}
      </Typography.Text>

      {drill && (
        <OversightUnitTasks
          unitId={drill}
          period={view.period}
          label={view.label}
          rows={view.summaries ?? []}
          now={now}
          dir={dir}
          onClose={() => setDrill(null)}
        />
      )}
    </Space>
  )
}
