/** React hooks over the Dexie read model (useLiveQuery): lists never walk Y.Docs. */
import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import type { Person, Unit } from '@domain/directory'
import { useServices } from '../app/context'
import { totalPending } from '../sync/pending'
import type { ReminderRow } from './db'
import { countList, listPage, tabCounts, type ListPage, type ListPageQuery } from './queries'
import { NO_TAB_COUNTS, searchKey, TABS, type Scope, type TabKey } from './summaries'

/**
 * One page of a list, live: only that page is read (queries.ts, listPage). Until the
 * first answer for these arguments arrives the previous page is returned; compare
 * `list`/`search`/`page` to tell.
 */
export function useListPage(list: string, q: ListPageQuery = {}): ListPage | undefined {
  const { db } = useServices()
  const key = searchKey(q.search ?? '')
  const { page = 1, pageSize } = q
  return useLiveQuery(() => listPage(db, list, { page, pageSize, search: key }), [db, list, page, pageSize, key])
}

export function useListCount(list: string): number {
  const { db } = useServices()
  return useLiveQuery(() => countList(db, list), [db, list]) ?? 0
}

const NO_COUNTS: Record<TabKey, number> = { ...NO_TAB_COUNTS }

export function useTabCounts(scope: Scope, tabs: readonly TabKey[] = TABS): Record<TabKey, number> {
  const { db } = useServices()
  return useLiveQuery(() => tabCounts(db, scope, tabs), [db, scope, tabs.join()]) ?? NO_COUNTS
}

export function usePendingTotal(): number {
  const { db } = useServices()
  return useLiveQuery(async () => totalPending(await db.pending.toArray()), [db]) ?? 0
}

export function usePendingEvents(room: string): string[] {
  const { db } = useServices()
  return useLiveQuery(async () => (await db.pending.get(room))?.eventIds ?? [], [db, room]) ?? []
}

export interface DirectoryView {
  units: Map<string, Unit>
  people: Map<string, Person>
  unitName(id: string | undefined): string
  personName(id: string | undefined): string
}

export function useDirectory(): DirectoryView {
  const { db } = useServices()
  const units = useLiveQuery(() => db.units.toArray(), [db])
  const people = useLiveQuery(() => db.people.toArray(), [db])
  return useMemo(() => {
    const u = new Map((units ?? []).map((x) => [x.id, x]))
    const p = new Map((people ?? []).map((x) => [x.id, x]))
    return {
      units: u,
      people: p,
      unitName: (id) => (id ? (u.get(id)?.name ?? id) : ''),
      personName: (id) => (id ? (p.get(id)?.name ?? id) : '')
    }
  }, [units, people])
}

export function useReminders(limit = 30): { rows: ReminderRow[]; unread: number } {
  const { db } = useServices()
  const rows = useLiveQuery(() => db.reminders.orderBy('at').reverse().limit(limit).toArray(), [db, limit]) ?? []
  const unread = useLiveQuery(() => db.reminders.where('read').equals(0).count(), [db]) ?? 0
  return { rows, unread }
}
