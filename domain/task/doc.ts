/**
 * Reading and writing the task Y.Doc layout (see types.ts). Both sides use
 * these, so the layout is defined once.
 */
import type * as Y from 'yjs'
import type { Receipt, RecordSummary, TaskEvent, TaskMeta, TaskState } from './types'
import type { OrderedEvent } from './workflow'

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta')
export const eventsArray = (doc: Y.Doc) => doc.getArray<TaskEvent>('events')
export const receiptsMap = (doc: Y.Doc) => doc.getMap<Receipt>('receipts')
export const serverMap = (doc: Y.Doc) => doc.getMap<unknown>('server')

export function readMeta(doc: Y.Doc): TaskMeta | null {
  const m = metaMap(doc)
  if (m.size === 0) return null
  return m.toJSON() as TaskMeta
}

/** Writes a new task: meta and the 交办 event in one transaction (one update). */
export function writeNewTask(doc: Y.Doc, meta: TaskMeta, assign: TaskEvent): void {
  doc.transact(() => {
    const m = metaMap(doc)
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) m.set(k, v)
    eventsArray(doc).push([assign])
  })
}

export function appendEvent(doc: Y.Doc, ev: TaskEvent): void {
  eventsArray(doc).push([ev])
}

/** Events in notarised order (receipt seq), then the not-yet-notarised ones in array order. */
export function orderedEvents(doc: Y.Doc): OrderedEvent[] {
  const receipts = receiptsMap(doc)
  const all = eventsArray(doc).toArray()
  const done: { e: TaskEvent; r: Receipt }[] = []
  const pending: TaskEvent[] = []
  for (const e of all) {
    const r = receipts.get(e.id)
    if (r) done.push({ e, r })
    else pending.push(e)
  }
  done.sort((a, b) => a.r.seq - b.r.seq)
  return [...done.map(({ e, r }) => ({ event: e, at: r.at })), ...pending.map((e) => ({ event: e }))]
}

/**
 * The state as the server last stored it. Since the server stopped rewriting
 * `state` and `summary` for events that move nothing but time (a 反馈: see
 * `movesOnlyTime`), its `lastEventAt` may be older than the newest receipt;
 * readers that show or compare it use `readTaskState` / `readTaskSummary`.
 * Docs written before that (every event rewrote both) read the same way.
 */
export const readServerState = (doc: Y.Doc) => (serverMap(doc).get('state') as TaskState | undefined) ?? null
export const readSummary = (doc: Y.Doc) => (serverMap(doc).get('summary') as RecordSummary | undefined) ?? null

/** Server time of the newest receipt (0 if none). O(receipts): for readers, not the update path. */
export function lastReceiptAt(doc: Y.Doc): number {
  let last = 0
  for (const r of receiptsMap(doc).values()) if (r && r.at > last) last = r.at
  return last
}

/** The stored state with `lastEventAt` brought up to the newest receipt. */
export function readTaskState(doc: Y.Doc): TaskState | null {
  const s = readServerState(doc)
  if (!s) return null
  const last = lastReceiptAt(doc)
  return last > s.lastEventAt ? { ...s, lastEventAt: last } : s
}

/** The stored summary with `updatedAt` brought up to the newest receipt. */
export function readTaskSummary(doc: Y.Doc): RecordSummary | null {
  const s = readSummary(doc)
  if (!s) return null
  const last = lastReceiptAt(doc)
  return last > s.updatedAt ? { ...s, updatedAt: last } : s
}

/**
 * True when the accepted events changed nothing of the stored state but its
 * time (`lastEventAt`): every one a 反馈 (or a no-op duplicate) and the warning
 * as before. Then the server writes only the receipts (docs/decisions.md,
 * "Cost per update"); status, deadline, warning, signatures, extensions,
 * chases and corrections are always written.
 */
export function movesOnlyTime(before: TaskState | null, after: TaskState, events: readonly TaskEvent[], noops: ReadonlySet<string>): boolean {
  if (!before) return false
  for (const e of events) if (e.type !== 'progress' && !noops.has(e.id)) return false
  const a = before.warning
  const b = after.warning
  return a.level === b.level && a.remainingWorkingDays === b.remainingWorkingDays && a.lateWorkingDays === b.lateWorkingDays && before.status === after.status
}

/** Events this doc holds that the server has not yet stamped: the "待同步" count. */
export function pendingEventIds(doc: Y.Doc): string[] {
  const receipts = receiptsMap(doc)
  return eventsArray(doc)
    .toArray()
    .filter((e) => !receipts.has(e.id))
    .map((e) => e.id)
}
