/** One task: header (class, units, deadline, warning), the actions this user may take, and the full timeline. */
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd'
import { hasRole } from '../../../../domain/directory'
import { useServices } from '../../app/context'
import { AttachmentList } from '../../components/AttachmentList'
import { AuditPanel } from '../../components/AuditPanel'
import { EventTimeline } from '../../components/EventTimeline'
import { Presence } from '../../components/Presence'
import { ClassTag, DueDate, StatusTag, WarningTag } from '../../components/Tags'
import { TaskActions } from '../../components/TaskActions'
import { useDirectory } from '../../data/hooks'
import { useT } from '../../i18n'
import { useTask } from '../../tasks/useTask'
import type { TaskState } from '../../../../domain/task/types'

export function TaskPage({ id }: { id: string }) {
  const t = useT()
  const { manager, user } = useServices()
  const dir = useDirectory()
  const { doc, view, loaded, synced, forbidden, room } = useTask(id)
  const back = (
    <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => history.back()} data-testid="task-back">
      {t('tasks.back')}
    </Button>
  )

  if (!view || !doc) {
    const waiting = !forbidden && (!loaded || (!synced && manager.snapshot().status !== 'offline'))
    return (
      <Card variant="borderless" title={back}>
        {waiting ? (
          <Spin description={t('tasks.loadingDoc')}><div style={{ height: 160 }} /></Spin>
        ) : (
          <Empty description={t(forbidden ? 'denied.noAccess' : 'tasks.notFound')} data-testid="task-not-found" />
        )}
      </Card>
    )
  }

  const { meta, state, events, pending, refused } = view
  const me = manager.actorOf(user.id) ?? { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
  const pendingReq = state?.extensions.find((x) => !x.decision && !x.lapsed)

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="task-page" data-task-id={id}>
      <Card
        variant="borderless"
        title={
          <Space size={12} wrap>
            {back}
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-heading">{meta.title}</Typography.Title>
            <ClassTag taskClass={meta.taskClass} />
            {state && <StatusTag status={state.status} />}
            {state && <WarningTag warning={state.warning} />}
            {pending.length > 0 && <Tag color="orange" data-testid="task-unsynced">{t('task.unsynced')}</Tag>}
            <Presence room={room} meId={user.id} dir={dir} />
          </Space>
        }
        extra={state && <TaskActions doc={doc} meta={meta} state={state} me={me} dir={dir} />}
      >
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          size="small"
          items={[
            { key: 'lead', label: t('task.lead'), children: <span data-testid="task-lead">{dir.unitName(meta.leadUnitId)}</span> },
            { key: 'assist', label: t('task.assist'), children: meta.assistUnitIds.map((u) => dir.unitName(u)).join(t('list.sep')) || '—' },
            { key: 'by', label: t('task.assignedBy'), children: `${dir.personName(meta.assignedBy)} ${dir.people.get(meta.assignedBy)?.title ?? ''}` },
            { key: 'due', label: t('task.deadline'), children: <Deadline state={state} /> },
            {
              key: 'signed',
              label: t('task.signed'),
              children: state && Object.keys(state.signed).length > 0 ? Object.keys(state.signed).map((u) => dir.unitName(u)).join(t('list.sep')) : '—'
            }
          ]}
        />
        {meta.requirement && (
          <div className="qf-requirement">
            <Typography.Text type="secondary">{t('task.requirement')}</Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{meta.requirement}</Typography.Paragraph>
          </div>
        )}
        {meta.attachments && meta.attachments.length > 0 && (
          <div style={{ marginTop: 12 }} data-testid="task-attachments">
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
              {t('attach.taskHeading', { count: meta.attachments.length })}
            </Typography.Text>
            <AttachmentList taskId={id} attachments={meta.attachments} />
          </div>
        )}
        {pendingReq && (
          <Alert type="warning" showIcon data-testid="pending-extension" title={t('task.pendingRequest', { date: pendingReq.proposedDate, reason: pendingReq.reason })} />
        )}
      </Card>
      <Card variant="borderless" title={t('task.timeline')}>
        <EventTimeline taskId={id} events={events} pending={pending} refused={refused} dir={dir} />
      </Card>
      {hasRole(user, 'reviewer') && (
        <Card variant="borderless">
          <AuditPanel taskId={id} version={`${events.length}:${state?.status}:${state?.warning.level}:${state?.deadline.dueDate}`} />
        </Card>
      )}
    </Space>
  )
}

function Deadline({ state }: { state: TaskState | null }) {
  const t = useT()
  if (!state) return <Typography.Text type="secondary">{t('due.none')}</Typography.Text>
  const original = state.originalDeadline.dueDate !== state.deadline.dueDate ? state.originalDeadline.dueDate : null
  const granted = state.extensions.filter((x) => x.decision?.granted).length
  return (
    <Space size={6} wrap>
      <DueDate dueDate={state.deadline.dueDate} provisional={state.deadline.provisional} level={state.warning.level} />
      {original && <Typography.Text type="secondary" delete data-testid="due-original">{t('due.original', { date: original })}</Typography.Text>}
      {granted > 0 && <Tag>{t('task.extensions', { count: granted })}</Tag>}
    </Space>
  )
}
