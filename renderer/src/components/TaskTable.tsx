/** One list of tasks from the read model. Rows open the task page. */
import { Empty, Table, Tag, theme } from 'antd'
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table'
import { useMemo, type HTMLAttributes } from 'react'
import type { SummaryRow } from '../data/db'
import { useDirectory } from '../data/hooks'
import { useT } from '../i18n'
import { navigate } from '../router/hash'
import { ClassTag, DueDate, StatusTag, WarningTag } from './Tags'

const CLIENT_PAGE_SIZE = 50

/**
 * Paging done by the caller (the rows are one page read from the index, see
 * data/queries.ts): which page is shown, how many rows there are, and where to go.
 */
export interface TablePaging {
  page: number
  pageSize: number
  total: number
  onChange(page: number): void
}

export function TaskTable({
  rows,
  showAssigner,
  testId,
  paging,
  loading
}: {
  rows: SummaryRow[] | undefined
  showAssigner?: boolean
  testId?: string
  /** Given: `rows` is that page. Absent: `rows` is the whole list, paged here. */
  paging?: TablePaging
  /** `rows` is a previous answer; the one asked for is on its way. */
  loading?: boolean
}) {
  const t = useT()
  const dir = useDirectory()
  const { token } = theme.useToken()
  // Stable columns: a re-render with the same rows (loading on/off) leaves the cells alone.
  const columns = useMemo<ColumnsType<SummaryRow>>(() => [
    {
      title: t('tasks.col.title'),
      dataIndex: 'title',
      render: (_, r) => (
        <span>
          {/* A plain link: a page of Typography.Link cost more to render than the page's query. */}
          <a href={`#/tasks/${r.id}`} style={{ color: token.colorLink }} data-testid="task-title">
            {r.title}
          </a>
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
  ], [t, dir, token.colorLink, showAssigner])
  let pagination: TablePaginationConfig | false
  if (paging) {
    pagination =
      paging.total > paging.pageSize || paging.page > 1
        ? {
            current: paging.page,
            pageSize: paging.pageSize,
            total: paging.total,
            showSizeChanger: false,
            onChange: (p) => paging.onChange(p)
          }
        : false
  } else {
    pagination = (rows?.length ?? 0) > CLIENT_PAGE_SIZE ? { pageSize: CLIENT_PAGE_SIZE, showSizeChanger: false } : false
  }
  return (
    <Table<SummaryRow>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading || rows === undefined}
      columns={columns}
      dataSource={rows ?? []}
      pagination={pagination}
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
