/** One list of tasks from the read model. Rows open the task page. */
import { Empty, Table, Tag, Typography, theme } from 'antd'
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table'
import { useMemo, type HTMLAttributes } from 'react'
import type { SummaryRow } from '@renderer/core/data/db'
import { useDirectory } from '@renderer/core/data/hooks'
import { awaitedFrom, statusFor } from '@renderer/core/data/summaries'
import { useServices } from '@renderer/core/app/context'
import { useLiveWarning } from '../live'
import { PAGE_SIZES, useTablePrefs } from '../tablePrefs'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import { ClassTag, DueDate, StatusTag, WarningTag } from '@renderer/ui/Tags'

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
  /** Offered when given: the reader picks how many rows a page holds. */
  onPageSizeChange?(pageSize: number): void
}

export function TaskTable({
  rows,
  showAssigner,
  testId,
  paging,
  loading,
  showAwaited
}: {
  rows: SummaryRow[] | undefined
  showAssigner?: boolean
  /** 待办: a column saying what is awaited from me (签收, 审批延期, 审核办结). */
  showAwaited?: boolean
  testId?: string
  /** Given: `rows` is that page. Absent: `rows` is the whole list, paged here. */
  paging?: TablePaging
  /** `rows` is a previous answer; the one asked for is on its way. */
  loading?: boolean
}) {
  const t = useT()
  const dir = useDirectory()
  const { token } = theme.useToken()
  const { viewer } = useServices()
  const live = useLiveWarning()
  const { density } = useTablePrefs()
  // Stable columns: a re-render with the same rows (loading on/off) leaves the cells alone.
  const columns = useMemo<ColumnsType<SummaryRow>>(
    () => [
      {
        title: t('tasks.col.title'),
        dataIndex: 'title',
        render: (_, r) => (
          <span>
            {r.number && (
              <Typography.Text type="secondary" style={{ marginInlineEnd: 6, whiteSpace: 'nowrap' }} data-testid="task-number">
                {r.number}
              </Typography.Text>
            )}
            {/* A plain link: a page of Typography.Link cost more to render than the page's query. */}
            <a href={`#/tasks/${r.id}`} style={{ color: token.colorLink }} data-testid="task-title">
              {r.title}
            </a>
            {r.local && (
              <Tag color="orange" variant="filled" style={{ marginInlineStart: 8 }} data-testid="row-unsynced">
                {t('task.unsynced')}
              </Tag>
            )}
          </span>
        )
      },
      ...(showAwaited
        ? [
            {
              title: t('tasks.col.awaited'),
              key: 'awaited',
              width: 110,
              render: (_: unknown, r: SummaryRow) => {
                const a = awaitedFrom(r, viewer)
                return a ? (
                  <Tag color={a === 'sign' ? 'blue' : 'purple'} data-testid="task-awaited" data-awaited={a}>
                    {t(`tasks.await.${a}`)}
                  </Tag>
                ) : null
              }
            }
          ]
        : []),
      { title: t('tasks.col.class'), dataIndex: 'taskClass', width: 96, render: (_, r) => <ClassTag taskClass={r.taskClass} /> },
      { title: t('tasks.col.lead'), dataIndex: 'leadUnitId', width: 150, render: (_, r) => dir.unitName(r.leadUnitId) },
      ...(showAssigner
        ? [{ title: t('tasks.col.assignedBy'), dataIndex: 'assignedBy', width: 100, render: (_: unknown, r: SummaryRow) => dir.personName(r.assignedBy) }]
        : []),
      {
        title: t('tasks.col.due'),
        dataIndex: 'dueAt',
        width: 150,
        render: (_, r) => <DueDate dueDate={r.dueDate} provisional={r.provisional} level={live(r).level} />
      },
      // As of now, from the deadline and the calendar: the stored figure dates from the last level change.
      { title: t('tasks.col.warning'), dataIndex: 'warningLevel', width: 130, render: (_, r) => <WarningTag warning={live(r)} /> },
      // A unit's own status: an assisting unit that has not signed sees 待签收.
      { title: t('tasks.col.status'), dataIndex: 'status', width: 88, render: (_, r) => <StatusTag status={statusFor(r, viewer)} /> }
    ],
    [t, dir, token.colorLink, showAssigner, showAwaited, live, viewer]
  )
  let pagination: TablePaginationConfig | false
  if (paging) {
    pagination =
      paging.total > paging.pageSize || paging.page > 1
        ? {
            current: paging.page,
            pageSize: paging.pageSize,
            total: paging.total,
            showSizeChanger: !!paging.onPageSizeChange,
            pageSizeOptions: PAGE_SIZES.map(String),
            onChange: (p, size) => (size !== paging.pageSize && paging.onPageSizeChange ? paging.onPageSizeChange(size) : paging.onChange(p))
          }
        : false
  } else {
    pagination = (rows?.length ?? 0) > CLIENT_PAGE_SIZE ? { defaultPageSize: CLIENT_PAGE_SIZE, pageSizeOptions: PAGE_SIZES.map(String) } : false
  }
  return (
    <Table<SummaryRow>
      data-testid={testId}
      rowKey="id"
      size={density === 'compact' ? 'small' : 'middle'}
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
