/**
 * What a user can do to a task, written as events into its doc. The domain's
 * checks run first so a refused action is explained here rather than by the
 * server; the server checks again regardless.
 */
import type * as Y from 'yjs'
import type { Actor } from '@domain/directory'
import type { DomainError } from '@domain/errors'
import { appendEvent, writeNewTask } from '@domain/task/doc'
import type { Attachment, TaskEvent, TaskEventType, TaskMeta, TaskState } from '@domain/task/types'
import { checkEvent, checkMeta, type TaskContext } from '@domain/task/workflow'
import { rooms } from '@domain/rooms'
import type { RoomManager } from '@renderer/core/sync/manager'
import { stripBidi } from '@domain/text/search'

/** 32 hex characters: fits the room-id rule /^[A-Za-z0-9_-]{1,64}$/. */
export const newId = (): string => crypto.randomUUID().replace(/-/g, '')

export type CommandResult = { ok: true; id: string } | { ok: false; error: DomainError }

export interface NewTaskFields {
  title: string
  requirement: string
  taskClass: TaskMeta['taskClass']
  agencyType?: string
  leadUnitId: string
  assistUnitIds: string[]
  /** Files already uploaded for room `task:<id>` (so the id must be chosen before upload). */
  attachments?: Attachment[]
  /** The leader's earlier date (YYYY-MM-DD); the server checks it against the rule. */
  dueBy?: string
  /** 代录: the leader a 督查室 supervisor records this for. */
  forLeaderId?: string
}

/** `id` is chosen by the caller when files were uploaded for the task before it exists. */
export async function createTask(manager: RoomManager, me: Actor, f: NewTaskFields, id: string = newId(), now: number = Date.now()): Promise<CommandResult> {
  const leader = f.forLeaderId ? manager.actorOf(f.forLeaderId) : undefined
  if (f.forLeaderId && !leader) return { ok: false, error: { code: 'BAD_LEADER', message: '代录的交办领导无效' } }
  const meta: TaskMeta = {
    id,
    // Invisible direction controls are dropped here; the server refuses any that get through.
    title: stripBidi(f.title).trim(),
    requirement: stripBidi(f.requirement).trim(),
    taskClass: f.taskClass,
    ...(f.taskClass === 'agency' && f.agencyType ? { agencyType: f.agencyType } : {}),
    leadUnitId: f.leadUnitId,
    assistUnitIds: f.assistUnitIds.filter((u) => u !== f.leadUnitId),
    assignedBy: leader ? leader.userId : me.userId,
    assignedByUnitId: leader ? leader.unitId : me.unitId,
    ...(leader ? { recordedBy: me.userId, recordedByUnitId: me.unitId } : {}),
    ...(f.dueBy ? { dueBy: f.dueBy } : {}),
    ...(f.attachments?.length ? { attachments: f.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, mime: a.mime })) } : {})
  }
  const check = checkMeta(meta, me, { ...manager.taskContext(), personOf: (u) => manager.actorOf(u) }, now)
  if (!check.ok) return check
  const assign: TaskEvent = { id: newId(), type: 'assign', actorId: me.userId, unitId: me.unitId, clientAt: Date.now() }
  const name = rooms.task(id)
  const room = manager.acquire(name)
  try {
    await room.whenLoaded()
    writeNewTask(room.doc, meta, assign)
  } finally {
    manager.release(name)
  }
  return { ok: true, id }
}

export function act(
  doc: Y.Doc,
  meta: TaskMeta,
  state: TaskState | null,
  me: Actor,
  type: Exclude<TaskEventType, 'assign'>,
  payload: TaskEvent['payload'] | undefined,
  ctx: TaskContext,
  now: number
): CommandResult {
  const p = payload ? stripEmpty(payload) : undefined
  const ev: TaskEvent = { id: newId(), type, actorId: me.userId, unitId: me.unitId, clientAt: Date.now(), ...(p ? { payload: p } : {}) }
  const check = checkEvent(meta, state, me, ev, now, ctx)
  if (!check.ok) return check
  appendEvent(doc, ev)
  return { ok: true, id: ev.id }
}

/** Drops undefined, blank and empty-list optional fields: the event schema is strict and stored forever. */
function stripEmpty(p: NonNullable<TaskEvent['payload']>): TaskEvent['payload'] | undefined {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)) continue
    out[k] = typeof v === 'string' ? stripBidi(v).trim() : v
  }
  return Object.keys(out).length ? (out as TaskEvent['payload']) : undefined
}
