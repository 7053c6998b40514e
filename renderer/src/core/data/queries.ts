/**
 * The list queries behind the tabs, as plain functions over a UserDb so the hooks
 * (hooks.ts, through useLiveQuery), the tests and the benchmark run the same code.
 *
 * A tab reads only the page it shows: the multi-entry index `listKeys` holds each row
 * once per list, already in the list's order ([list, deadline, …], summaries.ts), so a
 * page is an index range with offset/limit — nothing is loaded and sorted in memory.
 * Counts are kept on write (db.ts, `listCounts`): Chromium counts an index range entry
 * by entry, ~90 ms for a 20,000-row inbox, so counting on read missed the 100 ms target. Search walks the tab's range in order, in
 * chunks, and stops as soon as it has the page it needs.
 */
import Dexie from 'dexie'
import { endOfShanghaiDay, startOfShanghaiDay } from '@domain/calendar'
import type { Period } from '@domain/oversight'
import type { SummaryRow, UserDb } from './db'
import { listKeyOf, matchesSearch, NO_TAB_COUNTS, searchKey, TABS, type ListKey, type Scope, type TabKey } from './summaries'

export const PAGE_SIZE = 20

/** The whole of one list in the `listKeys` index. */
export const listRange = (list: string): [lower: unknown[], upper: unknown[]] => [
  [list, Dexie.minKey],
  [list, Dexie.maxKey]
]

const inList = (db: UserDb, list: string) => {
  const [lo, hi] = listRange(list)
  return db.summaries.where('listKeys').between(lo, hi, true, true)
}

/** Number of rows in a list: kept on every write of a summary (db.ts, derivedListKeys). */
export const countList = async (db: UserDb, list: string): Promise<number> => (await db.listCounts.get(list))?.n ?? 0

/** The same, by walking the list's index: what the kept count must always equal. */
export const countListByIndex = (db: UserDb, list: string): Promise<number> => inList(db, list).count()

/** The counts on a scope's tabs, each an indexed count. */
export async function tabCounts(db: UserDb, scope: Scope, tabs: readonly TabKey[] = TABS): Promise<Record<TabKey, number>> {
  const counts: Record<TabKey, number> = { ...NO_TAB_COUNTS }
  const n = await Promise.all(tabs.map((t) => countList(db, `${scope}:${t}`)))
  tabs.forEach((t, i) => {
    counts[t] = n[i]
  })
  return counts
}

export interface ListPageQuery {
  /** 1-based. */
  page?: number
  pageSize?: number
  /** As typed; normalised here (searchKey). */
  search?: string
}

export interface ListPage {
  list: string
  /** The normalised search this page answers ('' = none). */
  search: string
  /** The page asked for, and the page returned (the last one there is, if fewer). */
  askedPage: number
  page: number
  pageSize: number
  rows: SummaryRow[]
  /**
   * Without a search: the number of rows in the list. With one: the matches found so
   * far — rows before this page, this page, and one more if there are further matches
   * (the scan stops at the page, so the total of matches is not known).
   */
  total: number
  /** False while searching: `total` is a lower bound. */
  exact: boolean
  /** There are rows after this page. */
  more: boolean
}

/** One page of a list in its order (deadline first; finished work newest first). */
export async function listPage(db: UserDb, list: string, q: ListPageQuery = {}): Promise<ListPage> {
  const pageSize = Math.max(1, q.pageSize ?? PAGE_SIZE)
  const search = searchKey(q.search ?? '')
  const askedPage = Math.max(1, Math.floor(Number(q.page) || 1))
  return db.transaction('r', db.summaries, db.listCounts, async () => {
    if (search) {
      const page = askedPage
      const skip = (page - 1) * pageSize
      const hits = await searchList(db, list, search, skip + pageSize + 1)
      const rows = hits.slice(skip, skip + pageSize)
      const more = hits.length > skip + pageSize
      // Asked past the last match (the matches changed): show the last page there is.
      if (rows.length === 0 && hits.length > 0 && page > 1) {
        const last = Math.ceil(hits.length / pageSize)
        return { list, search, askedPage, page: last, pageSize, rows: hits.slice((last - 1) * pageSize), total: hits.length, exact: true, more: false }
      }
      return { list, search, askedPage, page, pageSize, rows, total: skip + rows.length + (more ? 1 : 0), exact: !more, more }
    }
    const total = await countList(db, list)
    const pages = Math.max(1, Math.ceil(total / pageSize))
    const page = Math.min(askedPage, pages)
    const rows = await inList(db, list)
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .toArray()
    return { list, search, askedPage, page, pageSize, rows, total, exact: true, more: page < pages }
  })
}

/** Rows read per step while searching: small first (a common word matches early), then larger. */
const FIRST_CHUNK = 200
const MAX_CHUNK = 2000

/**
 * The first `limit` rows of a list, in the list's order, that match a normalised search
 * key. Reads the list's index range in chunks (one getAll each), resuming after the last
 * key read, and stops once it has enough.
 */
export async function searchList(db: UserDb, list: string, key: string, limit: number): Promise<SummaryRow[]> {
  const [lo, hi] = listRange(list)
  const hits: SummaryRow[] = []
  let from: unknown[] = lo
  let fromIncluded = true
  let chunk = FIRST_CHUNK
  for (;;) {
    const rows = await db.summaries.where('listKeys').between(from, hi, fromIncluded, true).limit(chunk).toArray()
    for (const r of rows) {
      if (!matchesSearch(r, key)) continue
      hits.push(r)
      if (hits.length >= limit) return hits
    }
    if (rows.length < chunk) return hits
    const last = rows[rows.length - 1]
    from = last.listKeys.find((k) => k[0] === list) ?? (listKeyOf(list, last) as ListKey)
    fromIncluded = false
    chunk = Math.min(MAX_CHUNK, chunk * 2)
  }
}

/** A whole list in order, optionally searched (small lists such as 待办). */
export async function listAll(db: UserDb, list: string, search = ''): Promise<SummaryRow[]> {
  const key = searchKey(search)
  return key ? searchList(db, list, key, Infinity) : inList(db, list).toArray()
}

/** Records assigned within a period (Shanghai dates, inclusive), by the `createdAt` index. */
export function summariesCreatedIn(db: UserDb, period: Period): Promise<SummaryRow[]> {
  return db.summaries.where('createdAt').between(startOfShanghaiDay(period.from), endOfShanghaiDay(period.to), true, true).toArray()
}
