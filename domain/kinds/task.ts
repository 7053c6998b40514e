/**
 * The 交办件 (leader-assigned task) as a record kind: its room, layout, access,
 * the index rooms that list it and the reminders it raises (as codes; each
 * client words them, renderer/src/i18n). Its state machine is domain/task/workflow.ts.
 */
import type * as Y from 'yjs'
import { SHANGHAI_OFFSET_MS, shanghaiYear } from '../calendar'
import type { Actor } from '../directory'
import type { Reminder } from '../index-rooms'
import { taskAccess } from '../task/access'
import { orderedEvents, readMeta, readTaskState } from '../task/doc'
import type { RecordSummary, TaskEvent, TaskMeta, TaskState } from '../task/types'
import type { RoomKind } from './types'

export const TASK_KIND = 'task'

export const taskKind: RoomKind = {
  name: TASK_KIND,
  layout: {
    meta: 'Y.Map: what was issued (TaskMeta), written once with the assign event',
    events: 'Y.Array: TaskEvent, append-only',
    receipts: 'Y.Map: event id → { seq, at } (server only)',
    server: 'Y.Map: state, summary (server only; not rewritten for a 反馈, see readTaskState)'
  },
  writtenBy: 'clients',
  record: true,
  access: (actor: Actor, _id: string, doc: Y.Doc | null) => taskAccess(actor, doc ? readMeta(doc) : null),
  replay: (doc) => ({ meta: readMeta(doc), events: orderedEvents(doc), state: readTaskState(doc) })
}

/**
 * The index rooms that list a task: the inbox of every participating unit, the
 * assigning leader's 我交办的, and the county oversight room of the year it was
 * assigned (Shanghai time; docs/decisions.md, "The oversight index by year").
 */
export function taskIndexRooms(s: Pick<RecordSummary, 'leadUnitId' | 'assistUnitIds' | 'assignedBy' | 'createdAt'>): string[] {
  return [...new Set([s.leadUnitId, ...s.assistUnitIds])].map((u) => `inbox:${u}`).concat(`mine:${s.assignedBy}`, `oversight:${oversightYearOf(s.createdAt)}`)
}

/** The oversight period a record belongs to for its whole life: the year it was assigned. */
export const oversightYearOf: (createdAt: number) => string = shanghaiYear

/** The server times [from, to) of one oversight year: its Shanghai new year to the next. */
export function oversightYearRange(year: string): [from: number, to: number] {
  const y = Number(year)
  return [Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MS, Date.UTC(y + 1, 0, 1) - SHANGHAI_OFFSET_MS]
}

/** What the reminders need from the directory. */
export interface ReminderPeople {
  /** Clerks and heads of a unit: who handles its records. */
  handlersOf(unitId: string): string[]
  /** "清泉镇 张三": a person as the trail names them (names are data, shown as they are). */
  label(userId: string): string
}

export interface Addressed {
  userId: string
  reminder: Reminder
}

/** The reminders one accepted event raises, as codes and parameters. */
export function taskEventReminders(meta: TaskMeta, ev: TaskEvent, at: number, people: ReminderPeople, state?: TaskState): Addressed[] {
  const base = { at, recordId: meta.id }
  const who = people.label(ev.actorId)
  // The number (交办〔2026〕23号) leads the title once the server has given one.
  const title = state?.number ? `${state.number} ${meta.title}` : meta.title
  const to = (userIds: string[], kind: Reminder['kind'], code: string, params: Reminder['params']): Addressed[] =>
    userIds.map((userId) => ({ userId, reminder: { ...base, id: `${ev.id}-${userId}`, kind, code, params: { title, ...params } } }))
  const units = [meta.leadUnitId, ...meta.assistUnitIds]
  switch (ev.type) {
    case 'assign': {
      // New work shows in the bell as well as in a desktop notification (docs/decisions.md).
      const out = units.flatMap((u) =>
        to(people.handlersOf(u), 'assigned', u === meta.leadUnitId ? 'task.assigned_lead' : 'task.assigned_assist', {
          leader: people.label(meta.assignedBy),
          dueDate: state?.deadline.dueDate ?? ''
        })
      )
      // 代录: the leader checks what 督查室 recorded in their name, and may correct or cancel it.
      if (meta.recordedBy) out.push(...to([meta.assignedBy], 'recorded', 'task.recorded', { who }))
      return out
    }
    case 'chase':
      return to(people.handlersOf(ev.payload?.targetUnitId ?? meta.leadUnitId), 'chase', 'task.chase', { who, text: ev.payload?.text ?? '' })
    case 'extension_decision': {
      // The reminder states the new date: the handler should not have to open the task to learn it.
      const granted = state?.extensions.find((x) => x.requestId === ev.payload?.requestId)?.decision?.newDueDate
      const dueDate = granted ?? state?.deadline.dueDate ?? ''
      return to(people.handlersOf(meta.leadUnitId), 'extension_decision', ev.payload?.granted ? 'task.extension_granted' : 'task.extension_refused', {
        text: ev.payload?.text ?? '',
        dueDate
      })
    }
    case 'accept':
      return to(people.handlersOf(meta.leadUnitId), 'accepted', 'task.accepted', { who, text: ev.payload?.text ?? '' })
    case 'correct':
      return to(
        units.flatMap((u) => people.handlersOf(u)),
        'assigned',
        'task.corrected',
        { reason: ev.payload?.reason ?? '' }
      )
    case 'cancel':
      return to(
        units.flatMap((u) => people.handlersOf(u)),
        'cancelled',
        'task.cancelled',
        { reason: ev.payload?.reason ?? '' }
      )
    case 'return':
      return to(people.handlersOf(meta.leadUnitId), 'returned', 'task.returned', { reason: ev.payload?.reason ?? '' })
    case 'extension_request':
      return to([meta.assignedBy], 'extension_decision', 'task.extension_requested', { who, reason: ev.payload?.reason ?? '' })
    case 'completion_report':
      return to([meta.assignedBy], 'reported', 'task.reported', { who })
    default:
      return []
  }
}

/** A calendar change moved a running deadline: the units and the leader learn both dates and why. */
export function deadlineMovedReminders(meta: TaskMeta, from: string, toDate: string, why: string, at: number, people: ReminderPeople): Addressed[] {
  const ids = [...new Set([meta.leadUnitId, ...meta.assistUnitIds].flatMap((u) => people.handlersOf(u)).concat(meta.assignedBy))]
  return ids.map((userId) => ({
    userId,
    reminder: {
      id: `moved-${meta.id}-${toDate}-${userId}`,
      at,
      kind: 'deadline_moved',
      recordId: meta.id,
      code: 'task.deadline_moved',
      params: { title: meta.title, from, to: toDate, why }
    }
  }))
}

/** Lead and assisting units' handlers; for red also the assigning leader. */
export function warningReminders(meta: TaskMeta, level: 'yellow' | 'red', dueDate: string, at: number, people: ReminderPeople): Addressed[] {
  const ids = [meta.leadUnitId, ...meta.assistUnitIds].flatMap((u) => people.handlersOf(u))
  if (level === 'red') ids.push(meta.assignedBy)
  return ids.map((userId) => ({
    userId,
    reminder: {
      id: `warn-${meta.id}-${level}-${userId}`,
      at,
      kind: level,
      recordId: meta.id,
      code: level === 'red' ? 'task.red' : 'task.yellow',
      params: { title: meta.title, dueDate }
    }
  }))
}

/** The once-a-day digest for a unit's handlers. */
export const digestReminder = (userId: string, date: string, at: number, yellow: number, red: number): Reminder => ({
  id: `digest-${date}-${userId}`,
  at,
  kind: 'digest',
  code: 'digest',
  params: { date, yellow, red }
})
