/**
 * "N 项待同步": events in local task docs the server has not stamped yet.
 * Kept per room in Dexie so the count survives restarts and is one cheap
 * read, and so the rooms holding unsent events are reopened at start.
 */
import type * as Y from 'yjs'
import { pendingEventIds } from '@domain/task/doc'
import type { PendingRow, UserDb } from '../data/db'

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Records the doc's unstamped events; returns the new list. Writes only on change. */
export async function recordPending(db: UserDb, room: string, doc: Y.Doc): Promise<string[]> {
  const ids = pendingEventIds(doc)
  await db.transaction('rw', db.pending, async () => {
    const old = await db.pending.get(room)
    if (ids.length === 0) {
      if (old) await db.pending.delete(room)
    } else if (!old || !same(old.eventIds, ids)) {
      await db.pending.put({ room, eventIds: ids, count: ids.length })
    }
  })
  return ids
}

export const totalPending = (rows: readonly PendingRow[]): number => rows.reduce((n, r) => n + r.count, 0)

export async function pendingTotal(db: UserDb): Promise<number> {
  return totalPending(await db.pending.toArray())
}

/** Rooms that still hold unsent events: they must be reopened to deliver them. */
export async function roomsWithPending(db: UserDb): Promise<string[]> {
  return (await db.pending.where('count').above(0).primaryKeys()) as string[]
}
