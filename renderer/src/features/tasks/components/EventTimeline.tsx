/** Every event of a task: actor, unit, server time; the device time only when it differs; "待同步" until stamped. */
import { Space, Tag, Timeline, Typography } from 'antd'
import type { TaskEvent } from '@domain/task/types'
import type { OrderedEvent } from '@domain/task/workflow'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT, type T } from '@renderer/core/i18n'
import { clockDiffers, shanghaiDateTime } from '@renderer/core/i18n/time'
import { AttachmentList } from '@renderer/ui/attachments'
import { taskRoom } from '../attachments'

const COLOR: Record<TaskEvent['type'], string> = {
  assign: 'blue',
  sign: 'green',
  progress: 'cyan',
  chase: 'orange',
  extension_request: 'gold',
  extension_decision: 'gold',
  completion_report: 'purple',
  accept: 'green',
  return: 'red',
  cancel: 'gray',
  correct: 'geekblue'
}

/** What an event says beyond its verb: the proposed date, the decision, the chased unit, the text. Also the audit panel's. */
export function eventLines(t: T, ev: TaskEvent, dir: DirectoryView): string[] {
  const p = ev.payload ?? {}
  const lines: string[] = []
  if (ev.type === 'extension_request' && p.proposedDate) lines.push(t('event.proposed', { date: p.proposedDate }))
  if (ev.type === 'extension_decision') lines.push(t(p.granted ? 'event.granted' : 'event.refused'))
  if (ev.type === 'chase' && p.targetUnitId) lines.push(t('event.target', { unit: dir.unitName(p.targetUnitId) }))
  if (ev.type === 'correct' && p.title) lines.push(t('tasks.correct.line', { title: p.title }))
  if (p.reason) lines.push(p.reason)
  if (p.text) lines.push(p.text)
  return lines
}

function Details({ ev, dir }: { ev: TaskEvent; dir: DirectoryView }) {
  const t = useT()
  const lines = eventLines(t, ev, dir)
  if (lines.length === 0) return null
  return (
    <div className="qf-event-text">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one event's text have no identity but their order.
        <div key={i}>{l}</div>
      ))}
    </div>
  )
}

export function EventTimeline({
  taskId,
  events,
  pending,
  refused,
  dir,
  recordedFor
}: {
  taskId: string
  events: OrderedEvent[]
  pending: string[]
  refused: { eventId: string; message: string }[]
  dir: DirectoryView
  /** 代录: the leader the 交办 was recorded for (the event's actor is the supervisor who typed it in). */
  recordedFor?: string
}) {
  const t = useT()
  const refusedBy = new Map(refused.map((r) => [r.eventId, r.message]))
  return (
    <Timeline
      data-testid="task-timeline"
      items={events.map(({ event: ev, at }) => {
        const unsynced = at === undefined || pending.includes(ev.id)
        return {
          key: ev.id,
          color: COLOR[ev.type],
          content: (
            <div data-testid={`event-${ev.type}`} data-event-id={ev.id} data-synced={unsynced ? 'false' : 'true'}>
              <Space size={8} wrap>
                <Typography.Text strong>{t(`event.${ev.type}`)}</Typography.Text>
                <span>{dir.personName(ev.actorId)}</span>
                {ev.type === 'assign' && recordedFor && (
                  <Tag color="geekblue" data-testid="event-recorded-for">
                    {t('tasks.recordedFor', { name: dir.personName(recordedFor) })}
                  </Tag>
                )}
                <Typography.Text type="secondary">{dir.unitName(ev.unitId)}</Typography.Text>
                {at !== undefined && (
                  <Typography.Text type="secondary" title={t('time.server')}>
                    {shanghaiDateTime(at)}
                  </Typography.Text>
                )}
                {unsynced && (
                  <Tag color="orange" data-testid="event-unsynced">
                    {t('task.unsynced')}
                  </Tag>
                )}
                {(unsynced || clockDiffers(ev.clientAt, at)) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="event-client-time">
                    {t('task.clientTime', { time: shanghaiDateTime(ev.clientAt) })}
                  </Typography.Text>
                )}
              </Space>
              <Details ev={ev} dir={dir} />
              {ev.payload?.attachments && ev.payload.attachments.length > 0 && (
                <AttachmentList room={taskRoom(taskId)} attachments={ev.payload.attachments} compact testId="event-attachments" />
              )}
              {refusedBy.has(ev.id) && <Typography.Text type="danger">{refusedBy.get(ev.id)}</Typography.Text>}
            </div>
          )
        }
      })}
    />
  )
}
