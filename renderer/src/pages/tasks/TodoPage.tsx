/** 待办: what needs me now — to sign for, to review, extensions to decide. */
import { Card } from 'antd'
import { TaskTable } from '../../components/TaskTable'
import { useList } from '../../data/hooks'
import { useT } from '../../i18n'

export function TodoPage() {
  const t = useT()
  const rows = useList('todo')
  return (
    <Card title={t('tasks.todo')} variant="borderless">
      <TaskTable rows={rows} showAssigner testId="task-list-todo" />
    </Card>
  )
}
