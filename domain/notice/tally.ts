/**
 * Read status of a notice for its publisher: per person and per unit, with
 * server times, counts and 回执 contents. Pure; linear in the audience and its
 * receipts. Who is owed a 回执 is the audience fixed at publishing; a newcomer to
 * an addressed unit who opened or signed it is shown apart (docs/decisions.md,
 * "A notice to a unit follows the unit").
 */
import type { WorkCalendar } from '../calendar'
import type { DeadlineRules, WarningLevel } from '../deadline'
import type { DirectoryIndex } from './audience'
import { normalizeForSearch } from '../text/search'
import { receiptWarning } from './rules'
import type { NoticeState, NoticeSummary, ReceiptRow } from './types'

export type PersonStatus = 'unread' | 'read' | 'confirmed'

export interface PersonRow {
  userId: string
  name: string
  unitId: string
  status: PersonStatus
  readAt?: number
  confirmedAt?: number
  late?: boolean
  text?: string
  attachments?: ReceiptRow['attachments']
  /** With a 回执 deadline: yellow near it, red past it while unconfirmed. */
  warning?: WarningLevel
  /** 后加入: joined an addressed unit after publishing and opened it; owed nothing, counted apart. */
  joined?: true
  /** 已调离: addressed in `unitId`, in this unit now; still owes its 回执 there. */
  movedTo?: string
}

export interface UnitRow {
  unitId: string
  name: string
  total: number
  read: number
  confirmed: number
  late: number
  /** Newcomers (after publishing) who opened it; not in `total`, never missing. */
  joined: number
  /** Worst warning among its people. */
  warning?: WarningLevel
}

export interface Tally {
  total: number
  read: number
  unread: number
  confirmed: number
  late: number
  /** People who still need to act: unread, or unconfirmed when a 回执 is asked. */
  pending: number
  /** Newcomers to addressed units who opened it, outside the counts above. */
  joined: number
  people: PersonRow[]
  units: UnitRow[]
}

const RANK: Record<WarningLevel, number> = { red: 5, yellow: 4, done_late: 3, normal: 2, done_on_time: 1, cancelled: 0 }

export function tally(
  audience: readonly string[],
  receipts: ReadonlyMap<string, ReceiptRow>,
  ix: DirectoryIndex,
  notice: { state: NoticeState; receiptRequired: boolean; audienceUnits?: Readonly<Record<string, string>> },
  now: number,
  cal: WorkCalendar,
  rules?: DeadlineRules
): Tally {
  const people: PersonRow[] = []
  const units = new Map<string, UnitRow>()
  const t = { total: 0, read: 0, unread: 0, confirmed: 0, late: 0, pending: 0, joined: 0 }
  const unitRow = (unitId: string) => {
    let u = units.get(unitId)
    if (!u) units.set(unitId, (u = { unitId, name: ix.units.get(unitId)?.name ?? unitId, total: 0, read: 0, confirmed: 0, late: 0, joined: 0 }))
    return u
  }
  const personRow = (userId: string, unitId: string, r: ReceiptRow | undefined): PersonRow => {
    const status: PersonStatus = r?.confirmedAt !== undefined ? 'confirmed' : r ? 'read' : 'unread'
    const row: PersonRow = { userId, name: ix.people.get(userId)?.name ?? userId, unitId, status }
    if (r) {
      row.readAt = r.readAt
      if (r.confirmedAt !== undefined) row.confirmedAt = r.confirmedAt
      if (r.late) row.late = true
      if (r.text) row.text = r.text
      if (r.attachments) row.attachments = r.attachments
    }
    return row
  }
  const sent = new Set(audience)
  for (const userId of audience) {
    const p = ix.people.get(userId)
    const r = receipts.get(userId)
    // Counted where it was sent: a 回执 owed by someone who has since moved stays their old unit's.
    const unitId = notice.audienceUnits?.[userId] ?? r?.unitId ?? p?.unitId ?? ''
    const row = personRow(userId, unitId, r)
    const status = row.status
    if (notice.audienceUnits && p && p.unitId !== unitId) row.movedTo = p.unitId
    if (notice.receiptRequired) {
      const w = receiptWarning(notice.state, r, now, cal, rules)
      if (w) row.warning = w.level
    }
    people.push(row)
    const u = unitRow(unitId)
    u.total++
    t.total++
    if (r) u.read++, t.read++
    else t.unread++
    if (status === 'confirmed') u.confirmed++, t.confirmed++
    if (r?.late) u.late++, t.late++
    if (status === 'unread' || (notice.receiptRequired && status !== 'confirmed')) t.pending++
    if (row.warning && (!u.warning || RANK[row.warning] > RANK[u.warning])) u.warning = row.warning
  }
  // Newcomers who opened it: their receipt is on the record, under the unit they read it in; they owe nothing.
  for (const [userId, r] of receipts) {
    if (sent.has(userId)) continue
    const row = personRow(userId, r.unitId, r)
    row.joined = true
    people.push(row)
    unitRow(r.unitId).joined++
    t.joined++
  }
  const order = (id: string) => {
    const u = ix.units.get(id)
    return u ? `${u.kind === 'township' ? 1 : u.kind === 'department' ? 2 : 3}${String(u.order).padStart(4, '0')}` : '9'
  }
  return {
    ...t,
    people,
    units: [...units.values()].sort((a, b) => order(a.unitId).localeCompare(order(b.unitId)))
  }
}

/**
 * Search words: what is typed, split at spaces, each through the one search
 * normaliser (domain/text/search.ts: NFKC, lower case, brackets and punctuation
 * dropped), so 浠政办〔2026〕3号 is found whichever brackets the user types, and
 * every word must occur in the title.
 */
export function searchWords(q: string): string[] {
  return q.split(/\s+/u).map(normalizeForSearch).filter(Boolean)
}

const haystack = (s: string) => normalizeForSearch(s)

/** The 公告栏: pinned first, newest first; expired and unpublished hidden unless asked. */
export function boardView(items: readonly NoticeSummary[], opts: { today: string; query?: string; showExpired?: boolean }): NoticeSummary[] {
  const words = searchWords(opts.query ?? '')
  return items
    .filter((n) => n.status === 'published' || n.status === 'withdrawn')
    .filter((n) => opts.showExpired || !n.expiresOn || n.expiresOn >= opts.today)
    .filter((n) => {
      if (!words.length) return true
      const h = haystack(n.title)
      return words.every((w) => h.includes(w))
    })
    .sort((a, b) => Number(b.pinned && b.status === 'published') - Number(a.pinned && a.status === 'published') || (b.publishedAt ?? 0) - (a.publishedAt ?? 0))
}

/** Unread and 待回执 on my board: the numbers the sidebar badge and the tab show. */
export function boardCounts(items: readonly NoticeSummary[]): { unread: number; receipt: number } {
  let unread = 0
  let receipt = 0
  for (const n of items) {
    if (n.status !== 'published') continue
    if (n.readAt === undefined) unread++
    if (n.receiptRequired && n.confirmedAt === undefined) receipt++
  }
  return { unread, receipt }
}

/** A unit's gap for the overseers: 回执 still missing, and those given late. */
export interface UnitGap extends UnitRow {
  missing: number
}

/**
 * 纪委监委's view of one notice: the units with a missing or late 回执, worst
 * first (red, then yellow, then most missing), in the directory's order after that.
 */
export function unitGaps(t: Pick<Tally, 'units'>): UnitGap[] {
  const rank = (w?: WarningLevel) => (w ? RANK[w] : 0)
  return t.units
    .map((u, i) => ({ ...u, missing: u.total - u.confirmed, i }))
    .filter((u) => u.missing > 0 || u.late > 0)
    .sort((a, b) => rank(b.warning) - rank(a.warning) || b.missing - a.missing || a.i - b.i)
    .map(({ i: _i, ...u }) => u)
}

/**
 * A notice's own level in the oversight list, from its index row alone: red once
 * its reply deadline has passed with 回执 missing (the server counts them when it
 * sends the red warning, and counts late ones down), `done_late` once the last
 * one came in late, yellow near the deadline, like a 交办件. Withdrawn notices carry no warning.
 */
export function noticeLevel(s: Pick<NoticeSummary, 'status' | 'dueDate' | 'alarm' | 'missing'>, now: number, cal: WorkCalendar): WarningLevel | null {
  if (!s.dueDate || s.status !== 'published') return null
  if (s.alarm === 'overdue') return s.missing === 0 ? 'done_late' : 'red'
  return receiptWarning({ status: s.status, dueDate: s.dueDate, reminds: [] }, undefined, now, cal)?.level ?? null
}
