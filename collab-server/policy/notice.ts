/**
 * The 通知公告 kinds on the server (docs/decisions.md, "Notices: rooms the
 * server can guard"): the notice room's update check (drafts editable by the
 * unit, published content frozen, events through domain/notice/rules), each
 * reader's own room (reads and 回执 stamped with the step's time only), the
 * index rows and reminders they write, and the deadline timer.
 */
import * as Y from 'yjs'
import { addDays, shanghaiDate, type WorkCalendar } from '@domain/calendar'
import { peopleMap, unitsMap, type Reminder } from '@domain/index-rooms'
import {
  NOTICE_ERR,
  applyNoticeEvent,
  applyReaderRequest,
  boardMarks,
  checkCorrection,
  checkDraft,
  deadlineAlarm,
  indexDirectory,
  noticeEventSchema,
  noticeEvents,
  noticeItems,
  noticeMetaSchema,
  noticeRooms,
  noticeServer,
  packAudienceUnits,
  readAudience,
  readBoardTargets,
  readNoticeMeta,
  readNoticeState,
  readOwnReceipt,
  readerRequestSchema,
  readerRequests,
  readerStamps,
  receiptRows,
  receiptsInfo,
  remindTargets,
  summarizeNotice,
  type BoardTargets,
  type DirectoryIndex,
  type NoticeEvent,
  type NoticeMeta,
  type NoticeState,
  type NoticeSummary,
  type ReaderRequest,
  type ReceiptRow
} from '@domain/notice'
import { REFUSAL } from '@domain/wire'
import type { DirectoryService } from '../directory'
import { pushReminder } from '../indexer'
import type { KindPlugin, KindVerdict, RoomWriter, StepRunner } from '../rooms/kind-plugin'

export interface NoticeKindEnv {
  directory(): DirectoryService
  calendar(): WorkCalendar
  /** Reads another room's doc (the notice a reader's room belongs to). Never written here. */
  doc(room: string): Y.Doc
  /** Attachment ids not uploaded for this room. */
  unknownAttachments(room: string, ids: string[]): string[]
  /** How often the deadline timer looks (the due-soon reminder and the red warning). */
  intervalMs: number
  /** The notices still to be warned, kept by the server (collab-server/supervision/open-notices.ts); absent: read the oversight index. */
  openDeadlines?: () => NoticeSummary[] | undefined
}

const refused = (code: string, message: string): KindVerdict => ({ kind: 'refused', code, message, touched: true })

/** Applies a client update and reports the transaction and which root types it changed. */
function applyWatched(doc: Y.Doc, update: Uint8Array, origin: unknown): { roots: Set<string>; deleted: boolean } | null {
  let tr: Y.Transaction | undefined
  const watch = (t: Y.Transaction) => void (t.origin === origin && (tr = t))
  doc.on('afterTransaction', watch)
  try {
    Y.applyUpdate(doc, update, origin)
  } finally {
    doc.off('afterTransaction', watch)
  }
  const t = tr as Y.Transaction | undefined
  if (!t || t.changed.size === 0) return null
  const names = new Map<unknown, string>([...doc.share.entries()].map(([k, v]) => [v, k]))
  const roots = new Set<string>()
  for (const type of t.changed.keys()) {
    // biome-ignore lint/suspicious/noExplicitAny: walking up to the root type
    let x: Y.AbstractType<any> = type
    // biome-ignore lint/suspicious/noExplicitAny: as above
    while (x._item) x = x._item.parent as Y.AbstractType<any>
    roots.add(names.get(x) ?? '?')
  }
  return { roots, deleted: t.deleteSet.clients.size > 0 }
}

/** The directory as the domain needs it, rebuilt when the directory room changes. */
function directoryIndex(env: NoticeKindEnv): () => DirectoryIndex {
  let cache: { sv: string; ix: DirectoryIndex } | null = null
  return () => {
    const d = env.doc('directory')
    const sv = Buffer.from(Y.encodeStateVector(d)).toString('base64')
    if (cache?.sv !== sv) cache = { sv, ix: indexDirectory({ units: [...unitsMap(d).values()], people: [...peopleMap(d).values()] }) }
    return cache.ix
  }
}

const handlersOf = (ix: DirectoryIndex, unitId: string) =>
  (ix.peopleByUnit.get(unitId) ?? []).filter((p) => p.roles.includes('clerk') || p.roles.includes('head')).map((p) => p.id)

function remind(w: RoomWriter, userIds: string[], meta: NoticeMeta, kind: Reminder['kind'], code: string, tag: string, params: Reminder['params'] = {}): void {
  for (const userId of userIds)
    pushReminder(w, userId, {
      id: `notice-${meta.id}-${tag}-${userId}`,
      at: w.now,
      kind,
      recordId: meta.id,
      code,
      params: { title: meta.title, noticeId: meta.id, ...params }
    })
}

/**
 * The summary rows: the unit's own list; once published, one row per unit addressed whole
 * and one per person addressed alone (a county-wide publish writes 64 rows, not 704);
 * the oversight list with a deadline.
 */
function writeSummaries(w: RoomWriter, meta: NoticeMeta, state: NoticeState, boards: BoardTargets, why: string): void {
  const s = summarizeNotice(meta, state, w.now)
  w.write(noticeRooms.sent(meta.publisherUnitId), `索引：《${meta.title}》${why}`, (d) => noticeItems(d).set(meta.id, s))
  if (state.status === 'published' || state.status === 'withdrawn') {
    for (const u of boards.units) w.write(noticeRooms.unitBoard(u), `公告栏：《${meta.title}》${why}`, (d) => noticeItems(d).set(meta.id, s))
    for (const u of boards.people)
      w.write(noticeRooms.board(u), `公告栏：《${meta.title}》${why}`, (d) => {
        // A row written before the person's times moved to `mine` keeps them.
        const old = noticeItems(d).get(meta.id)
        noticeItems(d).set(meta.id, {
          ...s,
          ...(old?.readAt !== undefined ? { readAt: old.readAt } : {}),
          ...(old?.confirmedAt !== undefined ? { confirmedAt: old.confirmedAt } : {})
        })
      })
  }
  if (state.dueDate && state.status !== 'draft' && state.status !== 'pending')
    w.write(noticeRooms.oversight, `督查：《${meta.title}》${why}`, (d) => {
      const missing = noticeItems(d).get(meta.id)?.missing
      noticeItems(d).set(meta.id, missing !== undefined ? { ...s, missing } : s)
    })
}

const VERB: Record<NoticeEvent['type'], string> = {
  submit: '送审',
  approve: '审核通过并发布',
  reject: '退回',
  publish: '发布',
  withdraw: '撤回',
  remind: '提醒未读'
}

export function noticePlugins(env: NoticeKindEnv): KindPlugin[] {
  const dirIx = directoryIndex(env)
  const label = (id: string) => env.directory().label(id)

  const notice: KindPlugin = {
    kind: 'notice',
    check({ room, id, doc, update, origin, actor, now }) {
      const prevMeta = readNoticeMeta(doc)
      const prevState = readNoticeState(doc)
      const prevEvents = noticeEvents(doc).toArray()
      const seen = applyWatched(doc, update, origin)
      if (!seen) return { kind: 'noop' }
      const { roots } = seen
      if ([...roots].some((r) => r !== 'meta' && r !== 'body' && r !== 'events')) return refused(NOTICE_ERR.SERVER_ONLY, '该部分只能由服务器写入')
      const parsed = noticeMetaSchema.safeParse(noticeMetaMapJSON(doc))
      if (!parsed.success) return refused(NOTICE_ERR.BAD_SHAPE, '通知内容格式不正确')
      const meta = parsed.data as NoticeMeta
      const ix = dirIx()
      const ctx = { cal: env.calendar(), dir: ix }
      if (roots.has('meta') || roots.has('body')) {
        // Published content is on the record as it went out: a change is a 更正, a new notice.
        if (prevState.status !== 'draft') return refused(NOTICE_ERR.PUBLISHED_IMMUTABLE, '已送审或已发布的通知不能修改；如需修改请撤回后发布更正')
        if (meta.id !== id) return refused(NOTICE_ERR.BAD_SHAPE, '通知编号与房间不符')
        if (prevMeta ? meta.publisherUnitId !== prevMeta.publisherUnitId || meta.authorId !== prevMeta.authorId : meta.authorId !== actor.userId)
          return refused(NOTICE_ERR.NOT_PUBLISHER, '发布单位和起草人不能更改')
        const d = checkDraft(meta, actor, ctx)
        if (!d.ok) return refused(d.error.code, d.error.message)
        const files = (meta.attachments ?? []).map((a) => a.id)
        if (files.length && env.unknownAttachments(room, files).length) return refused(REFUSAL.UNKNOWN_ATTACHMENT, '引用的附件不存在或不属于该通知')
      }
      const events = noticeEvents(doc).toArray()
      if (events.length < prevEvents.length || prevEvents.some((e, i) => events[i]?.id !== e.id)) return refused(NOTICE_ERR.BAD_SHAPE, '通知的操作记录只能追加')
      let state = prevState
      let audience = readAudience(doc)
      let boards = readBoardTargets(doc)
      let unitOf: Record<string, string> = {}
      let audienceSet = false
      const fresh: NoticeEvent[] = []
      const unit = env.directory().unit(meta.publisherUnitId)
      for (const raw of events.slice(prevEvents.length)) {
        const ev = noticeEventSchema.safeParse(raw)
        if (!ev.success) return refused(NOTICE_ERR.BAD_SHAPE, '通知操作格式不正确')
        if (ev.data.type === 'publish' || ev.data.type === 'approve') {
          const corr = checkCorrection(meta, meta.correctsId ? originalOf(env, meta.correctsId) : null)
          if (!corr.ok) return refused(corr.error.code, corr.error.message)
        }
        const r = applyNoticeEvent(state, meta, ev.data, actor, now, { ...ctx, approvalRequired: unit?.noticeApproval === true })
        if (!r.ok) return refused(r.error.code, r.error.message)
        state = r.value.state
        if (r.value.audience) {
          audience = r.value.audience
          boards = r.value.boards
          unitOf = r.value.unitOf
          audienceSet = true
        }
        fresh.push(ev.data)
      }
      const who = label(actor.userId)
      const verbs = fresh.length ? fresh.map((e) => VERB[e.type]).join('、') : prevMeta ? '修改草稿' : '起草'
      return {
        kind: 'accepted',
        summary: `${who} ${verbs}通知《${meta.title}》${fresh.find((e) => e.reason)?.reason ? `（理由：${fresh.find((e) => e.reason)!.reason}）` : ''}`,
        accessChanged: !prevMeta || audienceSet,
        effects: (w) => {
          if (fresh.length)
            w.write(room, `服务器：${verbs}《${meta.title}》`, (d) => {
              noticeServer(d).set('state', state)
              if (audienceSet) {
                noticeServer(d).set('audience', audience)
                noticeServer(d).set('boards', boards)
                noticeServer(d).set('audienceUnits', packAudienceUnits(audience, unitOf))
              }
            })
          writeSummaries(w, meta, state, boards, verbs)
          for (const e of fresh) {
            if (e.type === 'publish' || e.type === 'approve') {
              w.write(noticeRooms.receipts(meta.id), `回执表：《${meta.title}》开始登记`, (d) => receiptsInfo(d).set('publisherUnitId', meta.publisherUnitId))
              // No reminder per reader: the board row is the arrival, and each client announces it once
              // (half the writes of a county-wide publish; docs/decisions.md).
              if (meta.correctsId) markCorrected(w, env, meta.correctsId, meta.id)
            } else if (e.type === 'withdraw') {
              // Everyone sees it on their board (the row turns 撤回, the badge drops); a reminder goes only to
              // those who opened it and may be acting on it, not to hundreds who never did — a newcomer to
              // an addressed unit who opened it included (docs/decisions.md, "A notice to a unit follows the unit").
              const opened = receiptRows(w.doc(noticeRooms.receipts(meta.id)))
              remind(w, [...opened.keys()].sort(), meta, 'returned', 'notice.withdrawn', 'wd', { reason: e.reason ?? '' })
            } else if (e.type === 'remind') {
              const rows = new Map(receiptRows(w.doc(noticeRooms.receipts(meta.id))).entries())
              const n = state.reminds.length
              remind(w, remindTargets(audience, rows, meta.receipt.required), meta, 'chase', 'notice.remind', `r${n}`, {
                unit: ix.units.get(meta.publisherUnitId)?.name ?? '',
                n
              })
            } else if (e.type === 'submit') {
              remind(
                w,
                (ix.peopleByUnit.get(meta.publisherUnitId) ?? []).filter((p) => p.roles.includes('head')).map((p) => p.id),
                meta,
                'extension_decision',
                'notice.approval_requested',
                `sub${prevEvents.length}`,
                { who: label(actor.userId) }
              )
            }
          }
        }
      }
    },
    timers: [{ name: 'notice-deadlines', everyMs: env.intervalMs, run: (steps) => runDeadlines(steps, env, dirIx) }]
  }

  const reader: KindPlugin = {
    kind: 'notice-me',
    check({ room, id, doc, update, origin, actor, now }) {
      const noticeId = id.slice(0, id.indexOf('.'))
      const before = readerRequests(doc).toArray()
      const prev = readOwnReceipt(doc)
      const seen = applyWatched(doc, update, origin)
      if (!seen) return { kind: 'noop' }
      // The stamps are the server's: a client writing a time there is backdating.
      if ([...seen.roots].some((r) => r !== 'requests')) return refused(NOTICE_ERR.SERVER_ONLY, '阅读和回执时间由服务器记录，客户端不能填写')
      const all = readerRequests(doc).toArray()
      if (seen.deleted || all.length < before.length || before.some((r, i) => all[i]?.id !== r.id)) return refused(NOTICE_ERR.BAD_SHAPE, '阅读记录只能追加')
      const ndoc = env.doc(noticeRooms.notice(noticeId))
      const meta = readNoticeMeta(ndoc)
      if (!meta) return refused(NOTICE_ERR.NOT_PUBLISHED, '该通知不存在或尚未发布')
      // Its audience, and whoever is now in a unit it was addressed to whole (docs/decisions.md, "A notice to a unit follows the unit").
      const notice = { meta, state: readNoticeState(ndoc), audience: new Set(readAudience(ndoc)), wholeUnits: readBoardTargets(ndoc).units }
      let row: ReceiptRow | null = prev
      const kinds: string[] = []
      for (const raw of all.slice(before.length)) {
        const req = readerRequestSchema.safeParse(raw)
        if (!req.success) return refused(NOTICE_ERR.BAD_SHAPE, '阅读记录格式不正确')
        const r = applyReaderRequest(row, req.data as ReaderRequest, notice, actor, now)
        if (!r.ok) return refused(r.error.code, r.error.message)
        if (r.value) {
          const files = (req.data.attachments ?? []).map((a) => a.id)
          if (files.length && env.unknownAttachments(room, files).length) return refused(REFUSAL.UNKNOWN_ATTACHMENT, '回执附件不存在或不属于本人的回执')
          row = r.value
          kinds.push(req.data.type === 'read' ? '阅读' : r.value.late ? '提交回执（逾期）' : '提交回执')
        } else kinds.push('再次打开（阅读时间不变）')
      }
      const who = label(actor.userId)
      const changed = row !== prev
      return {
        kind: 'accepted',
        summary: `${who} ${kinds.join('、')}《${meta.title}》`,
        effects: changed
          ? (w) => {
              const stamped = row as ReceiptRow
              w.write(room, `服务器记时：${who} ${kinds.join('、')}`, (d) => {
                readerStamps(d).set('receipt', stamped)
                if (!readerStamps(d).has('publisherUnitId')) readerStamps(d).set('publisherUnitId', meta.publisherUnitId)
              })
              w.write(noticeRooms.receipts(noticeId), `回执表：${who} ${kinds.join('、')}`, (d) => receiptRows(d).set(actor.userId, stamped))
              // A late 回执 after the red warning counts down the oversight row's missing ones — only from
              // someone counted in them (the audience at publishing), never a newcomer's.
              if (stamped.late && prev?.confirmedAt === undefined && notice.audience.has(actor.userId)) {
                const ov = noticeItems(w.doc(noticeRooms.oversight)).get(noticeId)
                if (ov?.missing !== undefined)
                  w.write(noticeRooms.oversight, `督查：《${meta.title}》${who} 逾期回执`, (d) =>
                    noticeItems(d).set(noticeId, { ...ov, missing: Math.max(0, ov.missing! - 1), updatedAt: w.now })
                  )
              }
              w.write(noticeRooms.board(actor.userId), `公告栏：${who} ${kinds.join('、')}`, (d) =>
                boardMarks(d).set(noticeId, {
                  readAt: stamped.readAt,
                  ...(stamped.confirmedAt !== undefined ? { confirmedAt: stamped.confirmedAt } : {})
                })
              )
            }
          : undefined
      }
    }
  }
  return [notice, reader]
}

const noticeMetaMapJSON = (doc: Y.Doc) => doc.getMap('meta').toJSON()

function originalOf(env: NoticeKindEnv, id: string): { meta: NoticeMeta; state: NoticeState } | null {
  const d = env.doc(noticeRooms.notice(id))
  const meta = readNoticeMeta(d)
  return meta ? { meta, state: readNoticeState(d) } : null
}

function markCorrected(w: RoomWriter, _env: NoticeKindEnv, originalId: string, byId: string): void {
  const room = noticeRooms.notice(originalId)
  const d = w.doc(room)
  const meta = readNoticeMeta(d)
  if (!meta) return
  const state = { ...readNoticeState(d), correctedBy: byId }
  w.write(room, `服务器：《${meta.title}》已由更正通知 ${byId} 更正（原通知保留）`, (x) => noticeServer(x).set('state', state))
  writeSummaries(w, meta, state, readBoardTargets(d), '已更正')
}

/** One working day before the reply deadline: remind the unconfirmed; after it: the red warning. */
function runDeadlines(steps: StepRunner, env: NoticeKindEnv, dirIx: () => DirectoryIndex): void {
  const now = steps.now()
  const cal = env.calendar()
  // Only notices still to be warned, and only from two weeks before their due day: the timer's
  // work follows the open deadlines, not every notice ever published.
  const soon = addDays(shanghaiDate(now), 14)
  const list = (env.openDeadlines?.() ?? [...noticeItems(steps.doc(noticeRooms.oversight)).values()]).filter(
    (s) => s.status === 'published' && s.receiptRequired && s.alarm !== 'overdue' && s.dueDate !== undefined && s.dueDate <= soon
  )
  for (const s of list) {
    const room = noticeRooms.notice(s.id)
    const d = steps.doc(room)
    const meta = readNoticeMeta(d)
    if (!meta) continue
    const alarm = deadlineAlarm(readNoticeState(d), meta, now, cal)
    if (!alarm) continue
    steps.step((w) => {
      const state = readNoticeState(w.doc(room))
      const audience = readAudience(w.doc(room))
      const rows = new Map(receiptRows(w.doc(noticeRooms.receipts(s.id))).entries())
      const missing = audience.filter((u) => rows.get(u)?.confirmedAt === undefined)
      if (alarm === 'due_soon') {
        remind(w, missing, meta, 'yellow', 'notice.due_soon', 'soon', { dueDate: state.dueDate ?? '' })
        const next = { ...state, autoReminded: true }
        w.write(room, `服务器：《${meta.title}》回执截止前一个工作日，提醒${missing.length}人`, (x) => noticeServer(x).set('state', next))
        w.write(noticeRooms.oversight, `督查：《${meta.title}》已提醒未回执`, (x) => noticeItems(x).set(meta.id, summarizeNotice(meta, next, w.now)))
      } else {
        remind(w, missing, meta, 'red', 'notice.overdue', 'red', { dueDate: state.dueDate ?? '', missing: missing.length })
        remind(w, handlersOf(dirIx(), meta.publisherUnitId), meta, 'red', 'notice.overdue_publisher', 'redp', {
          dueDate: state.dueDate ?? '',
          missing: missing.length
        })
        const next = { ...state, overdueNotified: true }
        w.write(room, `服务器：《${meta.title}》回执已逾期，${missing.length}人未回执`, (x) => noticeServer(x).set('state', next))
        w.write(noticeRooms.oversight, `督查：《${meta.title}》回执逾期，${missing.length}人未回执`, (x) =>
          noticeItems(x).set(meta.id, { ...summarizeNotice(meta, next, w.now), missing: missing.length })
        )
      }
    })
  }
}
