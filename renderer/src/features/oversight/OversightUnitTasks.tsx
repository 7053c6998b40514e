/** Drill-down from the efficiency table: one unit's tasks of the period, problems first; each opens its task page. */
import { Drawer, Empty, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo, type HTMLAttributes } from 'react'
import { shanghaiDate } from '@domain/calendar'
import type { Period } from '@domain/oversight'
import type { RecordSummary } from '@domain/task/types'
import { ClassTag, StatusTag } from '@renderer/ui/Tags'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import { unitTasksInPeriod, type Outcome } from './model'

const OUTCOME_COLOR: Record<Outcome, string> = { open_overdue: 'red', done_late: 'orange', reported: 'purple', open: 'blue', done_on_time: 'green' }

type Row = { summary: RecordSummary; outcome: Outcome }

export function OversightUnitTasks(props: {
  unitId: string
  period: Period
  label: string
  rows: RecordSummary[]
  now: number
  dir: DirectoryView
  onClose: () => void
}) {
  const { unitId, period, label, rows, now, dir, onClose } = props
  const t = useT()
  const list = useMemo(() => unitTasksInPeriod(rows, unitId, period, now), [rows, unitId, period, now])
  const columns: ColumnsType<Row> = [
    {
      title: t('tasks.col.title'),
      key: 'title',
      render: (_, { summary: s }) => (
        <Space size={6} wrap>
          <Typography.Link onClick={() => navigate(`/tasks/${s.id}`)}>{s.title}</Typography.Link>
          <ClassTag taskClass={s.taskClass} />
        </Space>
      )
    },
    { title: t('oversight.col.assignedAt'), key: 'at', width: 104, render: (_, r) => shanghaiDate(r.summary.createdAt) },
    { title: t('tasks.col.due'), key: 'due', width: 104, render: (_, r) => r.summary.dueDate },
    {
      title: t('oversight.col.outcome'),
      key: 'outcome',
      width: 112,
      render: (_, r) => <Tag color={OUTCOME_COLOR[r.outcome]}>{t(`oversight.outcome.${r.outcome}`)}</Tag>
    },
    { title: t('tasks.col.status'), key: 'status', width: 90, render: (_, r) => <StatusTag status={r.summary.status} /> }
  ]
  return (
    <Drawer open size={760} onClose={onClose} title={t('oversight.drill', { unit: dir.unitName(unitId), period: label })} destroyOnHidden>
      <Table<Row>
        data-testid="unit-drill"
        rowKey={(r) => r.summary.id}
        size="small"
        columns={columns}
        dataSource={list}
        pagination={list.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oversight.chart.empty')} /> }}
        rowClassName="qf-row"
        onRow={(r) =>
          ({
            'data-testid': `unit-drill-row-${r.summary.id}`,
            'data-outcome': r.outcome,
            onClick: () => navigate(`/tasks/${r.summary.id}`)
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </Drawer>
  )
}
