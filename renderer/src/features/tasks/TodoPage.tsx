/** 待办: what needs me now — to sign for, to review, extensions to decide. One page at a time, like the tabs. */
import { Card } from 'antd'
import { useEffect, useState } from 'react'
import { TaskTable } from './components/TaskTable'
import { useListPage } from '@renderer/core/data/hooks'
import { setTablePrefs, useTablePrefs } from './tablePrefs'
import { useT } from '@renderer/core/i18n'

export function TodoPage() {
  const t = useT()
  const [page, setPage] = useState(1)
  const { pageSize } = useTablePrefs()
  const data = useListPage('todo', { page, pageSize })
  const settled = data !== undefined && data.list === 'todo' && data.askedPage === page
  // Work done from the last page empties it: follow the page the query settled on.
  useEffect(() => {
    if (settled && data.page !== page) setPage(data.page)
  }, [settled, data?.page, page])
  return (
    <Card title={t('tasks.todo')} variant="borderless">
      <TaskTable
        rows={data?.rows}
        paging={
          data
            ? {
                page: data.page,
                pageSize: data.pageSize,
                total: data.total,
                onChange: setPage,
                onPageSizeChange: (n) => {
                  setTablePrefs({ pageSize: n })
                  setPage(1)
                }
              }
            : undefined
        }
        showAssigner
        showAwaited
        testId="task-list-todo"
      />
    </Card>
  )
}
