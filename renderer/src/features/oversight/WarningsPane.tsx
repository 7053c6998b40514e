/** 预警: every yellow and red item in the county, most severe first. Rows open the task page. */
import { Empty, Input, Segmented, Space, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { HTMLAttributes } from 'react'
import { shanghaiDate } from '@domain/calendar'
import { ClassTag, DueDate, StatusTag, WarningTag } from '@renderer/ui/Tags'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import type { WarningCounts, WarningItem } from './model'

export interface WarningFilter {
  level: 'all' | 'red' | 'yellow'
  unitKind: 'all' | 'township' | 'department'
  search: string
}

const PAGE = 50

export function WarningsPane(props: {
  items: WarningItem[] | undefined
  counts: WarningCounts
  filter: WarningFilter
  onFilter: (f: WarningFilter) => void
  dir: DirectoryView
  printing: boolean
}) {
  const { items, counts, filter, onFilter, dir, printing } = props
  const t = useT()
  const maxLate = items?.reduce((m, w) => (w.level === 'red' ? Math.max(m, w.warning.lateWorkingDays ?? 0) : m), 0) ?? 0

  const columns: ColumnsType<WarningItem> = [
    { title: t('oversight.col.level'), key: 'level', width: 150, render: (_, w) => <WarningTag warning={w.warning} /> },
    {
      title: t('tasks.col.title'),
      key: 'title',
      ellipsis: true,
      render: (_, { summary: s }) => (
        <span className="qf-title-cell">
          <ClassTag taskClass={s.taskClass} />
          <Typography.Link onClick={() => navigate(`/tasks/${s.id}`)} data-testid="warning-title" title={s.title}>
            {s.title}
          </Typography.Link>
        </span>
      )
    },
    { title: t('tasks.col.lead'), key: 'lead', width: 130, render: (_, w) => <Typography.Text strong>{dir.unitName(w.summary.leadUnitId)}</Typography.Text> },
    {
      title: t('task.assist'),
      key: 'assist',
      width: 140,
      ellipsis: true,
      render: (_, w) => (w.summary.assistUnitIds.length ? w.summary.assistUnitIds.map((u) => dir.unitName(u)).join(t('list.sep')) : '—')
    },
    { title: t('tasks.col.assignedBy'), key: 'by', width: 90, render: (_, w) => dir.personName(w.summary.assignedBy) },
    { title: t('oversight.col.assignedAt'), key: 'at', width: 104, render: (_, w) => shanghaiDate(w.summary.createdAt) },
    {
      title: t('tasks.col.due'),
      key: 'due',
      width: 130,
      render: (_, { summary: s, level }) => <DueDate dueDate={s.dueDate} provisional={s.provisional} level={level} />
    },
    { title: t('tasks.col.status'), key: 'status', width: 96, render: (_, w) => <StatusTag status={w.summary.status} /> },
    { title: t('oversight.col.extensions'), key: 'ext', width: 84, align: 'right', render: (_, w) => w.summary.extensions || '—' }
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="qf-kpis" data-testid="warning-kpis">
        <Kpi tone="red" label={t('oversight.stat.red')} value={counts.red} testId="kpi-red" />
        <Kpi tone="yellow" label={t('oversight.stat.yellow')} value={counts.yellow} testId="kpi-yellow" />
        <Kpi tone="plain" label={t('oversight.stat.units')} value={counts.units} />
        <Kpi tone="plain" label={t('oversight.stat.maxLate')} value={maxLate || '—'} unit={maxLate ? t('oversight.stat.unitDays') : undefined} />
      </div>
      <Typography.Text type="secondary" className="qf-no-print">
        {t('oversight.warningsHint')}
      </Typography.Text>
      <Space wrap className="qf-no-print" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Segmented
            data-testid="warning-level"
            value={filter.level}
            onChange={(v) => onFilter({ ...filter, level: v as WarningFilter['level'] })}
            options={[
              { value: 'all', label: `${t('oversight.level.all')} ${counts.red + counts.yellow}` },
              { value: 'red', label: `${t('warn.red')} ${counts.red}` },
              { value: 'yellow', label: `${t('warn.yellow')} ${counts.yellow}` }
            ]}
          />
          <Segmented
            value={filter.unitKind}
            onChange={(v) => onFilter({ ...filter, unitKind: v as WarningFilter['unitKind'] })}
            options={[
              { value: 'all', label: t('oversight.unitKind.all') },
              { value: 'township', label: t('unitKind.township') },
              { value: 'department', label: t('unitKind.department') }
            ]}
          />
        </Space>
        <Input.Search
          allowClear
          defaultValue={filter.search}
          placeholder={t('oversight.search')}
          onChange={(e) => onFilter({ ...filter, search: e.target.value })}
          style={{ width: 260 }}
          data-testid="warning-search"
        />
      </Space>
      <Table<WarningItem>
        data-testid="warning-table"
        rowKey={(w) => w.summary.id}
        size="middle"
        loading={items === undefined}
        columns={columns}
        dataSource={items ?? []}
        pagination={!printing && (items?.length ?? 0) > PAGE ? { pageSize: PAGE, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oversight.warningsEmpty')} /> }}
        rowClassName={(w) => `qf-row qf-row-${w.level}`}
        onRow={(w) =>
          ({
            'data-testid': `warning-row-${w.summary.id}`,
            'data-level': w.level,
            'data-unit': w.summary.leadUnitId,
            onClick: () => navigate(`/tasks/${w.summary.id}`)
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </Space>
  )
}

export function Kpi(props: {
  tone: 'red' | 'yellow' | 'green' | 'orange' | 'plain'
  label: string
  value: string | number
  unit?: string
  testId?: string
  hint?: string
}) {
  const { tone, label, value, unit, testId, hint } = props
  return (
    <div className={`qf-kpi qf-kpi-${tone}`} data-testid={testId} data-value={value}>
      <div className="qf-kpi-label">{label}</div>
      <div className="qf-kpi-value">
        {value}
        {unit && <span className="qf-kpi-unit">{unit}</span>}
      </div>
      {hint && <div className="qf-kpi-hint">{hint}</div>}
    </div>
  )
}
