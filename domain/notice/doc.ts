/**
 * The notice rooms' Y.Doc layouts, defined once for server and client
 * (docs/decisions.md, "Notices: rooms the server can guard").
 *   notice:<id>                    meta (Y.Map), body (Y.XmlFragment), events (Y.Array), server (Y.Map: state, audience, boards, audienceUnits)
 *   notice-me:<id>.<userId>        requests (Y.Array, the reader appends), stamps (Y.Map 'receipt', 'publisherUnitId'; server only)
 *   notice-receipts:<id>           info (Y.Map 'publisherUnitId'), receipts (Y.Map userId → ReceiptRow); server only
 *   notice-unit-board:<unitId>     items: id → NoticeSummary (notices addressed to the whole unit)
 *   notice-board:<userId>          items: id → NoticeSummary (addressed to this person alone: chosen people, a role);
 *                                  mine: id → BoardMark (their own read and 回执 times, for every notice)
 *   notice-sent:<unitId>           items: id → NoticeSummary (what the unit drafted and published)
 *   notice-oversight               items: id → NoticeSummary (notices with a reply deadline)
 */
import type * as Y from 'yjs'
import type { BoardTargets } from './audience'
import type { NoticeEvent, NoticeMeta, NoticeState, NoticeSummary, ReaderRequest, ReceiptRow } from './types'
import { INITIAL_STATE } from './types'

export const noticeMetaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta')
export const noticeBody = (doc: Y.Doc) => doc.getXmlFragment('body')
export const noticeEvents = (doc: Y.Doc) => doc.getArray<NoticeEvent>('events')
export const noticeServer = (doc: Y.Doc) => doc.getMap<unknown>('server')
export const readerRequests = (doc: Y.Doc) => doc.getArray<ReaderRequest>('requests')
export const readerStamps = (doc: Y.Doc) => doc.getMap<unknown>('stamps')
export const receiptsInfo = (doc: Y.Doc) => doc.getMap<string>('info')
export const receiptRows = (doc: Y.Doc) => doc.getMap<ReceiptRow>('receipts')
export const noticeItems = (doc: Y.Doc) => doc.getMap<NoticeSummary>('items')
/** A person's own read and 回执 times, on their own board (server only). */
export interface BoardMark {
  readAt: number
  confirmedAt?: number
}
export const boardMarks = (doc: Y.Doc) => doc.getMap<BoardMark>('mine')

export function readNoticeMeta(doc: Y.Doc): NoticeMeta | null {
  const m = noticeMetaMap(doc)
  return m.size === 0 ? null : (m.toJSON() as NoticeMeta)
}
export const readNoticeState = (doc: Y.Doc): NoticeState => (noticeServer(doc).get('state') as NoticeState | undefined) ?? INITIAL_STATE
export const readAudience = (doc: Y.Doc): string[] => (noticeServer(doc).get('audience') as string[] | undefined) ?? []
/**
 * Where the notice's 公告栏 rows went. A notice published before unit boards existed
 * has none stored: every reader had a row of their own.
 */
export const readBoardTargets = (doc: Y.Doc): BoardTargets =>
  (noticeServer(doc).get('boards') as BoardTargets | undefined) ?? { units: [], people: readAudience(doc) }
/**
 * Each addressed person's unit at publishing, kept beside the audience (docs/decisions.md,
 * "A notice to a unit follows the unit"): the units once, and for each person, in the
 * audience's order, the index of theirs — about 2 KB for 704 people, where a map of
 * person → unit would be 25 KB on every reader's copy of a county-wide notice.
 */
export interface PackedUnits {
  units: string[]
  of: number[]
}

export function packAudienceUnits(audience: readonly string[], unitOf: Readonly<Record<string, string>>): PackedUnits {
  const units: string[] = []
  const index = new Map<string, number>()
  const of = audience.map((id) => {
    const u = unitOf[id] ?? ''
    let i = index.get(u)
    if (i === undefined) index.set(u, (i = units.push(u) - 1))
    return i
  })
  return { units, of }
}

/** Each addressed person's unit at publishing; undefined for a notice published before it was kept. */
export function readAudienceUnits(doc: Y.Doc): Readonly<Record<string, string>> | undefined {
  const p = noticeServer(doc).get('audienceUnits') as PackedUnits | undefined
  if (!p) return undefined
  const out: Record<string, string> = {}
  readAudience(doc).forEach((id, i) => {
    const u = p.units[p.of[i] ?? -1]
    if (u) out[id] = u
  })
  return out
}
export const readOwnReceipt = (doc: Y.Doc): ReceiptRow | null => (readerStamps(doc).get('receipt') as ReceiptRow | undefined) ?? null

/** Writes the draft's fields (one transaction, one update). */
export function writeNoticeMeta(doc: Y.Doc, meta: NoticeMeta): void {
  doc.transact(() => {
    const m = noticeMetaMap(doc)
    for (const [k, v] of Object.entries(meta)) if (v !== undefined && JSON.stringify(m.get(k)) !== JSON.stringify(v)) m.set(k, v)
    for (const k of [...m.keys()]) if ((meta as unknown as Record<string, unknown>)[k] === undefined) m.delete(k)
  })
}

export const readerRoomId = (noticeId: string, userId: string) => `${noticeId}.${userId}`

export const noticeRooms = {
  notice: (id: string) => `notice:${id}`,
  reader: (id: string, userId: string) => `notice-me:${readerRoomId(id, userId)}`,
  receipts: (id: string) => `notice-receipts:${id}`,
  board: (userId: string) => `notice-board:${userId}`,
  unitBoard: (unitId: string) => `notice-unit-board:${unitId}`,
  sent: (unitId: string) => `notice-sent:${unitId}`,
  oversight: 'notice-oversight'
} as const

export function summarizeNotice(meta: NoticeMeta, state: NoticeState, at: number): NoticeSummary {
  const s: NoticeSummary = {
    id: meta.id,
    title: meta.title,
    publisherUnitId: meta.publisherUnitId,
    status: state.status,
    pinned: meta.pinned,
    receiptRequired: meta.receipt.required,
    updatedAt: at
  }
  if (state.publishedAt !== undefined) s.publishedAt = state.publishedAt
  if (meta.expiresOn) s.expiresOn = meta.expiresOn
  if (state.dueDate) s.dueDate = state.dueDate
  if (state.dueAt !== undefined) s.dueAt = state.dueAt
  if (meta.correctsId) s.correctsId = meta.correctsId
  if (state.correctedBy) s.correctedBy = state.correctedBy
  if (state.withdrawReason) s.withdrawReason = state.withdrawReason
  if (state.overdueNotified) s.alarm = 'overdue'
  else if (state.autoReminded) s.alarm = 'due_soon'
  return s
}

/**
 * One person's 公告栏: their unit's rows and their own, with their own read and 回执
 * times (from `mine`, or from an own row written before `mine` existed).
 */
export function mergeBoard(unitRows: Iterable<NoticeSummary>, ownRows: Iterable<NoticeSummary>, marks: ReadonlyMap<string, BoardMark>): NoticeSummary[] {
  const out = new Map<string, NoticeSummary>()
  for (const r of unitRows) out.set(r.id, r)
  for (const r of ownRows) out.set(r.id, r)
  return [...out.values()].map((r) => {
    const m = marks.get(r.id)
    if (!m) return r
    const row: NoticeSummary = { ...r, readAt: m.readAt }
    if (m.confirmedAt !== undefined) row.confirmedAt = m.confirmedAt
    return row
  })
}
