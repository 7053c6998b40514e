/**
 * 公文 as record kinds (docs/decisions.md, "公文 (official documents)"):
 *   docout:<id>                 a 发文: drafting unit + signer until issued, then sender + recipients
 *   docin:<unitId>--<ref>       one unit's 收文 (ref = the 发文 id, or x<random> for 外来文登记)
 *   docbox:<unitId>             index: the unit's 发文 and 收文 summaries (server-written, kept open)
 *   docarchive:<unitId>--<year> index: the unit's 公文 closed in that year, until archived (server-written, read on demand)
 *   doccounters                 the 发文字号 / 收文编号 counters (server only, read by nobody)
 *   docdeadlines                open 批办 deadlines; docdeadline:<year> every one of that year (oversight)
 */
import type * as Y from 'yjs'
import { shanghaiYear } from '../calendar'
import { hasRole, isOverseer, type Actor } from '../directory'
import type { RoomKind } from '../kinds/types'
import { canReadIncoming, canReadOutgoing } from './access'
import type { IncomingMeta, IncomingState, IncomingStatus, OutgoingState, OutgoingStatus, Urgency } from './types'
import type { Holder } from './where'

export const DOCOUT_KIND = 'docout'
export const DOCIN_KIND = 'docin'
export const DOCBOX_KIND = 'docbox'
export const DOCCOUNTERS = 'doccounters'
export const DOCDEADLINES = 'docdeadlines'
export const DOCWHERE = 'docwhere'
export const DOCPUB_KIND = 'docpub'

/** Ids of 发文: no '--', so a 收文 id `<unit>--<docId>` splits one way. */
export const DOC_ID = /^[A-Za-z0-9_]([A-Za-z0-9_]|-(?!-)){0,40}$/
export const incomingId = (unitId: string, ref: string) => `${unitId}--${ref}`
export const unitOfIncomingId = (id: string): string => id.split('--')[0]

export const readOutgoingState = (doc: Y.Doc): OutgoingState | null => (doc.getMap('server').get('state') as OutgoingState | undefined) ?? null
export const readIncomingMeta = (doc: Y.Doc): IncomingMeta | null => {
  const m = doc.getMap('meta')
  return m.size && m.get('id') ? (m.toJSON() as IncomingMeta) : null
}
export const readIncomingState = (doc: Y.Doc): IncomingState | null => (doc.getMap('server').get('state') as IncomingState | undefined) ?? null

const isStaff = (a: Actor) => hasRole(a, 'clerk') || hasRole(a, 'head')

export const docoutKind: RoomKind = {
  name: DOCOUT_KIND,
  idPattern: DOC_ID,
  layout: {
    fields: 'Y.Map: the GB/T 9704 fields (OutgoingFields); frozen from 签发',
    body: 'Y.XmlFragment: the 正文 (Tiptap/ProseMirror); frozen from 签发',
    events: 'Y.Array: OutgoingEvent, append-only',
    receipts: 'Y.Map: event id → { seq, at } (server only)',
    server: "Y.Map: 'state' → OutgoingState (server only)",
    progress: 'Y.Map: recipient unit id → RecipientProgress (server only)',
    snapshots: 'Y.Array: { eventId, type, at, snapshot } at every workflow step (server only)'
  },
  writtenBy: 'clients',
  record: true,
  keepDeleted: true,
  replay: (doc) => ({ meta: doc.getMap('fields').toJSON(), events: doc.getArray('events').toArray(), state: readOutgoingState(doc) }),
  access: (actor, _id, doc) => {
    const s = doc ? readOutgoingState(doc) : null
    // An empty room: any unit's staff may start a draft in it (the create event names their unit).
    if (!s) return isStaff(actor) ? 'write' : 'none'
    if (!canReadOutgoing(s, actor)) return 'none'
    // The drafting room holds the drafting history (traces, deleted text): never the recipients'.
    // They read the issued text in docpub:<id>.
    const drafting = actor.unitId === s.header.draftingUnitId
    const signer = actor.userId === s.signerId || actor.userId === s.signed?.by
    if (!drafting && !signer) return 'none'
    return (drafting && isStaff(actor)) || signer ? 'write' : 'read'
  }
}

/** The issued text, copied once at 核发 without its history: the sender, every recipient unit and oversight read it. */
export const docpubKind: RoomKind = {
  name: DOCPUB_KIND,
  idPattern: DOC_ID,
  layout: {
    fields: 'Y.Map: the fields as signed',
    body: 'Y.XmlFragment: the body as signed',
    server: "Y.Map: 'state' → OutgoingState at 核发",
    readers: 'Y.Map: person id → true, 传阅 readers outside the recipient units (server only; docs/decisions.md)'
  },
  writtenBy: 'server',
  record: true,
  access: (actor, _id, doc) => {
    const s = doc ? readOutgoingState(doc) : null
    if (!doc || !s) return 'none'
    if (canReadOutgoing(s, actor) || hasRole(actor, 'supervisor') || hasRole(actor, 'reviewer')) return 'read'
    // A county leader or another unit's head named in a recipient unit's 传阅 reads the issued text and its files.
    return docpubReaders(doc).has(actor.userId) ? 'read' : 'none'
  }
}

/** 传阅 readers from outside the recipient units, granted the issued text by the server (never by a client). */
export const docpubReaders = (doc: Y.Doc) => doc.getMap<true>('readers')

export const docinKind: RoomKind = {
  name: DOCIN_KIND,
  idPattern: /^[A-Za-z0-9_]+--[A-Za-z0-9_-]{1,44}$/,
  layout: {
    meta: 'Y.Map: IncomingMeta; server-written at 核发, or by the clerk for 外来文登记',
    events: 'Y.Array: IncomingEvent, append-only',
    receipts: 'Y.Map: event id → { seq, at } (server only)',
    server: "Y.Map: 'state' → IncomingState (server only)"
  },
  writtenBy: 'clients',
  record: true,
  replay: (doc) => ({ meta: readIncomingMeta(doc), events: doc.getArray('events').toArray(), state: readIncomingState(doc) }),
  access: (actor, id, doc) => {
    const meta = doc ? readIncomingMeta(doc) : null
    if (!meta) return actor.unitId === unitOfIncomingId(id) && isStaff(actor) ? 'write' : 'none'
    if (!canReadIncoming(meta, doc ? readIncomingState(doc) : null, actor)) return 'none'
    return hasRole(actor, 'reviewer') && !hasRole(actor, 'supervisor') ? 'read' : 'write'
  }
}

/** One row of a unit's 公文 box. */
export interface DocSummary {
  id: string
  /** The room: docout:<id> or docin:<id>. */
  room: string
  kind: 'out' | 'in'
  title: string
  docNumber?: string
  incomingNumber?: string
  status: OutgoingStatus | IncomingStatus
  urgency: Urgency
  fromUnitId?: string
  fromOrg?: string
  /** Who holds it since when (server time). */
  since: number
  dueDate?: string
  warning?: IncomingState['warning']
  updatedAt: number
  /** Where it is now (domain/document/where.ts): who holds it, the step it waits on, whether someone must act. */
  holder?: Holder
  step?: string
  open?: boolean
  /** The unit whose record this row describes. */
  unitId?: string
  /** Server time the record began here (drafted, or delivered to this unit). */
  startedAt?: number
  /** Server time the row left the 公文箱 (closed): the year of the list it is in (docListYearOf). */
  closedAt?: number
}

/** The unit's open 公文 (a row leaves when it is closed: 办结, withdrawn, issued and signed for by every recipient). */
export const docboxKind: RoomKind = {
  name: DOCBOX_KIND,
  layout: { items: "Y.Map: room → DocSummary of the unit's open documents" },
  writtenBy: 'server',
  access: (a, unitId) => (a.unitId === unitId ? 'read' : 'none'),
  keepOpen: (a) => [a.unitId]
}

export const DOCARCHIVE_KIND = 'docarchive'
/**
 * The year a closed row was listed under before lists went by the year of closing (docs/decisions.md,
 * "A unit's 公文箱 holds what is open"): the Shanghai year it began, or was last touched for old rows.
 */
export const docArchiveYearOf = (r: Pick<DocSummary, 'startedAt' | 'updatedAt'>): string => shanghaiYear(r.startedAt ?? r.updatedAt)
export const docArchiveRoom = (unitId: string, year: string) => `${DOCARCHIVE_KIND}:${unitId}--${year}`
/** The Shanghai year a row left the 公文箱: the list (docarchive:<unit>--<year>) it stays in while closed. */
export const docListYearOf: (closedAt: number) => string = shanghaiYear

/**
 * The record's own note of the year list its closed row is in (`server` map, written by the server
 * when the row leaves the box, removed when it opens again), so the archive step and a later rewrite
 * find the one list without looking through years.
 */
export const DOC_LIST_YEAR = 'listYear'
export const docListYearMark = (doc: Y.Doc): string | undefined => doc.getMap('server').get(DOC_LIST_YEAR) as string | undefined

/**
 * The year lists a record's closed row may be in: the one its mark names, or — a row listed before
 * the mark existed — the year it began and the year of its last change (the old rules). At most two.
 */
export function docListYears(doc: Y.Doc): string[] {
  const mark = docListYearMark(doc)
  if (mark) return [mark]
  const out = readOutgoingState(doc)
  const meta = out ? null : readIncomingMeta(doc)
  const began = out?.createdAt ?? meta?.deliveredAt
  const last = out?.lastEventAt ?? readIncomingState(doc)?.lastEventAt
  return [...new Set([began, last].filter((x): x is number => x !== undefined).map(docListYearOf))]
}

/**
 * A unit's 公文 closed in one year and not archived yet (docarchive:<unitId>--<year>): read by that
 * unit, like its box; a row leaves when the record is archived (then 归档查询 finds it).
 */
export const docarchiveKind: RoomKind = {
  name: DOCARCHIVE_KIND,
  idPattern: /^[A-Za-z0-9_]+--\d{4}$/,
  layout: { items: "Y.Map: room → DocSummary of the unit's documents that left its 公文箱 in that year, until archived" },
  writtenBy: 'server',
  access: (a, id) => (a.unitId === id.split('--')[0] ? 'read' : 'none')
}

export const doccountersKind: RoomKind = {
  name: DOCCOUNTERS,
  singleton: true,
  layout: {
    last: 'Y.Map: counter key (代字 or unit, and year) → last number given',
    given: 'Y.Map: (older folders only) counter key + record id → number; now in docnumbers:<year>'
  },
  writtenBy: 'server',
  access: () => 'none'
}

export const DOCNUMBERS_KIND = 'docnumbers'
/** Which record got which number, one room per numbering year, so the counter room does not grow with history. */
export const docnumbersKind: RoomKind = {
  name: DOCNUMBERS_KIND,
  idPattern: /^\d{4}$/,
  layout: { given: 'Y.Map: counter key + record id → number, for the counters of that year' },
  writtenBy: 'server',
  access: () => 'none'
}

/**
 * 收文 with a 批办 deadline, bounded by what is open: `open` holds one DocDeadlineRow per 收文
 * whose deadline runs now — the list the server's timer re-judges and the 纪委监委 workspace
 * warns from. A row leaves when the 收文 is 办结 or withdrawn. Every row, open or closed, also
 * lives in the year room of its 批办 (`docdeadline:<year>`), which the efficiency figures read
 * (docs/decisions.md, "公文 in oversight").
 */
export const docdeadlinesKind: RoomKind = {
  name: DOCDEADLINES,
  singleton: true,
  layout: {
    open: 'Y.Map: docin room → DocDeadlineRow of every 收文 whose deadline runs now',
    all: 'Y.Map: (older folders only) rows moved to the year rooms at start, then emptied'
  },
  writtenBy: 'server',
  access: (a) => (isOverseer(a) ? 'read' : 'none')
}

export const DOCDEADLINE_YEAR_KIND = 'docdeadline'
export const DOCDEADLINE_YEARS = 'docdeadline-years'

/** The year a 收文's deadline row belongs to for its whole life: the Shanghai year of its 批办. */
export const docDeadlineYearOf: (instructedAt: number) => string = shanghaiYear
export const docDeadlineYearRoom = (year: string) => `${DOCDEADLINE_YEAR_KIND}:${year}`
/** The year rooms covering Shanghai dates from..to (a month or a quarter is one, a span across new year two). */
export const docDeadlineYearRooms = (from: string, to: string): string[] => {
  const out: string[] = []
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(docDeadlineYearRoom(String(y)))
  return out
}

/** Every 收文 批办 with a deadline in one year, with its outcome (titles, units, dates; no internal handling). */
export const docdeadlineYearKind: RoomKind = {
  name: DOCDEADLINE_YEAR_KIND,
  idPattern: /^\d{4}$/,
  layout: { all: 'Y.Map: docin room → DocDeadlineRow, for 收文 批办 in that Shanghai year' },
  writtenBy: 'server',
  access: (a) => (isOverseer(a) ? 'read' : 'none')
}

export const docDeadlineYears = (doc: Y.Doc) => doc.getMap<true>('years')

/** The list of deadline year rooms that exist. */
export const docdeadlineYearsKind: RoomKind = {
  name: DOCDEADLINE_YEARS,
  singleton: true,
  layout: { years: 'Y.Map: year → true, one entry per docdeadline:<year> room' },
  writtenBy: 'server',
  access: (a) => (isOverseer(a) ? 'read' : 'none')
}

const overseer = isOverseer

/** The county's documents in circulation, by where they are (督查室 and 纪委监委 read it; titles and steps, no content). */
export const docwhereKind: RoomKind = {
  name: DOCWHERE,
  singleton: true,
  layout: { items: 'Y.Map: room → DocSummary of every open 发文 and every signed-for open 收文' },
  writtenBy: 'server',
  access: (a) => (overseer(a) ? 'read' : 'none'),
  keepOpen: (a) => (overseer(a) ? [''] : [])
}

export const DOCUMENT_KINDS: RoomKind[] = [
  docoutKind,
  docpubKind,
  docinKind,
  docboxKind,
  docarchiveKind,
  doccountersKind,
  docnumbersKind,
  docdeadlinesKind,
  docdeadlineYearKind,
  docdeadlineYearsKind,
  docwhereKind
]
