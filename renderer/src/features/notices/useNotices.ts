/**
 * The notices' data hook: opens the notice rooms through the room manager
 * (the kind registry decides who may open what; docs/decisions.md, "Notices:
 * rooms the server can guard") and derives views on every change. Commands
 * write into the docs after the domain's own check, so a refused action is
 * explained here; the server checks again regardless.
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { Actor } from '@domain/directory'
import type { DomainError } from '@domain/errors'
import { stripBidi } from '@domain/text/search'
import {
  applyNoticeEvent,
  boardCounts,
  boardMarks,
  applyReaderRequest,
  canRemind,
  checkDraft,
  indexDirectory,
  isNoticeReader,
  mergeBoard,
  noticeEvents,
  noticeItems,
  noticeRooms,
  readAudience,
  readAudienceUnits,
  readBoardTargets,
  readNoticeMeta,
  readNoticeState,
  readOwnReceipt,
  readerRequests,
  receiptRows,
  writeNoticeMeta,
  type DirectoryIndex,
  type NoticeEvent,
  type NoticeMeta,
  type NoticeState,
  type NoticeSummary,
  type ReaderRequest,
  type ReceiptRow
} from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import type { Room } from '@renderer/core/sync/room'
import { newId } from '../tasks/commands'

export { newId }

export interface RoomView<T> {
  room: Room | null
  doc: Y.Doc | null
  view: T | null
  synced: boolean
  /** The server refused this person the room (close 4403). */
  forbidden: boolean
}

/** Opens a room while the component shows it and recomputes `derive` on each change (one per animation frame). */
export function useRoomView<T>(name: string | null, derive: (doc: Y.Doc) => T): RoomView<T> {
  const { manager } = useServices()
  const [h, setH] = useState<RoomView<T>>({ room: null, doc: null, view: null, synced: false, forbidden: false })
  // biome-ignore lint/correctness/useExhaustiveDependencies: derive is a pure function of the doc
  useEffect(() => {
    if (!name) return
    const room = manager.acquire(name)
    let alive = true
    let frame = 0
    const compute = () => {
      frame = 0
      if (alive) setH({ room, doc: room.doc, view: derive(room.doc), synced: room.synced, forbidden: room.status === 'forbidden' })
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(compute)
    }
    const unfollow = manager.followDoc(room, schedule)
    const off = manager.onRoomChange(name, schedule)
    schedule()
    return () => {
      alive = false
      unfollow()
      off()
      if (frame) cancelAnimationFrame(frame)
      manager.release(name)
    }
  }, [name, manager])
  return h
}

const itemsOf = (doc: Y.Doc): NoticeSummary[] => [...noticeItems(doc).values()]

/**
 * My 公告栏 rows (published and withdrawn notices addressed to me, with my read/回执 times):
 * my unit's board and my own, merged (docs/decisions.md, "Notices: rooms the server can guard").
 */
export function useBoard(): RoomView<NoticeSummary[]> {
  const { viewer } = useServices()
  const unit = useRoomView(viewer.unitId ? noticeRooms.unitBoard(viewer.unitId) : null, itemsOf)
  const own = useRoomView(noticeRooms.board(viewer.userId), (doc) => ({ rows: itemsOf(doc), marks: new Map(boardMarks(doc).entries()) }))
  const noUnit = !viewer.unitId
  return useMemo(
    () => ({
      room: own.room,
      doc: own.doc,
      view: own.view && (unit.view || noUnit) ? mergeBoard(unit.view ?? [], own.view.rows, own.view.marks) : null,
      synced: own.synced && (unit.synced || noUnit),
      forbidden: own.forbidden
    }),
    [unit, own, noUnit]
  )
}

/** Unread and 待回执 on my board: the sidebar's count. */
export function useNoticeCounts(): number {
  const board = useBoard()
  return useMemo(() => {
    const c = boardCounts(board.view ?? [])
    return c.unread + c.receipt
  }, [board.view])
}

/** My unit's drafts, approvals and sent notices (its clerks and heads). */
export function useSent(enabled: boolean): RoomView<NoticeSummary[]> {
  const { viewer } = useServices()
  return useRoomView(enabled ? noticeRooms.sent(viewer.unitId) : null, itemsOf)
}

/** Notices with a reply deadline, for the overseers (督查室, 纪委监委). */
export function useOversightNotices(enabled: boolean): RoomView<NoticeSummary[]> {
  return useRoomView(enabled ? noticeRooms.oversight : null, itemsOf)
}

export interface NoticeDocView {
  meta: NoticeMeta | null
  state: NoticeState
  audience: string[]
  /** Units addressed whole: their members now read and sign it too (docs/decisions.md, "A notice to a unit follows the unit"). */
  wholeUnits: string[]
  /** Each addressed person's unit at publishing, for the tally. */
  audienceUnits?: Readonly<Record<string, string>>
}

export function useNotice(id: string): RoomView<NoticeDocView> {
  return useRoomView(noticeRooms.notice(id), (doc) => ({
    meta: readNoticeMeta(doc),
    state: readNoticeState(doc),
    audience: readAudience(doc),
    wholeUnits: readBoardTargets(doc).units,
    audienceUnits: readAudienceUnits(doc)
  }))
}

/** Whether I may open this notice as a reader and sign its 回执: the rule the server's ACL and reader check use. */
export const isReaderOf = (me: Pick<Actor, 'userId' | 'unitId'>, v: Pick<NoticeDocView, 'audience' | 'wholeUnits'>): boolean =>
  isNoticeReader(me, v.audience, v.wholeUnits)

export function useOwnReceipt(id: string, userId: string, enabled: boolean): RoomView<ReceiptRow | null> {
  return useRoomView(enabled ? noticeRooms.reader(id, userId) : null, readOwnReceipt)
}

export function useReceipts(id: string, enabled: boolean): RoomView<Map<string, ReceiptRow>> {
  return useRoomView(enabled ? noticeRooms.receipts(id) : null, (doc) => new Map(receiptRows(doc).entries()))
}

/** The directory as the notice rules need it, from the room manager's copy. */
export function useDirectoryIndex(): DirectoryIndex {
  const { manager } = useServices()
  const units = manager.dir.units
  const people = manager.dir.people
  return useMemo(() => indexDirectory({ units: [...units.values()], people: [...people.values()] }), [units, people, units.size, people.size])
}

export type CommandResult = { ok: true } | { ok: false; error: DomainError }

/** Saves a draft's fields (and creates the notice when new). */
export function saveDraft(doc: Y.Doc, meta: NoticeMeta, me: Actor, dir: DirectoryIndex, cal: Parameters<typeof checkDraft>[2]['cal']): CommandResult {
  const r = checkDraft(meta, me, { cal, dir })
  if (!r.ok) return r
  writeNoticeMeta(doc, meta)
  return { ok: true }
}

/** 送审 / 审核 / 退回 / 发布 / 撤回 / 提醒未读, checked by the same rules the server runs. */
export function noticeAct(
  doc: Y.Doc,
  me: Actor,
  type: NoticeEvent['type'],
  ctx: { cal: Parameters<typeof checkDraft>[2]['cal']; dir: DirectoryIndex; now: number },
  reason?: string
): CommandResult {
  const meta = readNoticeMeta(doc)
  if (!meta) return { ok: false, error: { code: 'NOTICE_BAD_SHAPE', message: '请先保存草稿' } }
  const ev: NoticeEvent = { id: newId(), type, actorId: me.userId, clientAt: Date.now(), ...(reason?.trim() ? { reason: stripBidi(reason).trim() } : {}) }
  const approvalRequired = ctx.dir.units.get(meta.publisherUnitId)?.noticeApproval === true
  const r = applyNoticeEvent(readNoticeState(doc), meta, ev, me, ctx.now, { cal: ctx.cal, dir: ctx.dir, approvalRequired })
  if (!r.ok) return r
  noticeEvents(doc).push([ev])
  return { ok: true }
}

/** Opening a notice records the read once; the server stamps the time. */
export function requestRead(readerDoc: Y.Doc, noticeDoc: Y.Doc, me: Actor, now: number): CommandResult {
  if (
    readOwnReceipt(readerDoc) ||
    readerRequests(readerDoc)
      .toArray()
      .some((r) => r.type === 'read')
  )
    return { ok: true }
  return request(readerDoc, noticeDoc, me, now, { id: newId(), type: 'read', clientAt: Date.now() })
}

export function requestConfirm(
  readerDoc: Y.Doc,
  noticeDoc: Y.Doc,
  me: Actor,
  now: number,
  text?: string,
  attachments?: ReaderRequest['attachments']
): CommandResult {
  return request(readerDoc, noticeDoc, me, now, {
    id: newId(),
    type: 'confirm',
    clientAt: Date.now(),
    ...(text?.trim() ? { text: stripBidi(text).trim() } : {}),
    ...(attachments?.length ? { attachments: attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, mime: a.mime })) } : {})
  })
}

function request(readerDoc: Y.Doc, noticeDoc: Y.Doc, me: Actor, now: number, req: ReaderRequest): CommandResult {
  const meta = readNoticeMeta(noticeDoc)
  if (!meta) return { ok: false, error: { code: 'NOTICE_NOT_PUBLISHED', message: '该通知尚未发布' } }
  const notice = { meta, state: readNoticeState(noticeDoc), audience: new Set(readAudience(noticeDoc)), wholeUnits: readBoardTargets(noticeDoc).units }
  const r = applyReaderRequest(readOwnReceipt(readerDoc), req, notice, me, now)
  if (!r.ok) return r
  readerRequests(readerDoc).push([req])
  return { ok: true }
}

export { canRemind }
