/**
 * The notice kinds in the registry (domain/kinds). Access is decided here,
 * once, for the server's ACL and the client's room manager.
 */
import type * as Y from 'yjs'
import { hasRole, isOverseer, type Actor } from '../directory'
import type { RoomKind } from '../kinds/types'
import { isNoticeReader } from './audience'
import {
  noticeEvents,
  readAudience,
  readBoardTargets,
  readNoticeMeta,
  readNoticeState,
  readOwnReceipt,
  readerRequests,
  readerStamps,
  receiptsInfo
} from './doc'

const ID = '[A-Za-z0-9_-]'
const overseer = isOverseer
const handler = (a: Actor) => hasRole(a, 'clerk') || hasRole(a, 'head')
const items = 'Y.Map items: notice id → NoticeSummary'

/**
 * Who may open a notice: its unit, overseers, and — once published — its audience and
 * whoever is now in a unit it was addressed to whole (`isNoticeReader`).
 */
export function noticeAccess(actor: Actor, doc: Y.Doc | null): 'write' | 'read' | 'none' {
  const meta = doc ? readNoticeMeta(doc) : null
  // An empty room is a notice being drafted: a unit's clerk or head may start one.
  if (!meta) return handler(actor) ? 'write' : 'none'
  if (meta.publisherUnitId === actor.unitId) return handler(actor) ? 'write' : 'read'
  if (overseer(actor)) return 'read'
  const state = readNoticeState(doc!)
  if ((state.status === 'published' || state.status === 'withdrawn') && isNoticeReader(actor, readAudience(doc!), readBoardTargets(doc!).units)) return 'read'
  return 'none'
}

export const noticeKind: RoomKind = {
  name: 'notice',
  idPattern: new RegExp(`^${ID}{1,40}$`),
  layout: {
    meta: 'Y.Map: NoticeMeta, editable by the unit while a draft',
    body: 'Y.XmlFragment: the rich-text body (Tiptap), editable while a draft',
    events: 'Y.Array: NoticeEvent (submit/approve/reject/publish/withdraw/remind), append-only',
    server:
      "Y.Map: 'state' NoticeState, 'audience' person ids, 'boards' BoardTargets, 'audienceUnits' PackedUnits, each person's unit at publishing (server only)"
  },
  writtenBy: 'clients',
  record: true,
  access: (actor, _id, doc) => noticeAccess(actor, doc),
  // The reviewers' "as it was at T": what was issued, the unit's events and the server's state.
  replay: (doc) => ({ meta: readNoticeMeta(doc), events: noticeEvents(doc).toArray(), state: readNoticeState(doc) })
}

/**
 * One reader's own room: their read and 回执 requests, and the server's stamp.
 * Only they write it; once stamped, the publisher's unit and overseers may read
 * it too (to download the 回执's attachment, which belongs to this room).
 */
export const noticeReaderKind: RoomKind = {
  name: 'notice-me',
  idPattern: new RegExp(`^${ID}{1,40}\\.${ID}{1,64}$`),
  layout: { requests: 'Y.Array: ReaderRequest (read/confirm), append-only', stamps: "Y.Map 'receipt': ReceiptRow, 'publisherUnitId' (server only)" },
  writtenBy: 'clients',
  record: true,
  replay: (doc) => ({ meta: null, events: readerRequests(doc).toArray(), state: readOwnReceipt(doc) }),
  access: (actor, id, doc) => {
    if (id.slice(id.indexOf('.') + 1) === actor.userId) return 'write'
    const unit = doc ? readerStamps(doc).get('publisherUnitId') : undefined
    return unit !== undefined && (unit === actor.unitId || overseer(actor)) ? 'read' : 'none'
  }
}

/** Everyone's receipts for one notice: the publisher's unit and overseers only. */
export const noticeReceiptsKind: RoomKind = {
  name: 'notice-receipts',
  idPattern: new RegExp(`^${ID}{1,40}$`),
  layout: { info: "Y.Map 'publisherUnitId'", receipts: 'Y.Map: person id → ReceiptRow' },
  writtenBy: 'server',
  record: true,
  access: (actor, _id, doc) => (overseer(actor) || (doc && receiptsInfo(doc).get('publisherUnitId') === actor.unitId) ? 'read' : 'none')
}

export const noticeBoardKind: RoomKind = {
  name: 'notice-board',
  layout: { items, mine: "Y.Map: notice id → BoardMark (this person's read and 回执 times)" },
  writtenBy: 'server',
  access: (a, userId) => (a.userId === userId ? 'read' : 'none'),
  keepOpen: (a) => [a.userId]
}

/** The rows of notices addressed to a whole unit: one write per unit at publishing, not one per person. */
export const noticeUnitBoardKind: RoomKind = {
  name: 'notice-unit-board',
  layout: { items },
  writtenBy: 'server',
  access: (a, unitId) => (a.unitId === unitId ? 'read' : 'none'),
  keepOpen: (a) => (a.unitId ? [a.unitId] : [])
}

export const noticeSentKind: RoomKind = {
  name: 'notice-sent',
  layout: { items },
  writtenBy: 'server',
  access: (a, unitId) => (a.unitId === unitId ? 'read' : 'none'),
  keepOpen: (a) => (handler(a) ? [a.unitId] : [])
}

export const noticeOversightKind: RoomKind = {
  name: 'notice-oversight',
  singleton: true,
  layout: { items },
  writtenBy: 'server',
  access: (a) => (overseer(a) ? 'read' : 'none'),
  keepOpen: () => ['']
}

export const NOTICE_KINDS: RoomKind[] = [
  noticeKind,
  noticeReaderKind,
  noticeReceiptsKind,
  noticeBoardKind,
  noticeUnitBoardKind,
  noticeSentKind,
  noticeOversightKind
]
