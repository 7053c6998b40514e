/** One task: header (class, units, deadline, warning), the actions this user may take, and the full timeline. */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd'
import { useState } from 'react'
import { hasRole } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { AttachmentList } from '@renderer/ui/attachments'
import { taskRoom } from './attachments'
import { AuditPanel } from './components/AuditPanel'
import { EventTimeline } from './components/EventTimeline'
import { Presence } from '@renderer/ui/Presence'
import { ClassTag, DueDate, StatusTag, WarningTag } from '@renderer/ui/Tags'
import { TaskActions } from './components/TaskActions'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { useTask } from './useTask'
import type { TaskState } from '@domain/task/types'
import type { WarningInfo } from '@domain/deadline'
import { statusFor } from '@renderer/core/data/summaries'
import { useLiveWarning, useNow } from './live'
import { SupervisionSheet } from './SupervisionSheet'
import { requirementOf, titleOf } from '@domain/task/workflow'
import { archivedAt } from '@domain/kinds'
import { ArchivedBanner } from '@renderer/features/archive/ArchivedBanner'
import './tasks.css'

export function TaskPage({ id }: { id: string }) {
  const t = useT()
  const { manager, user, api, viewer } = useServices()
  const { message } = App.useApp()
  const dir = useDirectory()
  const { doc, view, loaded, synced, forbidden, room } = useTask(id)
  const live = useLiveWarning()
  const now = useNow()
  const [printing, setPrinting] = useState(false)
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
          <Spin description={t('tasks.loadingDoc')}>
            <div style={{ height: 160 }} />
          </Spin>
        ) : (
          <Empty description={t(forbidden ? 'denied.noAccess' : 'tasks.notFound')} data-testid="task-not-found" />
        )}
      </Card>
    )
  }

  const { meta, state, events, pending, refused } = view
  // 归档: read-only (the server refuses every change); no actions offered.
  const archived = archivedAt(doc)
  const me = manager.actorOf(user.id) ?? { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
  const pendingReq = state?.extensions.find((x) => !x.decision && !x.lapsed)
  // As of now (the stored figure dates from the last level change); no outcome before acceptance.
  const warning = state ? live({ status: state.status, dueDate: state.deadline.dueDate, warning: state.warning, reportedAt: state.completion?.at }) : undefined
  const shownStatus = state
    ? statusFor({ status: state.status, leadUnitId: meta.leadUnitId, assistUnitIds: meta.assistUnitIds, signedUnitIds: Object.keys(state.signed) }, viewer)
    : null

  const print = async () => {
    // The oversight export's path: the print stylesheet shows only the sheet; the title names the PDF.
    setPrinting(true)
    const title = document.title
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)))
    document.title = `${t('tasks.sheet.title')} ${state?.number ?? ''} ${titleOf(meta, state)}`.replace(/\s+/g, ' ').trim()
    try {
      await api.printPage()
    } catch (e) {
      message.error(t('oversight.export.failed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      document.title = title
      setPrinting(false)
    }
  }

  return (
    <>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} className="qf-task-screen" data-testid="task-page" data-task-id={id}>
        <Card
          variant="borderless"
          title={
            <Space size={12} wrap>
              {back}
              {state?.number && (
                <Typography.Text type="secondary" data-testid="task-number">
                  {state.number}
                </Typography.Text>
              )}
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="task-heading">
                {titleOf(meta, state)}
              </Typography.Title>
              <ClassTag taskClass={meta.taskClass} />
              {shownStatus && <StatusTag status={shownStatus} />}
              {warning && <WarningTag warning={warning} />}
              {pending.length > 0 && (
                <Tag color="orange" data-testid="task-unsynced">
                  {t('task.unsynced')}
                </Tag>
              )}
              <Presence room={room} meId={user.id} dir={dir} />
            </Space>
          }
          extra={
            <Space wrap>
              {state && archived === undefined && <TaskActions doc={doc} meta={meta} state={state} me={me} dir={dir} />}
              <Button icon={<PrinterOutlined />} onClick={() => void print()} loading={printing} data-testid="task-print">
                {t('tasks.print')}
              </Button>
            </Space>
          }
        >
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            size="small"
            items={[
              { key: 'lead', label: t('task.lead'), children: <span data-testid="task-lead">{dir.unitName(meta.leadUnitId)}</span> },
              { key: 'assist', label: t('task.assist'), children: meta.assistUnitIds.map((u) => dir.unitName(u)).join(t('list.sep')) || '—' },
              {
                key: 'by',
                label: t('task.assignedBy'),
                children: (
                  <span data-testid="task-assigned-by">
                    {`${dir.personName(meta.assignedBy)} ${dir.people.get(meta.assignedBy)?.title ?? ''}`}
                    {meta.recordedBy && (
                      <Tag color="geekblue" style={{ marginInlineStart: 6 }} data-testid="task-recorded-by">
                        {t('tasks.recordedBy', { name: dir.personName(meta.recordedBy) })}
                      </Tag>
                    )}
                  </span>
                )
              },
              { key: 'due', label: t('task.deadline'), children: <Deadline state={state} warning={warning} /> },
              {
                key: 'signed',
                label: t('task.signed'),
                children:
                  state && Object.keys(state.signed).length > 0
                    ? Object.keys(state.signed)
                        .map((u) => dir.unitName(u))
                        .join(t('list.sep'))
                    : '—'
              }
            ]}
          />
          {requirementOf(meta, state) && (
            <div className="qf-requirement">
              <Typography.Text type="secondary">{t('task.requirement')}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{requirementOf(meta, state)}</Typography.Paragraph>
            </div>
          )}
          {meta.attachments && meta.attachments.length > 0 && (
            <div style={{ marginTop: 12 }} data-testid="task-attachments">
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
                {t('attach.taskHeading', { count: meta.attachments.length })}
              </Typography.Text>
              <AttachmentList room={taskRoom(id)} attachments={meta.attachments} />
            </div>
          )}
          {pendingReq && (
            <Alert
              type="warning"
              showIcon
              data-testid="pending-extension"
              title={t('task.pendingRequest', { date: pendingReq.proposedDate, reason: pendingReq.reason })}
            />
          )}
        </Card>
        {archived !== undefined && <ArchivedBanner at={archived} />}
        <Card variant="borderless" title={t('task.timeline')}>
          <EventTimeline
            taskId={id}
            events={events}
            pending={pending}
            refused={refused}
            dir={dir}
            recordedFor={meta.recordedBy ? meta.assignedBy : undefined}
          />
        </Card>
        {hasRole(user, 'reviewer') && (
          <Card variant="borderless">
            <AuditPanel taskId={id} version={`${events.length}:${state?.status}:${state?.warning.level}:${state?.deadline.dueDate}`} />
          </Card>
        )}
      </Space>
      <SupervisionSheet meta={meta} state={state} events={events} dir={dir} now={now} printedBy={user.name} />
    </>
  )
}

function Deadline({ state, warning }: { state: TaskState | null; warning?: WarningInfo }) {
  const t = useT()
  if (!state) return <Typography.Text type="secondary">{t('due.none')}</Typography.Text>
  const original = state.originalDeadline.dueDate !== state.deadline.dueDate ? state.originalDeadline.dueDate : null
  const granted = state.extensions.filter((x) => x.decision?.granted).length
  return (
    <Space size={6} wrap>
      <DueDate dueDate={state.deadline.dueDate} provisional={state.deadline.provisional} level={(warning ?? state.warning).level} />
      {original && (
        <Typography.Text type="secondary" delete data-testid="due-original">
          {t('due.original', { date: original })}
        </Typography.Text>
      )}
      {granted > 0 && <Tag>{t('task.extensions', { count: granted })}</Tag>}
    </Space>
  )
}
