/** One list of tasks from the read model. Rows open the task page. */
import { Empty, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { HTMLAttributes } from 'react'
import type { SummaryRow } from '../data/db'
import { useDirectory } from '../data/hooks'
import { useT } from '../i18n'
import { navigate } from '../router/hash'
import { ClassTag, DueDate, StatusTag, WarningTag } from './Tags'

export function TaskTable({ rows, showAssigner, testId }: { rows: SummaryRow[] | undefined; showAssigner?: boolean; testId?: string }) {
  const t = useT()
  const dir = useDirectory()
  const columns: ColumnsType<SummaryRow> = [
    {
      title: t('tasks.col.title'),
      dataIndex: 'title',
      render: (_, r) => (
        <span>
          <Typography.Link data-testid="task-title" onClick={() => navigate(`/tasks/${r.id}`)}>{r.title}</Typography.Link>
          {r.local && <Tag color="orange" variant="filled" style={{ marginInlineStart: 8 }} data-testid="row-unsynced">{t('task.unsynced')}</Tag>}
        </span>
      )
    },
    { title: t('tasks.col.class'), dataIndex: 'taskClass', width: 96, render: (_, r) => <ClassTag taskClass={r.taskClass} /> },
    { title: t('tasks.col.lead'), dataIndex: 'leadUnitId', width: 150, render: (_, r) => dir.unitName(r.leadUnitId) },
    ...(showAssigner
      ? [{ title: t('tasks.col.assignedBy'), dataIndex: 'assignedBy', width: 100, render: (_: unknown, r: SummaryRow) => dir.personName(r.assignedBy) }]
      : []),
    {
      title: t('tasks.col.due'),
      dataIndex: 'dueAt',
      width: 150,
      render: (_, r) => <DueDate dueDate={r.dueDate} provisional={r.provisional} level={r.warningLevel} />
    },
    { title: t('tasks.col.warning'), dataIndex: 'warningLevel', width: 150, render: (_, r) => <WarningTag warning={r.warning} /> },
    { title: t('tasks.col.status'), dataIndex: 'status', width: 96, render: (_, r) => <StatusTag status={r.status} /> }
  ]
  return (
    <Table<SummaryRow>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={rows === undefined}
      columns={columns}
      dataSource={rows ?? []}
      pagination={(rows?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.empty')} /> }}
      rowClassName={(r) => `qf-row qf-row-${r.warningLevel}`}
      onRow={(r) =>
        ({
          'data-testid': `task-row-${r.id}`,
          'data-status': r.status,
          'data-level': r.warningLevel,
          onClick: () => navigate(`/tasks/${r.id}`)
        }) as HTMLAttributes<HTMLElement>
      }
    />
  )
}
