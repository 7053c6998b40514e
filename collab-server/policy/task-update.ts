/**
 * The notary's check of one client update to a task room.
 *
 * An append to an existing record (the everyday case) is checked BEFORE it
 * touches the doc: the update is decoded, every new struct must be an event
 * appended to `events`, every event is shape-checked and run through the
 * workflow rules, and only then is the update applied. A refusal therefore
 * costs what an acceptance costs and leaves the live doc as it was: nothing
 * to rebuild, whatever the record's history (docs/decisions.md, "Cost per
 * update").
 *
 * A delete set passes only if it names what is already deleted (a reconnecting
 * client's sync step 2 carries its whole one). Anything else (the creation of
 * a task, a delete set naming structs the server lacks, a partial resend) takes the careful
 * path: applied to the live doc while the transaction is observed, refused if
 * it is not a legal append, and the caller rebuilds the doc from the log.
 */
import * as Y from 'yjs'
import type { Actor } from '@domain/directory'
import {
  checkEvent,
  applyEvent,
  eventsArray,
  metaMap,
  parseTaskEvent,
  readMeta,
  taskMetaSchema,
  TASK_ROOTS,
  type TaskContext,
  type TaskEvent,
  type TaskMeta,
  type TaskState
} from '@domain/task'
import type { DomainError } from '@domain/errors'

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
  ctx: TaskContext,
  /** Y.decodeUpdate(update) if the caller has it already. */
  decoded?: ReturnType<typeof Y.decodeUpdate>
): Verdict {
  const meta = cachedMeta(doc)
  if (meta) {
    const fast = checkAppend(doc, update, origin, actor, meta, state, now, ctx, decoded)
    if (fast !== CAREFUL) return fast
  }
  return applyObserved(doc, update, origin, actor, meta, state, now, ctx)
}

/** Says "this update needs the careful path". */
const CAREFUL = Symbol('careful')

/**
 * The check-before-apply path for appends to an existing record. Returns
 * CAREFUL for anything it does not fully understand; never refuses a legal
 * update the careful path would accept.
 */
function checkAppend(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  actor: Actor,
  meta: TaskMeta,
  state: TaskState | null,
  now: number,
  ctx: TaskContext,
  given?: ReturnType<typeof Y.decodeUpdate>
): Verdict | typeof CAREFUL {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = given ?? Y.decodeUpdate(update)
  } catch {
    return refuse('MALFORMED_UPDATE', '无法解析的更新数据', false)
  }
  const store = doc.store
  // A delete set may only name what is already deleted (a reconnecting client sends its whole one):
  // anything else is tampering. Cost: a binary search per range, never a rebuild.
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = store.clients.get(client)
    const have = Y.getState(store, client)
    for (const { clock, len } of ranges) {
      // Deleting what the server does not have yet (or what this very update adds) is deleting all the same.
      if (!structs || clock + len > have) return refuse('APPEND_ONLY', '记录只能追加，不能删除或改写', false)
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++)
        if (!structs[i].deleted) return refuse('APPEND_ONLY', '记录只能追加，不能删除或改写', false)
    }
  }
  const events = eventsArray(doc)
  // New items of this update, by client: [clock, end) ranges, all in `events`.
  const fresh = new Map<number, { clock: number; end: number }[]>()
  const next = new Map<number, number>()
  const isFresh = (id: Y.ID) => fresh.get(id.client)?.some((r) => id.clock >= r.clock && id.clock < r.end) ?? false
  /** Where a reference points: 'events', another root, or null (not known: a missing dependency). */
  const rootOf = (id: Y.ID): string | null | typeof CAREFUL => {
    if (isFresh(id)) return 'events'
    if (id.clock >= Y.getState(store, id.client)) return null
    const s = Y.getItem(store, id)
    if (!(s instanceof Y.Item)) return CAREFUL
    const parent = s.parent as Y.AbstractType<unknown>
    if (parent === (events as unknown)) return 'events'
    if (parent._item !== null) return 'nested'
    return Y.findRootTypeKey(parent)
  }
  const added: Y.Item[] = []
  for (const s of decoded.structs) {
    const { client, clock } = s.id
    const have = next.get(client) ?? Y.getState(store, client)
    if (clock + s.length <= have) continue // already known: a resend
    if (clock < have) return CAREFUL // partly known
    if (clock > have) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步', false)
    // New GC structs are deleted content (a delete by other means); a Skip is a gap in what was sent.
    if (s instanceof Y.GC) return refuse('APPEND_ONLY', '记录只能追加，不能删除或改写', false)
    if (!(s instanceof Y.Item)) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步', false)
    let root: string | null | typeof CAREFUL
    if (typeof s.parent === 'string') root = s.parent
    else if (s.parent) root = 'nested'
    else {
      const ref = s.origin ?? s.rightOrigin
      if (!ref) return CAREFUL
      root = rootOf(ref)
    }
    // Both neighbours must be known, or the update waits on data we lack.
    for (const ref of [s.origin, s.rightOrigin]) {
      if (!ref) continue
      const r = rootOf(ref)
      if (r === CAREFUL) return CAREFUL
      if (r === null) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步', false)
      if (r !== root) return refuse('BAD_SHAPE', '不允许的数据结构', false)
    }
    if (root === CAREFUL) return CAREFUL
    if (root === null) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步', false)
    if (root === 'receipts' || root === 'server') return refuse('SERVER_FIELD', '回执时间、状态和期限只能由服务器写入', false)
    if (root === 'meta') return refuse('META_FIXED', '交办内容发出后不可更改', false)
    if (root !== 'events' || s.parentSub !== null) return refuse('BAD_SHAPE', '不允许的数据结构', false)
    if (!(s.content instanceof Y.ContentAny)) return refuse('BAD_SHAPE', '不允许的数据结构', false)
    let ranges = fresh.get(client)
    if (!ranges) fresh.set(client, (ranges = []))
    ranges.push({ clock, end: clock + s.length })
    next.set(client, clock + s.length)
    added.push(s)
  }
  if (added.length === 0) return { kind: 'noop' }
  const verdict = judge(doc, added, actor, meta, state, now, ctx, false)
  if (verdict.kind !== 'accepted') return verdict
  try {
    Y.applyUpdate(doc, update, origin)
  } catch {
    return refuse('MALFORMED_UPDATE', '无法解析的更新数据')
  }
  // Every dependency was checked above; if Yjs still waits on something, rebuild and refuse.
  if (store.pendingStructs || store.pendingDs) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步')
  for (const e of verdict.newEvents) eventIds(doc).add(e.id)
  return verdict
}

/** The careful path: apply under observation, refuse (touched) what is not a legal append or creation. */
function applyObserved(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  actor: Actor,
  metaBefore: TaskMeta | null,
  state: TaskState | null,
  now: number,
  ctx: TaskContext
): Verdict {
  eventIds(doc)
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
  const verdict = judge(doc, added, actor, meta, state, now, ctx, !metaBefore)
  if (verdict.kind === 'refused') return { ...verdict, touched: true }
  if (verdict.kind === 'accepted') {
    for (const e of verdict.newEvents) eventIds(doc).add(e.id)
    if (verdict.created) metaCache.set(doc, meta)
  }
  return verdict
}

/** Shape, uniqueness and workflow rules for the events a client added (nothing is written here). */
function judge(doc: Y.Doc, added: Y.Item[], actor: Actor, meta: TaskMeta, state: TaskState | null, now: number, ctx: TaskContext, creating: boolean): Verdict {
  const known = eventIds(doc)
  // Same client's inserts in clock order = the order it made them.
  added.sort((a, b) => a.id.client - b.id.client || a.id.clock - b.id.clock)
  const fresh: TaskEvent[] = []
  const seen = new Set<string>()
  for (const item of added) {
    if (!(item.content instanceof Y.ContentAny)) return refuse('BAD_SHAPE', '不允许的数据结构', false)
    for (const raw of item.content.getContent()) {
      const ev = parseTaskEvent(raw) as TaskEvent | null
      if (!ev) return refuse('BAD_EVENT', '事件格式错误', false)
      if (known.has(ev.id) || seen.has(ev.id)) return refuse('DUPLICATE_EVENT', '重复的事件编号', false)
      seen.add(ev.id)
      fresh.push(ev)
    }
  }
  if (fresh.length === 0) return refuse('BAD_SHAPE', '没有可识别的新事件', false)
  if (creating && fresh[0].type !== 'assign') return refuse('NOT_ASSIGNED', '新任务必须以交办开始', false)

  let s = state
  const noops = new Set<string>()
  for (const ev of fresh) {
    const c = checkEvent(meta, s, actor, ev, now, ctx)
    if (!c.ok) return { kind: 'refused', error: c.error, touched: false }
    if (c.noop) noops.add(ev.id)
    else s = applyEvent(meta, s, ev, now, ctx)
  }
  return { kind: 'accepted', meta, newEvents: fresh, noops, state: s!, created: creating }
}

/** The issued meta of a record never changes (META_FIXED): read it once per doc instance. */
const metaCache = new WeakMap<Y.Doc, TaskMeta>()
function cachedMeta(doc: Y.Doc): TaskMeta | null {
  let m = metaCache.get(doc)
  if (!m) {
    const read = readMeta(doc)
    if (!read) return null
    metaCache.set(doc, (m = read))
  }
  return m
}

/** Ids of the events a doc holds, cached per doc instance (a reloaded room is a new doc). */
const idCache = new WeakMap<Y.Doc, Set<string>>()
function eventIds(doc: Y.Doc): Set<string> {
  let ids = idCache.get(doc)
  if (!ids)
    idCache.set(
      doc,
      (ids = new Set(
        eventsArray(doc)
          .toArray()
          .map((e) => e?.id)
      ))
    )
  return ids
}

function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string | null {
  let t: Y.AbstractType<any> = type
  while (t._item) t = t._item.parent as Y.AbstractType<any>
  for (const [name, root] of doc.share) if (root === t) return name
  return null
}
