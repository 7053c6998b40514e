/** `user:<me>` reminders -> Dexie, each announced once (the alerts decide how). */
import type * as Y from 'yjs'
import { remindersArray, type Reminder } from '@domain/index-rooms'
import type { ReminderRow } from '../data/db'
import type { ProjectorCtx } from './context'
import type { Attacher } from './room'

async function store(ctx: ProjectorCtx, list: Reminder[]): Promise<void> {
  if (list.length === 0) return
  const { db } = ctx
  const added: string[] = []
  await db.transaction('rw', db.reminders, async () => {
    const olds = await db.reminders.bulkGet(list.map((r) => r.id))
    const rows: ReminderRow[] = []
    list.forEach((r, i) => {
      const old = olds[i]
      if (!old) added.push(r.id)
      rows.push({ ...r, notified: old?.notified ?? 0, read: old?.read ?? 0 })
    })
    await db.reminders.bulkPut(rows)
  })
  if (added.length) await ctx.alerts.remindersAdded(added)
}

export function reminderProjector(ctx: ProjectorCtx): Attacher {
  return (doc, room) => {
    const arr: Y.Array<Reminder> = remindersArray(doc)
    void ctx.queue.run(() => store(ctx, arr.toArray()))
    const onChange = (ev: Y.YArrayEvent<Reminder>) => {
      const inserted: Reminder[] = []
      for (const d of ev.changes.delta) if (d.insert) inserted.push(...(d.insert as Reminder[]))
      void ctx.queue.run(() => store(ctx, inserted))
    }
    arr.observe(onChange)
    const onSync = (s: boolean) => {
      if (s) void ctx.queue.run(() => ctx.alerts.remindersSynced())
    }
    room.provider?.on('sync', onSync)
    return () => {
      arr.unobserve(onChange)
      room.provider?.off('sync', onSync)
    }
  }
}
