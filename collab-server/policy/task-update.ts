/**
 * The notary's check of one client update to a task room. The update is
 * applied to the live doc while the transaction is observed; anything that is
 * not a legal append of events (or the creation of a task) is refused and the
 * caller rebuilds the doc from the log, so a refused update leaves no trace
 * in the record — only in the audit trail.
 */
import * as Y from 'yjs'
import type { Actor } from '../../domain/directory'
import {
  checkEvent,
  applyEvent,
  eventsArray,
  metaMap,
  readMeta,
  taskEventSchema,
  taskMetaSchema,
  TASK_ROOTS,
  type TaskContext,
  type TaskEvent,
  type TaskMeta,
  type TaskState
} from '../../domain/task'
import type { DomainError } from '../../domain/errors'

export type Verdict =
  | { kind: 'noop' }
  | { kind: 'accepted'; meta: TaskMeta; newEvents: TaskEvent[]; noops: Set<string>; state: TaskState; created: boolean }
  | { kind: 'refused'; error: DomainError; touched: boolean }

const refuse = (code: string, message: string, touched = true): Verdict => ({ kind: 'refused', error: { code, message }, touched })

export function applyTaskUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  actor: Actor,
  state: TaskState | null,
  now: number,
  ctx: TaskContext
): Verdict {
  const metaBefore = readMeta(doc)
  const known = eventIds(doc)
  const events = eventsArray(doc)
  let tr: Y.Transaction | undefined
  const observe = (t: Y.Transaction) => {
    if (t.origin === origin) tr = t
  }
  // Only what this update inserted into the event list: O(change), not O(record).
  const added: Y.Item[] = []
  const collect = (e: Y.YArrayEvent<TaskEvent>) => {
    if (e.transaction.origin === origin) for (const item of e.changes.added) added.push(item)
  }
  doc.on('afterTransaction', observe)
  events.observe(collect)
  try {
    Y.applyUpdate(doc, update, origin)
  } catch {
    return refuse('MALFORMED_UPDATE', '无法解析的更新数据')
  } finally {
    doc.off('afterTransaction', observe)
    events.unobserve(collect)
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步')
  if (!tr || (tr.changed.size === 0 && tr.deleteSet.clients.size === 0)) return { kind: 'noop' }
  if (tr.deleteSet.clients.size > 0) return refuse('APPEND_ONLY', '记录只能追加，不能删除或改写')
  for (const type of tr.changed.keys()) {
    const root = rootName(doc, type)
    if (root === 'receipts' || root === 'server') return refuse('SERVER_FIELD', '回执时间、状态和期限只能由服务器写入')
    if (root !== 'meta' && root !== 'events') return refuse('BAD_SHAPE', '不允许的数据结构')
    if (type._item !== null) return refuse('BAD_SHAPE', '不允许的数据结构')
  }
  for (const key of doc.share.keys()) if (!(TASK_ROOTS as readonly string[]).includes(key)) return refuse('BAD_SHAPE', '不允许的数据结构')

  let meta: TaskMeta
  const metaChanged = tr.changed.has(metaMap(doc) as unknown as Y.AbstractType<Y.YEvent<any>>)
  if (metaBefore) {
    if (metaChanged) return refuse('META_FIXED', '交办内容发出后不可更改')
    meta = metaBefore
  } else {
    const parsed = taskMetaSchema.safeParse(metaMap(doc).toJSON())
    if (!parsed.success) return refuse('BAD_META', '交办内容不完整或格式错误')
    meta = parsed.data as TaskMeta
  }

  // Same client's inserts in clock order = the order it made them.
  added.sort((a, b) => a.id.client - b.id.client || a.id.clock - b.id.clock)
  const fresh: TaskEvent[] = []
  const seen = new Set<string>()
  for (const item of added) {
    if (!(item.content instanceof Y.ContentAny)) return refuse('BAD_SHAPE', '不允许的数据结构')
    for (const raw of item.content.getContent()) {
      const parsed = taskEventSchema.safeParse(raw)
      if (!parsed.success) return refuse('BAD_EVENT', '事件格式错误')
      const ev = parsed.data as TaskEvent
      if (known.has(ev.id) || seen.has(ev.id)) return refuse('DUPLICATE_EVENT', '重复的事件编号')
      seen.add(ev.id)
      fresh.push(ev)
    }
  }
  if (fresh.length === 0) return refuse('BAD_SHAPE', '没有可识别的新事件')
  if (!metaBefore && fresh[0].type !== 'assign') return refuse('NOT_ASSIGNED', '新任务必须以交办开始')

  let s = state
  const noops = new Set<string>()
  for (const ev of fresh) {
    const c = checkEvent(meta, s, actor, ev, now, ctx)
    if (!c.ok) return { kind: 'refused', error: c.error, touched: true }
    if (c.noop) noops.add(ev.id)
    else s = applyEvent(meta, s, ev, now, ctx)
  }
  for (const id of seen) known.add(id)
  return { kind: 'accepted', meta, newEvents: fresh, noops, state: s!, created: !metaBefore }
}

/** Ids of the events a doc holds, cached per doc instance (a reloaded room is a new doc). */
const idCache = new WeakMap<Y.Doc, Set<string>>()
function eventIds(doc: Y.Doc): Set<string> {
  let ids = idCache.get(doc)
  if (!ids) idCache.set(doc, (ids = new Set(eventsArray(doc).toArray().map((e) => e?.id))))
  return ids
}

function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string | null {
  let t: Y.AbstractType<any> = type
  while (t._item) t = t._item.parent as Y.AbstractType<any>
  for (const [name, root] of doc.share) if (root === t) return name
  return null
}
