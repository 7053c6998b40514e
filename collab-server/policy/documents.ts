/**
 * 公文 on the server (docs/decisions.md, "公文 (official documents)"): the checks of client
 * updates to 发文 and 收文 rooms with the pure policy of domain/document, and what the server
 * writes because of them in the same durable step — receipts, state, the step snapshot, the
 * 发文字号 / 收文编号 from the counter room (one SQLite transaction with the event), one 收文 room
 * per recipient at 核发, the sender's per-recipient progress, and each unit's 公文 box.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { shanghaiDate, yearOf, type WorkCalendar } from '@domain/calendar'
import type { Actor, Person, Unit } from '@domain/directory'
import {
  allocate,
  applyIncoming,
  applyOutgoing,
  applyWithdrawal,
  canonicalContent,
  checkEdit,
  checkFields,
  checkIncoming,
  checkOutgoing,
  DEFAULT_DOCUMENT_RULES,
  DOCBOX_KIND,
  docArchiveRoom,
  docArchiveYearOf,
  DOC_LIST_YEAR,
  docListYearMark,
  docListYearOf,
  DOCCOUNTERS,
  DOCNUMBERS_KIND,
  DOCDEADLINES,
  DOCDEADLINE_YEARS,
  docDeadlineYearOf,
  docDeadlineYearRoom,
  docDeadlineYears,
  type DocDeadlineRow,
  DOCWHERE,
  DOCPUB_KIND,
  docpubReaders,
  whereIncoming,
  whereOutgoing,
  withIncomingWarning,
  docCounterKey,
  DOCIN_KIND,
  DOCOUT_KIND,
  externalRegistrationSchema,
  formatDocNumber,
  formatIncomingNumber,
  incomingCounterKey,
  incomingEventSchema,
  incomingId,
  initialIncoming,
  outgoingEventSchema,
  progressOf,
  readFields,
  readIncomingMeta,
  readIncomingState,
  readOutgoingState,
  unitOfIncomingId,
  CLASSIFIED_RULE,
  deadlineRowOf,
  DOCUMENT_DEPLOYMENT_KEY,
  readDocumentDeployment,
  type DocumentDeployment,
  newAttachmentIds,
  outgoingRoom,
  publishedRoom,
  type Attachment,
  type CounterState,
  type DocSummary,
  type DocumentContext,
  type DocumentRules,
  type IncomingEvent,
  type IncomingMeta,
  type IncomingState,
  type OutgoingEvent,
  type OutgoingState,
  type RecipientProgress
} from '@domain/document'
import type { DirectoryService } from '../directory'
import { pushReminder, unitHandlers } from '../indexer'
import type { Reminder } from '@domain/index-rooms'
import { removeEntry, type KindPlugin, type KindVerdict, type RoomWriter, type StepRunner } from '../rooms/kind-plugin'
import { EMPTY_AUTHOR_BOOK, recordUpdate, type AuthorBook } from '@domain/document/traces'

/** The trace attribution of a 发文 room from its audit rows (accepted client updates only). */
export function authorBookOf(rows: { kind: string; userId: string | null; at: number; update: Uint8Array | null }[]): AuthorBook {
  let book = EMPTY_AUTHOR_BOOK
  for (const r of rows) if (r.kind === 'client' && r.userId && r.update) book = recordUpdate(book, r.update, r.userId, r.at)
  return book
}

export interface DocumentKindEnv {
  directory(): DirectoryService
  units(): Unit[]
  calendar(): WorkCalendar
  rules?: Partial<DocumentRules>
  /** Deployment flag for classified networks (off by default: 密级 is refused). */
  classifiedAllowed?: boolean
  /** The room's audit rows (client rows carry the authenticated user, server time and the update). */
  trail?(room: string): { kind: string; userId: string | null; at: number; update: Uint8Array | null }[]
  /** Referenced files not registered for the room (collab-server/http/file-routes.ts): a dangling or borrowed reference is refused. */
  unknownAttachments?(room: string, ids: string[]): string[]
  /** Registers files of one room for another, without copying bytes (domain/document/attachments.ts says which). */
  shareAttachments?(from: string, to: string, ids: string[]): void
  /** How often open 收文 deadlines are re-judged (as electronic supervision does for 交办件). */
  sweepIntervalMs?: number
}

const refuse = (code: string, message: string, touched = true): KindVerdict => ({ kind: 'refused', code, message, touched })
/** Whether any of `ids` was not uploaded for `room` (with no file store wired, every reference is unknown). */
const unknownFiles = (env: DocumentKindEnv, room: string, ids: string[]) => (env.unknownAttachments ? env.unknownAttachments(room, ids).length > 0 : true)

function contextOf(env: DocumentKindEnv): DocumentContext {
  const dir = env.directory()
  const units = env.units()
  return {
    cal: env.calendar(),
    rules: { ...DEFAULT_DOCUMENT_RULES, ...env.rules },
    units,
    personOf: (id: string): Person | undefined => dir.person(id),
    profileOf: (unitId: string) => {
      const u = units.find((x) => x.id === unitId)
      return u && { docCode: u.docCode, issuerMark: u.issuerMark, formalName: u.formalName }
    },
    classifiedAllowed: env.classifiedAllowed === true
  }
}

/** Applies a client update to the live doc and reports what it touched: roots, new array items, deletions in `events`. */
function observe(doc: Y.Doc, update: Uint8Array, origin: unknown) {
  let tr: Y.Transaction | undefined
  const added: Y.Item[] = []
  let eventDeletes = 0
  const events = doc.getArray('events')
  const onTr = (t: Y.Transaction) => void (t.origin === origin && (tr = t))
  const onEvents = (e: Y.YArrayEvent<unknown>) => {
    if (e.transaction.origin !== origin) return
    for (const item of e.changes.added) added.push(item)
    eventDeletes += e.changes.deleted.size
  }
  doc.on('afterTransaction', onTr)
  events.observe(onEvents)
  try {
    Y.applyUpdate(doc, update, origin)
  } catch {
    return { error: refuse('MALFORMED_UPDATE', '无法解析的更新数据') }
  } finally {
    doc.off('afterTransaction', onTr)
    events.unobserve(onEvents)
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) return { error: refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步') }
  const roots = new Set<string>()
  if (tr) {
    for (const type of tr.changed.keys()) roots.add(rootName(doc, type) ?? '?')
    // Deletions show as changes of their parent types; a delete of a whole root's child counts there.
    tr.deleteSet.clients.forEach((_, client) => void client)
  }
  return { tr, added, eventDeletes, roots }
}

function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string | null {
  let t: Y.AbstractType<any> = type
  while (t._item) t = t._item.parent as Y.AbstractType<any>
  for (const [name, root] of doc.share) if (root === t) return name
  return null
}

/** The new events an update appended, parsed; null when one is malformed. */
function newEvents<T extends { id: string }>(added: Y.Item[], known: Set<string>, parse: (raw: unknown) => T | null): T[] | 'bad' | 'dup' {
  added.sort((a, b) => a.id.client - b.id.client || a.id.clock - b.id.clock)
  const out: T[] = []
  for (const item of added) {
    if (!(item.content instanceof Y.ContentAny)) return 'bad'
    for (const raw of item.content.getContent()) {
      const ev = parse(raw)
      if (!ev) return 'bad'
      if (known.has(ev.id) || out.some((x) => x.id === ev.id)) return 'dup'
      out.push(ev)
    }
  }
  return out
}

const idCache = new WeakMap<Y.Doc, Set<string>>()
function knownIds(doc: Y.Doc): Set<string> {
  let ids = idCache.get(doc)
  if (!ids)
    idCache.set(
      doc,
      (ids = new Set(
        doc
          .getArray<{ id: string }>('events')
          .toArray()
          .map((e) => e?.id)
      ))
    )
  return ids
}

// ------------------------------------------------------------------ counters

/**
 * The next number under `key` (a 代字 or a unit, and `year`): `last` per key in the counter room,
 * which record got which number in that year's `docnumbers:<year>` room (a room per year, so
 * neither grows with the county's history). An older folder's `given` in the counter room is
 * still read, so a record numbered before the split keeps its number.
 */
function takeNumber(w: RoomWriter, key: string, year: number, recordId: string): number {
  const d = w.doc(DOCCOUNTERS)
  const yearRoom = `${DOCNUMBERS_KIND}:${year}`
  const givenKey = `${key}|${recordId}`
  const had = w.doc(yearRoom).getMap<number>('given').get(givenKey) ?? d.getMap<number>('given').get(givenKey)
  const state: CounterState = {
    last: { [key]: (d.getMap<number>('last').get(key) as number | undefined) ?? 0 },
    given: { [key]: had !== undefined ? { [recordId]: had } : {} }
  }
  const r = allocate(state, key, recordId)
  if (r.fresh) {
    w.write(DOCCOUNTERS, `编号：${key} 第${r.n}号`, (doc) => doc.getMap<number>('last').set(key, r.n))
    w.write(yearRoom, `编号：${key} 第${r.n}号 给 ${recordId}`, (doc) => doc.getMap<number>('given').set(givenKey, r.n))
  }
  return r.n
}

// ------------------------------------------------------------------ reminders

/** Reminders as codes (the client words them: kinds.reminder.document.* in i18n/parts/documents.ts). */
function remind(
  w: RoomWriter,
  userIds: Iterable<string>,
  kind: Reminder['kind'],
  code: string,
  key: string,
  params: Record<string, string | number | boolean>
): void {
  for (const u of new Set(userIds)) pushReminder(w, u, { id: `${key}-${u}`, at: w.now, kind, code, params })
}
const handlersOf = unitHandlers
/** 签收 is the 收发员's job: deliveries and 提醒签收 go to the unit's clerks (its head sees the 公文箱). */
const clerksOf = (dir: DirectoryService, unitId: string) => {
  const clerks = dir
    .peopleOfUnit(unitId)
    .filter((p) => p.roles.includes('clerk'))
    .map((p) => p.id)
  return clerks.length ? clerks : handlersOf(dir, unitId)
}
const headsOf = (dir: DirectoryService, unitId: string) =>
  dir
    .peopleOfUnit(unitId)
    .filter((p) => p.roles.includes('head'))
    .map((p) => p.id)

// ------------------------------------------------------------------ index

/**
 * The unit's 公文箱 row, and the county's "where is it now" list: open 发文 and open 收文 once
 * signed for (until then the 发文's row says which units have not signed), closed ones leave it.
 */
function writeBox(w: RoomWriter, unitId: string, row: DocSummary, county = true, closedAt = w.now): void {
  const box = `${DOCBOX_KIND}:${unitId}`
  // The box keeps what is open; a closed row moves to the unit's list of the year it closed, so the box
  // (kept open by every client of the unit) does not grow with the history, and what closed in the last
  // year is in this year's or last year's list. The record notes that year: a later rewrite of the row
  // stays in the same list, and the archive step removes it from there (docs/decisions.md).
  if (row.open === false) writeClosed(w, unitId, row, closedAt)
  else {
    reopen(w, unitId, row)
    w.write(box, `公文箱：${row.title}`, (d) => d.getMap<DocSummary>('items').set(row.room, { ...row, unitId }))
  }
  if (!county) return
  if (row.open) w.write(DOCWHERE, `在办公文：${row.title}`, (d) => d.getMap<DocSummary>('items').set(row.room, { ...row, unitId }))
  else removeEntry(w, DOCWHERE, row.room, `公文办毕：${row.title}`)
}

const recordExists = (doc: Y.Doc) => readOutgoingState(doc) !== null || readIncomingMeta(doc) !== null

/** A closed row: into the year list the record names (or the year it closes now), out of the box. */
function writeClosed(w: RoomWriter, unitId: string, row: DocSummary, closedAt: number): void {
  const record = w.doc(row.room)
  const mark = docListYearMark(record)
  const listed = mark ? w.doc(docArchiveRoom(unitId, mark)).getMap<DocSummary>('items').get(row.room) : undefined
  const r: DocSummary = { ...row, unitId, closedAt: listed?.closedAt ?? closedAt }
  const year = mark ?? docListYearOf(r.closedAt!)
  w.write(docArchiveRoom(unitId, year), `公文办毕列入${year}年：${row.title}`, (d) => d.getMap<DocSummary>('items').set(row.room, r))
  if (!mark) {
    // A row listed by the old rule (the year it began) moves to the list of the year it closed.
    const old = docArchiveYearOf(row)
    if (old !== year) removeEntry(w, docArchiveRoom(unitId, old), row.room, `公文移入${year}年办毕列表：${row.title}`)
    if (recordExists(record)) w.write(row.room, `公文办毕列入${year}年列表`, (d) => d.getMap('server').set(DOC_LIST_YEAR, year))
  }
  removeEntry(w, `${DOCBOX_KIND}:${unitId}`, row.room, `公文箱移出（已办毕）：${row.title}`)
}

/** A row that opens again (a 发文 sent again to a unit that returned it) leaves its year list for the box. */
function reopen(w: RoomWriter, unitId: string, row: DocSummary): void {
  const record = w.doc(row.room)
  const mark = docListYearMark(record)
  if (!mark) return
  removeEntry(w, docArchiveRoom(unitId, mark), row.room, `公文重新在办，移出${mark}年办毕列表：${row.title}`)
  w.write(row.room, '公文重新在办', (d) => d.getMap('server').delete(DOC_LIST_YEAR))
}

function outgoingRow(
  id: string,
  s: OutgoingState,
  title: string,
  urgency: DocSummary['urgency'],
  progress: Record<string, RecipientProgress> = {}
): DocSummary {
  const where = whereOutgoing(s, progress)
  return {
    id,
    room: `${DOCOUT_KIND}:${id}`,
    kind: 'out',
    title,
    docNumber: s.docNumber,
    status: s.status,
    urgency,
    since: where.since,
    updatedAt: s.lastEventAt,
    startedAt: s.createdAt,
    holder: where.holder,
    step: where.step,
    open: where.open
  }
}
function incomingRow(m: IncomingMeta, s: IncomingState): DocSummary {
  const where = whereIncoming(m, s)
  return {
    holder: where.holder,
    step: where.step,
    open: where.open,
    id: m.id,
    room: `${DOCIN_KIND}:${m.id}`,
    kind: 'in',
    title: m.title,
    docNumber: m.docNumber,
    incomingNumber: s.number,
    status: s.status,
    urgency: m.urgency,
    fromUnitId: m.fromUnitId,
    fromOrg: m.fromOrg,
    since: s.since,
    dueDate: s.instruction?.dueDate,
    warning: s.warning,
    updatedAt: s.lastEventAt,
    startedAt: m.deliveredAt
  }
}

const VERB_OUT: Record<OutgoingEvent['type'], string> = {
  create: '拟稿',
  submit: '送核稿',
  review_return: '退回修改',
  review_approve: '核稿通过',
  sign: '签发',
  unsign: '撤回签发',
  issue: '登记核发',
  reissue: '重新分发',
  remind: '提醒签收',
  withdraw: '撤销'
}
const VERB_IN: Record<IncomingEvent['type'], string> = {
  sign: '签收',
  register: '登记',
  accept: '初审通过',
  return: '初审退回',
  propose: '拟办',
  instruct: '批办',
  progress: '承办反馈',
  add_readers: '安排传阅',
  read: '阅文',
  chase: '催办',
  complete: '办结'
}

// ------------------------------------------------------------------ 发文

export function docoutPlugin(env: DocumentKindEnv): KindPlugin {
  return {
    kind: DOCOUT_KIND,
    check({ room, id, doc, update, origin, actor, now }) {
      const before = readOutgoingState(doc)
      const known = knownIds(doc) // before the update is applied
      const filesBefore = doc.getMap('fields').get('attachments') as Attachment[] | undefined
      const o = observe(doc, update, origin)
      if ('error' in o) return o.error!
      const { tr, added, eventDeletes, roots } = o
      if (!tr || (tr.changed.size === 0 && tr.deleteSet.clients.size === 0)) return { kind: 'noop' }
      for (const r of roots) {
        if (r === 'receipts' || r === 'server' || r === 'progress' || r === 'snapshots') return refuse('SERVER_FIELD', '回执、状态、编号和留痕只能由服务器写入')
        if (r !== 'fields' && r !== 'body' && r !== 'events') return refuse('BAD_SHAPE', '不允许的数据结构')
      }
      if (eventDeletes > 0) return refuse('APPEND_ONLY', '办理记录只能追加，不能删除或改写')
      const ctx = contextOf(env)
      const evs = newEvents(added, known, (raw) => {
        const p = outgoingEventSchema.safeParse(raw)
        return p.success ? (p.data as OutgoingEvent) : null
      })
      if (evs === 'bad') return refuse('BAD_EVENT', '事件格式错误')
      if (evs === 'dup') return refuse('DUPLICATE_EVENT', '重复的事件编号')
      // 密级 first: whoever writes it, whatever else the update does, it is refused with the rule.
      if (roots.has('fields')) {
        const f = doc.getMap('fields').toJSON()
        const c = checkFields(f, ctx, false)
        if (!c.ok) return refuse(c.error.code, c.error.message)
        // Only files this update adds are looked up: a keystroke in the title costs no query.
        const added = newAttachmentIds(filesBefore, f.attachments as Attachment[] | undefined)
        if (added.length && unknownFiles(env, room, added)) return refuse('UNKNOWN_ATTACHMENT', '引用的附件不存在或不属于该公文')
      }
      let s = before
      // Read only when events need it: a keystroke in the body costs the same however many units reported.
      const progress = evs.length ? Object.fromEntries(doc.getMap<RecipientProgress>('progress').entries()) : {}
      for (const ev of evs) {
        if (ev.type === 'create' && ev.payload?.header?.id !== id) return refuse('BAD_HEADER', '公文编号与房间不符')
        const c = checkOutgoing(s, actor, ev, now, ctx, { fields: doc.getMap('fields').toJSON(), progress })
        if (!c.ok) return refuse(c.error.code, c.error.message)
        if (c.noop) continue
        const facts =
          ev.type === 'sign'
            ? {
                contentHash: createHash('sha256')
                  .update(canonicalContent(readFields(doc), doc.getXmlFragment('body')))
                  .digest('hex')
              }
            : ev.type === 'issue'
              ? { serial: 0, fields: readFields(doc) } // the number is taken from the counter in the same step (effects)
              : {}
        s = applyOutgoing(s, ev, now, ctx, facts)
      }
      // Edits of the body or fields: by the state before this update, or the draft this update created.
      if (roots.has('fields') || roots.has('body')) {
        const c = checkEdit(before ?? (evs[0]?.type === 'create' ? s : null), actor)
        if (!c.ok) return refuse(c.error.code, c.error.message)
      }
      if (evs.length === 0) {
        if (!before) return refuse('NOT_CREATED', '公文尚未创建')
        const title = readFields(doc).title
        return { kind: 'accepted', summary: `${env.directory().label(actor.userId)} 修改${roots.has('body') ? '正文' : '公文要素'}《${title}》` }
      }
      const verbs = evs.map((e) => VERB_OUT[e.type]).join('、')
      const fields = readFields(doc)
      const state = s!
      for (const e of evs) known.add(e.id)
      return {
        kind: 'accepted',
        summary: `${env.directory().label(actor.userId)} ${verbs}《${fields.title || '（无标题）'}》`,
        accessChanged: true,
        effects: (w) => outgoingEffects(w, room, id, evs, state, fields, actor, ctx, env)
      }
    }
  }
}

function outgoingEffects(
  w: RoomWriter,
  room: string,
  id: string,
  evs: OutgoingEvent[],
  state0: OutgoingState,
  fields: ReturnType<typeof readFields>,
  actor: Actor,
  ctx: DocumentContext,
  env: DocumentKindEnv
): void {
  let state = state0
  const issued = evs.some((e) => e.type === 'issue')
  if (issued) {
    const code = ctx.profileOf(state.header.draftingUnitId)!.docCode!
    const year = yearOf(shanghaiDate(w.now))
    const n = takeNumber(w, docCounterKey(code, year), year, id)
    state = { ...state, docNumber: formatDocNumber(code, year, n) }
  }
  const liveDoc = w.doc(room)
  w.write(room, `服务器回执：${evs.map((e) => VERB_OUT[e.type]).join('、')}《${fields.title}》`, (d) => {
    const receipts = d.getMap<{ seq: number; at: number }>('receipts')
    let seq = receipts.size
    for (const e of evs) receipts.set(e.id, { seq: ++seq, at: w.now })
    d.getMap('server').set('state', state)
    // A snapshot at every workflow step: the traces compare any two of them.
    const snaps = d.getArray<{ eventId: string; type: string; at: number; snapshot: Uint8Array }>('snapshots')
    for (const e of evs) if (e.type !== 'remind') snaps.push([{ eventId: e.id, type: e.type, at: w.now, snapshot: Y.encodeSnapshot(Y.snapshot(liveDoc)) }])
    // Who wrote and deleted what, from the audited client rows (their user is the authenticated one):
    // rebuilt at workflow steps only, never on the path of a keystroke.
    if (env.trail && evs.some((e) => e.type !== 'remind' && e.type !== 'reissue')) d.getMap('server').set('authors', authorBookOf(env.trail(room)))
  })
  const dir = env.directory()
  const from = dir.unit(state.header.draftingUnitId)?.name ?? state.header.draftingUnitId
  const title = fields.title
  for (const ev of evs) {
    const key = `${id}-${ev.id}`
    if (ev.type === 'submit') remind(w, headsOf(dir, state.header.draftingUnitId), 'assigned', 'document.review', key, { title })
    else if (ev.type === 'review_approve' && state.signerId) remind(w, [state.signerId], 'assigned', 'document.sign', key, { title, from })
    else if (ev.type === 'review_return')
      remind(w, handlersOf(dir, state.header.draftingUnitId), 'returned', 'document.back', key, { title, reason: ev.payload?.reason ?? '' })
    else if (ev.type === 'issue')
      for (const r of state.recipients ?? [])
        remind(w, clerksOf(dir, r.unitId), 'assigned', 'document.delivered', key, { title, from, docNumber: state.docNumber ?? '' })
    else if (ev.type === 'remind' && ev.payload?.targetUnitId)
      remind(w, clerksOf(dir, ev.payload.targetUnitId), 'chase', 'document.remind', key, { title, from })
    else if (ev.type === 'withdraw' && state.recipients)
      for (const r of state.recipients)
        remind(w, handlersOf(dir, r.unitId), 'returned', 'document.withdrawn', key, { title, from, reason: ev.payload?.reason ?? '' })
  }
  for (const ev of evs) {
    if (ev.type === 'issue') {
      const files = fields.attachments.map((a) => a.id)
      if (files.length) env.shareAttachments?.(outgoingRoom(id), publishedRoom(id), files)
      publish(w, id, liveDoc, state)
      for (const r of state.recipients ?? []) deliver(w, id, r, state, fields)
    } else if (ev.type === 'reissue') {
      const r = state.recipients!.find((x) => x.unitId === ev.payload?.targetUnitId)!
      const again = deliver(w, id, r, state, fields)
      // The unit has its 收文 again, to be signed for: the sender's trace says so, and the 发文 waits on it
      // again (open in the box, not closed for the archive) instead of still reading "returned".
      w.write(room, `重新分发：${dir.unit(r.unitId)?.name ?? r.unitId}待签收`, (d) =>
        d.getMap<RecipientProgress>('progress').set(r.unitId, progressOf(again.meta, again.state))
      )
    } else if (ev.type === 'withdraw' && state.recipients) {
      w.write(`${DOCPUB_KIND}:${id}`, `撤销《${fields.title}》`, (d) => d.getMap('server').set('state', state))
      const reason = ev.payload?.text ? `${ev.payload.reason}（撤回通知：${ev.payload.text}）` : (ev.payload?.reason ?? '')
      for (const r of state.recipients) {
        const inRoom = `${DOCIN_KIND}:${incomingId(r.unitId, id)}`
        const d = w.doc(inRoom)
        const meta = readIncomingMeta(d)
        const s = readIncomingState(d)
        if (!meta || !s) continue
        const next = applyWithdrawal(s, w.now, reason)
        w.write(inRoom, `发文单位撤回《${fields.title}》：${reason}`, (x) => x.getMap('server').set('state', next))
        trackDeadline(w, inRoom, meta, next)
        writeBox(w, r.unitId, incomingRow(meta, next))
      }
    }
  }
  // After the steps above: a 重新分发 changes whom the 发文 waits on.
  const row = outgoingRow(id, state, fields.title, fields.urgency, Object.fromEntries(liveDoc.getMap<RecipientProgress>('progress').entries()))
  writeBox(w, state.header.draftingUnitId, row)
  void actor
}

/** The issued text for its readers: the signed fields and body copied without their history. */
function publish(w: RoomWriter, id: string, source: Y.Doc, state: OutgoingState): void {
  const fields = source.getMap('fields').toJSON()
  const body = source
    .getXmlFragment('body')
    .toArray()
    .map((x) => x.clone())
  w.write(`${DOCPUB_KIND}:${id}`, `印发正式文本《${String(fields.title ?? '')}》（${state.docNumber}）`, (d) => {
    const f = d.getMap('fields')
    for (const [k, v] of Object.entries(fields)) f.set(k, v)
    d.getXmlFragment('body').insert(0, body as (Y.XmlElement | Y.XmlText)[])
    d.getMap('server').set('state', state)
  })
}

/** One 收文 room per recipient unit, written by the server at 核发 (or again at 重新分发). */
function deliver(
  w: RoomWriter,
  outId: string,
  r: { unitId: string; role: 'main' | 'copy' },
  s: OutgoingState,
  f: ReturnType<typeof readFields>
): { meta: IncomingMeta; state: IncomingState } {
  const inId = incomingId(r.unitId, outId)
  const meta: IncomingMeta = {
    id: inId,
    unitId: r.unitId,
    source: 'internal',
    outgoingId: outId,
    fromUnitId: s.header.draftingUnitId,
    docNumber: s.docNumber!,
    docType: f.docType,
    title: f.title,
    urgency: f.urgency,
    role: r.role,
    replyRequested: f.replyRequested,
    attachments: f.attachments,
    deliveredAt: w.now
  }
  const state = initialIncoming(meta)
  w.write(`${DOCIN_KIND}:${inId}`, `收到《${f.title}》（${s.docNumber}）`, (d) => {
    const m = d.getMap('meta')
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) m.set(k, v)
    d.getMap('server').set('state', state)
  })
  writeBox(w, r.unitId, incomingRow(meta, state), false)
  return { meta, state }
}

// ------------------------------------------------------------------ 收文

export function docinPlugin(env: DocumentKindEnv): KindPlugin {
  return {
    kind: DOCIN_KIND,
    check({ room, id, doc, update, origin, actor, now }) {
      const metaBefore = readIncomingMeta(doc)
      const stateBefore = readIncomingState(doc)
      const known = knownIds(doc) // before the update is applied
      const o = observe(doc, update, origin)
      if ('error' in o) return o.error!
      const { tr, added, eventDeletes, roots } = o
      if (!tr || (tr.changed.size === 0 && tr.deleteSet.clients.size === 0)) return { kind: 'noop' }
      for (const r of roots) {
        if (r === 'receipts' || r === 'server') return refuse('SERVER_FIELD', '回执、状态和编号只能由服务器写入')
        if (r !== 'meta' && r !== 'events') return refuse('BAD_SHAPE', '不允许的数据结构')
      }
      if (eventDeletes > 0 || tr.deleteSet.clients.size > 0) return refuse('APPEND_ONLY', '办理记录只能追加，不能删除或改写')
      const ctx = contextOf(env)
      let meta = metaBefore
      let created = false
      if (roots.has('meta')) {
        if (metaBefore) return refuse('META_FIXED', '收文登记内容不可更改')
        // 外来文登记: the clerk of the room's unit registers a document from outside the county.
        const raw = doc.getMap('meta').toJSON() as Record<string, unknown>
        if (!ctx.classifiedAllowed && raw.classification !== undefined) return refuse('CLASSIFIED_REFUSED', CLASSIFIED_RULE)
        const { id: rid, unitId, source, registeredBy, ...rest } = raw
        const parsed = externalRegistrationSchema.safeParse(rest)
        if (!parsed.success || source !== 'external' || rid !== id) return refuse('BAD_META', '外来文登记信息不完整或格式错误')
        if (unitId !== actor.unitId || unitId !== unitOfIncomingId(id) || registeredBy !== actor.userId)
          return refuse('FORGED_ACTOR', '登记人和收文单位必须是当前登录用户及其单位')
        meta = {
          id,
          unitId,
          source: 'external',
          fromOrg: parsed.data.fromOrg,
          docNumber: parsed.data.docNumber,
          docType: parsed.data.docType,
          title: parsed.data.title,
          urgency: parsed.data.urgency,
          role: 'main',
          replyRequested: false,
          attachments: parsed.data.attachments,
          deliveredAt: now,
          registeredBy: actor.userId
        }
        created = true
      }
      if (!meta) return refuse('NOT_DELIVERED', '该收文不存在')
      const evs = newEvents(added, known, (raw) => {
        const p = incomingEventSchema.safeParse(raw)
        return p.success ? (p.data as IncomingEvent) : null
      })
      if (evs === 'bad') return refuse('BAD_EVENT', '事件格式错误')
      if (evs === 'dup') return refuse('DUPLICATE_EVENT', '重复的事件编号')
      let s = stateBefore ?? initialIncoming(meta)
      const noops = new Set<string>()
      for (const ev of evs) {
        const c = checkIncoming(meta, s, actor, ev, now, ctx)
        if (!c.ok) return refuse(c.error.code, c.error.message)
        if (c.noop) noops.add(ev.id)
        else s = applyIncoming(meta, s, ev, now, ctx, { serial: 0 })
      }
      if (!created && evs.length === 0) return refuse('BAD_SHAPE', '没有可识别的新事件')
      const referenced = [...(created ? meta.attachments : []), ...evs.flatMap((e) => e.payload?.attachments ?? [])].map((a) => a.id)
      if (referenced.length && unknownFiles(env, room, referenced)) return refuse('UNKNOWN_ATTACHMENT', '引用的附件不存在或不属于该收文')
      for (const e of evs) known.add(e.id)
      const m = meta
      const state = s
      const verbs = created ? '登记外来文' : evs.map((e) => (noops.has(e.id) ? `重复${VERB_IN[e.type]}（无变化）` : VERB_IN[e.type])).join('、')
      return {
        kind: 'accepted',
        summary: `${env.directory().label(actor.userId)} ${verbs}《${m.title}》`,
        accessChanged: created,
        effects: (w) => {
          let st = state
          if (evs.some((e) => e.type === 'register' && !noops.has(e.id))) {
            const year = yearOf(shanghaiDate(w.now))
            st = { ...st, number: formatIncomingNumber(year, takeNumber(w, incomingCounterKey(m.unitId, year), year, m.id)) }
          }
          w.write(room, `服务器回执：${verbs}《${m.title}》`, (d) => {
            if (created) d.getMap('meta').set('deliveredAt', w.now)
            const receipts = d.getMap<{ seq: number; at: number }>('receipts')
            let seq = receipts.size
            for (const e of evs) receipts.set(e.id, { seq: ++seq, at: w.now })
            d.getMap('server').set('state', st)
          })
          writeBox(w, m.unitId, incomingRow(m, st))
          trackDeadline(w, room, m, st)
          const dir = env.directory()
          const unit = dir.unit(m.unitId)?.name ?? m.unitId
          for (const e of evs) {
            if (noops.has(e.id)) continue
            const key = `${m.id}-${e.id}`
            const p = { title: m.title, unit }
            if (e.type === 'return' && m.fromUnitId)
              remind(w, handlersOf(dir, m.fromUnitId), 'returned', 'document.returned', key, { ...p, reason: e.payload?.reason ?? '' })
            else if (e.type === 'instruct' && st.instruction)
              remind(w, [st.instruction.leadUserId, ...st.instruction.assistUserIds], 'assigned', 'document.instructed', key, {
                ...p,
                dueDate: st.instruction.dueDate
              })
            else if (e.type === 'add_readers') remind(w, e.payload?.readerIds ?? [], 'assigned', 'document.circulated', key, p)
            else if (e.type === 'chase')
              remind(w, st.instruction ? [st.instruction.leadUserId] : handlersOf(dir, m.unitId), 'chase', 'document.chase', key, {
                ...p,
                text: e.payload?.text ?? ''
              })
            else if (e.type === 'complete' && e.payload?.reply && m.fromUnitId)
              remind(w, handlersOf(dir, m.fromUnitId), 'assigned', 'document.replied', key, { ...p, text: e.payload.reply })
          }
          if (m.source === 'internal' && m.outgoingId) {
            // 传阅 readers from outside the unit read the issued text and its files in docpub.
            const pub = publishedRoom(m.outgoingId)
            const granted = docpubReaders(w.doc(pub))
            const outsiders = evs
              .filter((e) => e.type === 'add_readers' && !noops.has(e.id))
              .flatMap((e) => e.payload?.readerIds ?? [])
              .filter((r) => !granted.has(r) && dir.person(r)?.unitId !== m.unitId)
            if (outsiders.length)
              w.write(pub, `传阅授权：${outsiders.map((r) => dir.label(r)).join('、')} 阅读《${m.title}》`, (d) => {
                for (const r of outsiders) docpubReaders(d).set(r, true)
              })
            const p = progressOf(m, st)
            const outRoom = `${DOCOUT_KIND}:${m.outgoingId}`
            // The 答复's files go back with it: the sender downloads them from its own record.
            const replyFiles = p.reply?.attachments?.map((a) => a.id) ?? []
            if (replyFiles.length && evs.some((e) => e.type === 'complete')) env.shareAttachments?.(room, outRoom, replyFiles)
            w.write(outRoom, `收文单位进展：${VERB_IN[evs[evs.length - 1]?.type ?? 'sign']}`, (d) => d.getMap<RecipientProgress>('progress').set(m.unitId, p))
            // The sender's row: which units still have not signed.
            if (evs.some((e) => e.type === 'sign' || e.type === 'return')) {
              const od = w.doc(outRoom)
              const os = readOutgoingState(od)
              if (os) {
                const f = readFields(od)
                writeBox(
                  w,
                  os.header.draftingUnitId,
                  outgoingRow(m.outgoingId, os, f.title, f.urgency, Object.fromEntries(od.getMap<RecipientProgress>('progress').entries()))
                )
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Keeps the deadline indexes in step with a 收文's state (only writes when something changed):
 * `docdeadlines` `open` — the rows of deadlines running now, which the timer re-judges and
 * oversight warns from; `docdeadline:<year of 批办>` — every row of that year with its outcome,
 * for the 纪委监委 figures (domain/document/deadlines.ts). Neither grows with the history.
 */
function trackDeadline(w: RoomWriter, room: string, m: IncomingMeta, s: IncomingState): void {
  const row = deadlineRowOf(room, m, s)
  const open = w.doc(DOCDEADLINES).getMap<DocDeadlineRow>('open')
  const want = row && s.status === 'handling' ? row : null
  const have = open.get(room)
  if (!want && have) w.write(DOCDEADLINES, `期限跟踪结束：${room}`, (x) => x.getMap('open').delete(room))
  else if (want && JSON.stringify(have) !== JSON.stringify(want))
    w.write(DOCDEADLINES, `期限跟踪：${room} ${want.dueDate}`, (x) => x.getMap('open').set(room, want))
  if (row) writeDeadlineYearRow(w, row, `公文期限：《${m.title}》${row.dueDate}`)
}

function writeDeadlineYearRow(w: RoomWriter, row: DocDeadlineRow, why: string): boolean {
  const year = docDeadlineYearOf(row.instructedAt)
  const yearRoom = docDeadlineYearRoom(year)
  if (JSON.stringify(w.doc(yearRoom).getMap('all').get(row.room)) === JSON.stringify(row)) return false
  // The list of year rooms: written once a year, so readers find the new room.
  if (!docDeadlineYears(w.doc(DOCDEADLINE_YEARS)).has(year))
    w.write(DOCDEADLINE_YEARS, `索引：新建${year}年公文期限索引`, (d) => docDeadlineYears(d).set(year, true))
  w.write(yearRoom, why, (x) => x.getMap('all').set(row.room, row))
  return true
}

/**
 * A data folder from before the deadline index was split by year keeps every row ever in
 * `docdeadlines` `all`, and `open` entries with only the date and level. At start the rows are
 * moved into the year rooms and out of `all`, and the open entries get their full row (audited),
 * so the timer and the 纪委监委 workspace carry on. Running it again changes nothing.
 */
export function migrateDocumentDeadlines(steps: Pick<StepRunner, 'doc' | 'step'>): number {
  const legacy = steps.doc(DOCDEADLINES)
  const all = legacy.getMap<DocDeadlineRow>('all')
  const open = legacy.getMap<Partial<DocDeadlineRow> & { dueDate: string; level: string }>('open')
  const bare = [...open.entries()].filter(([, v]) => v.unitId === undefined)
  if (all.size === 0 && bare.length === 0) return 0
  let moved = 0
  steps.step((w) => {
    for (const [room, row] of [...all.entries()]) {
      if (writeDeadlineYearRow(w, row, `索引迁移：《${row.title}》自公文期限索引（${DOCDEADLINES}）移入${docDeadlineYearOf(row.instructedAt)}年`)) moved++
      const entry = open.get(room)
      if (entry && entry.unitId === undefined)
        w.write(DOCDEADLINES, `索引迁移：${room} 期限跟踪补全`, (x) => x.getMap('open').set(room, { ...row, level: entry.level }))
    }
    if (all.size) w.write(DOCDEADLINES, `索引迁移：${all.size}条公文期限已移入年度索引`, (x) => x.getMap('all').clear())
  })
  return moved
}

/**
 * A data folder from before the box kept only open documents: each unit's closed rows move to
 * its list of the year they closed (audited, once; nothing to do on the next start).
 */
export function migrateDocumentBoxes(steps: Pick<StepRunner, 'doc' | 'step'>): number {
  let moved = 0
  for (const unitId of [...steps.doc('directory').getMap('units').keys()]) {
    const box = `${DOCBOX_KIND}:${unitId}`
    const closed = [...steps.doc(box).getMap<DocSummary>('items').values()].filter((r) => r.open === false)
    if (!closed.length) continue
    steps.step((w) => {
      // When an old row closed is not known: its last change is the nearest.
      for (const r of closed) writeBox(w, unitId, r, false, r.updatedAt)
    })
    moved += closed.length
  }
  return moved
}

/**
 * Electronic supervision of 收文 deadlines: re-judges each open one at the current server time;
 * when its level moves (normal → 临期 yellow → 超期 red) the record, the unit's 公文箱 and the
 * list change in one step and the handler is reminded. Cost: the open deadlines, not the history.
 */
export function sweepDocumentDeadlines(steps: StepRunner, env: DocumentKindEnv): number {
  const open = steps.doc(DOCDEADLINES).getMap<{ level: string }>('open')
  const ctx = contextOf(env)
  let moved = 0
  for (const [room, entry] of [...open.entries()]) {
    const d = steps.doc(room)
    const meta = readIncomingMeta(d)
    const s = readIncomingState(d)
    if (!meta || !s) continue
    const next = withIncomingWarning(s, steps.now(), ctx)
    if ((next.warning?.level ?? 'normal') === entry.level) continue
    moved++
    steps.step((w) => {
      const level = next.warning?.level ?? 'normal'
      w.write(room, `预警：《${meta.title}》${level === 'red' ? '超期' : level === 'yellow' ? '临期' : level}`, (x) => x.getMap('server').set('state', next))
      writeBox(w, meta.unitId, incomingRow(meta, next))
      trackDeadline(w, room, meta, next)
      if ((level === 'yellow' || level === 'red') && next.instruction)
        remind(w, [next.instruction.leadUserId, ...headsOf(env.directory(), meta.unitId)], level, `document.${level}`, `${meta.id}-${level}`, {
          title: meta.title,
          dueDate: next.instruction.dueDate
        })
    })
  }
  return moved
}

export function documentPlugins(env: DocumentKindEnv): KindPlugin[] {
  const docin = docinPlugin(env)
  return [
    docoutPlugin(env),
    { ...docin, timers: [{ name: 'document-deadlines', everyMs: env.sweepIntervalMs ?? 60_000, run: (steps) => void sweepDocumentDeadlines(steps, env) }] }
  ]
}

/** Tells the clients what this deployment allows (domain/document/deployment.ts); writes only when it changed. */
export function announceDocumentDeployment(steps: Pick<StepRunner, 'doc' | 'step'>, classified: boolean): void {
  const want: DocumentDeployment = { classified }
  if (readDocumentDeployment(steps.doc('directory')).classified === classified && steps.doc('directory').getMap('meta').has(DOCUMENT_DEPLOYMENT_KEY)) return
  steps.step((w) =>
    w.write('directory', `公文部署：${classified ? '涉密网络（允许密级、份号）' : '非涉密网络'}`, (d) => d.getMap('meta').set(DOCUMENT_DEPLOYMENT_KEY, want))
  )
}
