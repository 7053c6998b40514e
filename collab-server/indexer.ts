/**
 * Index rooms the server writes after each accepted task change: the inbox of
 * every participating unit, the assigning leader's "我交办的", the oversight
 * index — and one reminder per person for the events that ask them to act.
 */
import { itemsMap, remindersArray, type Reminder } from '../domain/index-rooms'
import { summarize, type TaskEvent, type TaskMeta, type TaskState, type RecordSummary } from '../domain/task'
import { roomName } from '../domain/rooms'
import type { Hub, TaskAccepted } from './rooms/hub'

export function indexRoomsFor(meta: TaskMeta): string[] {
  return [
    ...[meta.leadUnitId, ...meta.assistUnitIds].map((unitId) => roomName({ kind: 'inbox', unitId })),
    roomName({ kind: 'mine', userId: meta.assignedBy }),
    roomName({ kind: 'oversight' })
  ]
}

export function writeSummary(hub: Hub, meta: TaskMeta, summary: RecordSummary, why: string): void {
  for (const name of indexRoomsFor(meta)) hub.serverWrite(name, `索引：《${meta.title}》${why}`, (doc) => itemsMap(doc).set(meta.id, summary))
}

/** Lists care about status, deadline, warning, signatures — not that another progress report arrived. */
function sameForLists(a: RecordSummary | undefined, b: RecordSummary): boolean {
  if (!a) return false
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 })
}

export function onTaskAccepted(hub: Hub, info: TaskAccepted): void {
  const { meta, state, newEvents, now, previous } = info
  const summary = summarize(meta, state)
  if (!sameForLists(previous ?? undefined, summary)) writeSummary(hub, meta, summary, state.status)
  for (const ev of newEvents) for (const r of remindersFor(hub, meta, ev, now, state)) pushReminder(hub, r.userId, r.reminder)
}

export function pushReminder(hub: Hub, userId: string, reminder: Reminder): void {
  hub.serverWrite(roomName({ kind: 'user', userId }), `提醒：${reminder.title}`, (doc) => remindersArray(doc).push([reminder]))
}

function handlersOf(hub: Hub, unitId: string): string[] {
  return hub.deps
    .directory()
    .peopleOfUnit(unitId)
    .filter((p) => p.roles.includes('clerk') || p.roles.includes('head'))
    .map((p) => p.id)
}

function remindersFor(hub: Hub, meta: TaskMeta, ev: TaskEvent, now: number, state: TaskState): { userId: string; reminder: Reminder }[] {
  const dir = hub.deps.directory()
  const base = { at: now, recordId: meta.id }
  const who = dir.label(ev.actorId)
  const to = (userIds: string[], kind: Reminder['kind'], title: string, body: string) =>
    userIds.map((userId) => ({ userId, reminder: { ...base, id: `${ev.id}-${userId}`, kind, title, body } }))
  const label = state.number ? `${state.number} ${meta.title}` : meta.title
  switch (ev.type) {
    case 'assign': {
      // New work shows in the bell as well as in a desktop notification (docs/decisions.md).
      const units = [meta.leadUnitId, ...meta.assistUnitIds]
      const out = units.flatMap((u) =>
        to(handlersOf(hub, u), 'assigned', `新交办：${label}`, `${u === meta.leadUnitId ? '主办' : '协办'}，${dir.label(meta.assignedBy)}交办，办理期限 ${state.deadline.dueDate}`)
      )
      if (meta.recordedBy)
        out.push(
          ...to([meta.assignedBy], 'recorded', `代录待核对：${label}`, `${who} 代您录入了该交办件，请核对；如有出入可撤销后重新交办`)
        )
      return out
    }
    case 'chase': {
      const target = ev.payload?.targetUnitId ?? meta.leadUnitId
      return to(handlersOf(hub, target), 'chase', `催办：${meta.title}`, `${who} 催办${ev.payload?.text ? `：${ev.payload.text}` : ''}`)
    }
    case 'extension_decision': {
      // The reminder states the new date; the handler should not have to open the task to learn it.
      const granted = state.extensions.find((x) => x.requestId === ev.payload?.requestId)?.decision?.newDueDate
      const body = ev.payload?.granted ? `办理期限延至 ${granted ?? state.deadline.dueDate}` : `办理期限仍为 ${state.deadline.dueDate}`
      return to(handlersOf(hub, meta.leadUnitId), 'extension_decision', `延期${ev.payload?.granted ? '已批准' : '未批准'}：${meta.title}`, ev.payload?.text ? `${body}。意见：${ev.payload.text}` : body)
    }
    case 'accept':
      return to(handlersOf(hub, meta.leadUnitId), 'accepted', `已审核办结：${meta.title}`, ev.payload?.text ? `意见：${ev.payload.text}` : `${who} 审核通过`)
    case 'correct':
      return to([meta.leadUnitId, ...meta.assistUnitIds].flatMap((u) => handlersOf(hub, u)), 'assigned', `交办内容更正：${label}`, ev.payload?.reason ?? '')
    case 'cancel':
      return to([...meta.assistUnitIds, meta.leadUnitId].flatMap((u) => handlersOf(hub, u)), 'cancelled', `已撤销：${meta.title}`, ev.payload?.reason ?? '')
    case 'return':
      return to(handlersOf(hub, meta.leadUnitId), 'returned', `退回重办：${meta.title}`, ev.payload?.reason ?? '')
    case 'extension_request':
      return to([meta.assignedBy], 'extension_decision', `延期申请待审批：${meta.title}`, `${who}：${ev.payload?.reason ?? ''}`)
    case 'completion_report':
      return to([meta.assignedBy], 'reported', `办结报告待审核：${meta.title}`, who)
    default:
      return []
  }
}
