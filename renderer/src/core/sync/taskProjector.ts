/**
 * Task rooms -> Dexie: the pending-event count, the list row while local
 * events are unsent (so an offline 签收 moves the item out of 待签收 at once),
 * and how far the cached copy has got (so index changes trigger a refresh).
 */
import type * as Y from 'yjs'
import { taskIdOf } from '@domain/rooms'
import { readTaskSummary } from '@domain/task/doc'
import type { RecordSummary, TaskMeta } from '@domain/task/types'
import { toRow, type Viewer } from '../data/summaries'
import { viewTask } from '@renderer/features/tasks/model'
import type { ProjectorCtx } from './context'
import { recordPending } from './pending'
import type { Attacher, Room } from './room'

/** Where a record created here will be listed before any index room carries it. */
export function localScopes(meta: TaskMeta, v: Viewer): string[] {
  const scopes: string[] = []
  if (meta.leadUnitId === v.unitId || meta.assistUnitIds.includes(v.unitId) || meta.assignedByUnitId === v.unitId) scopes.push('inbox')
  if (meta.assignedBy === v.userId) scopes.push('mine')
  return scopes
}

const newest = (a: RecordSummary | null, b: RecordSummary | null) => (!a ? b : !b ? a : b.updatedAt > a.updatedAt ? b : a)

async function project(ctx: ProjectorCtx, room: Room, doc: Y.Doc, id: string): Promise<void> {
  const { db, viewer } = ctx
  if (doc !== room.doc) return // replaced by a reset meanwhile
  const pending = await recordPending(db, room.name, doc)
  ctx.setPinned(room.name, pending.length > 0)
  const view = viewTask(doc, ctx.taskContext(), ctx.actorOf, ctx.now())
  const server = readTaskSummary(doc)
  await db.transaction('rw', db.summaries, db.listCounts, db.docs, async () => {
    const old = await db.summaries.get(id)
    if (view && pending.length > 0 && view.summary) {
      await db.summaries.put(toRow(view.summary, old?.scopes ?? localScopes(view.meta, viewer), viewer, true))
    } else if (old?.local) {
      const s = newest(server, ctx.indexSummary(id))
      if (s) await db.summaries.put(toRow(s, old.scopes, viewer))
      else await db.summaries.delete(id)
    } else if (old && server && server.updatedAt > old.updatedAt) {
      await db.summaries.put(toRow(server, old.scopes, viewer))
    }
    if (server && room.synced) await db.docs.put({ room: room.name, summaryUpdatedAt: server.updatedAt, syncedAt: ctx.now() })
  })
}

export function taskProjector(ctx: ProjectorCtx): Attacher {
  return (doc, room) => {
    const id = taskIdOf(room.name) ?? ''
    let timer: ReturnType<typeof setTimeout> | null = null
    const run = () => {
      timer = null
      void ctx.queue.run(() => project(ctx, room, doc, id))
    }
    const soon = () => {
      timer ??= setTimeout(run, 25)
    }
    run()
    doc.on('update', soon)
    const onSync = (s: boolean) => s && soon()
    room.provider?.on('sync', onSync)
    return () => {
      if (timer) clearTimeout(timer)
      doc.off('update', soon)
      room.provider?.off('sync', onSync)
    }
  }
}
