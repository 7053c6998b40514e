/** Status, warning and class tags. Colours: yellow = 临期, red = 超期, green = 按时办结. */
import { Space, Tag, Tooltip, Typography } from 'antd'
import type { TaskClass, WarningInfo } from '@domain/deadline'
import type { TaskStatus } from '@domain/task/types'
import { useT } from '../core/i18n'

const STATUS_COLOR: Record<TaskStatus, string> = {
  assigned: 'blue',
  in_progress: 'processing',
  reported: 'purple',
  closed: 'success',
  cancelled: 'default'
}

export function StatusTag({ status }: { status: TaskStatus }) {
  const t = useT()
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="task-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  )
}

export function WarningTag({ warning, quiet }: { warning: WarningInfo | undefined; quiet?: boolean }) {
  const t = useT()
  const w = warning ?? { level: 'normal' }
  const attrs = { 'data-testid': 'task-warning', 'data-level': w.level }
  switch (w.level) {
    case 'yellow':
      return (
        <Tag color="gold" {...attrs}>
          {w.remainingWorkingDays !== undefined ? t('warn.yellowDays', { days: w.remainingWorkingDays }) : t('warn.yellow')}
        </Tag>
      )
    case 'red':
      return (
        <Tag color="red" {...attrs}>
          {w.lateWorkingDays ? t('warn.redDays', { days: w.lateWorkingDays }) : t('warn.red')}
        </Tag>
      )
    case 'done_on_time':
      return (
        <Tag color="green" {...attrs}>
          {t('warn.onTime')}
        </Tag>
      )
    case 'done_late':
      return (
        <Tag color="volcano" {...attrs}>
          {t('warn.late', { days: w.lateWorkingDays ?? 1 })}
        </Tag>
      )
    case 'normal':
      if (quiet || w.remainingWorkingDays === undefined) return null
      return <Tag {...attrs}>{t('warn.daysLeft', { days: w.remainingWorkingDays })}</Tag>
    default:
      return null
  }
}

export function ClassTag({ taskClass }: { taskClass: TaskClass }) {
  const t = useT()
  return <Tag color={taskClass === 'urgent' ? 'magenta' : taskClass === 'agency' ? 'cyan' : 'geekblue'}>{t(`class.${taskClass}`)}</Tag>
}

export function DueDate({ dueDate, provisional, level }: { dueDate: string; provisional: boolean; level?: string }) {
  const t = useT()
  const type = level === 'red' ? 'danger' : level === 'yellow' ? 'warning' : undefined
  return (
    <Space size={4} data-testid="task-due">
      <Typography.Text type={type} strong={level === 'red' || level === 'yellow'}>
        {dueDate}
      </Typography.Text>
      {provisional && (
        <Tooltip title={t('due.provisionalHint')}>
          <Tag variant="filled" color="orange" data-testid="due-provisional">
            {t('due.provisional')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  )
}
