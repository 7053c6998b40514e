/**
 * Local copy of each room: every Yjs update is appended to Dexie, and a doc is
 * rebuilt from there before any network (architecture.md, "offline-first").
 * Updates applied from storage carry ORIGIN_STORE so they are neither written
 * back nor mistaken for local edits.
 */
import * as Y from 'yjs'
import type { UserDb } from '../data/db'

export const ORIGIN_STORE = Symbol('qf:store')
/** Merge a room's rows into one when it has more than this many. */
const COMPACT_AT = 64
const WRITE_DELAY_MS = 15

/** Applies the stored updates; returns how many there were (0 = never seen this room). */
export async function loadRoom(db: UserDb, room: string, doc: Y.Doc): Promise<number> {
  const rows = await db.updates.where('room').equals(room).toArray()
  if (rows.length === 0) return 0
  Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.update)), ORIGIN_STORE)
  if (rows.length > COMPACT_AT)
    await compact(
      db,
      room,
      doc,
      rows.map((r) => r.id!)
    )
  return rows.length
}

async function compact(db: UserDb, room: string, doc: Y.Doc, ids: number[]): Promise<void> {
  const merged = Y.encodeStateAsUpdate(doc)
  await db.transaction('rw', db.updates, async () => {
    await db.updates.bulkDelete(ids)
    await db.updates.add({ room, update: merged })
  })
}

export interface Persister {
  flush(): Promise<void>
  stop(): Promise<void>
}

/** Writes every update that did not come from storage, batched a few ms apart. */
export function persistDoc(db: UserDb, room: string, doc: Y.Doc): Persister {
  let queue: Uint8Array[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  let writing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = null
    if (queue.length === 0) return writing
    const update = queue.length === 1 ? queue[0] : Y.mergeUpdates(queue)
    queue = []
    writing = writing.then(() => db.updates.add({ room, update }).then(() => undefined)).catch((e) => console.error('persist', room, e))
    return writing
  }
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === ORIGIN_STORE) return
    queue.push(update)
    timer ??= setTimeout(() => void flush(), WRITE_DELAY_MS)
  }
  doc.on('update', onUpdate)
  return {
    flush,
    async stop() {
      doc.off('update', onUpdate)
      await flush()
    }
  }
}

export async function wipeRoom(db: UserDb, room: string): Promise<void> {
  await db.transaction('rw', db.updates, db.pending, db.docs, async () => {
    await db.updates.where('room').equals(room).delete()
    await db.pending.delete(room)
    await db.docs.delete(room)
  })
}
