/** React hooks over the Dexie read model (useLiveQuery): lists never walk Y.Docs. */
import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import type { Person, Unit } from '../../../domain/directory'
import { useServices } from '../app/context'
import { totalPending } from '../sync/pending'
import type { ReminderRow, SummaryRow } from './db'
import { searchKey, TABS, type Scope, type TabKey } from './summaries'

const byDue = (a: SummaryRow, b: SummaryRow) => a.dueAt - b.dueAt || b.updatedAt - a.updatedAt
const byRecent = (a: SummaryRow, b: SummaryRow) => b.updatedAt - a.updatedAt

/** Rows of one list ('inbox:sign', 'todo' …); open work by deadline, finished work newest first. */
export function useList(list: string, search = ''): SummaryRow[] | undefined {
  const { db } = useServices()
  const rows = useLiveQuery(() => db.summaries.where('lists').equals(list).toArray(), [db, list])
  return useMemo(() => {
    if (!rows) return rows
    const q = searchKey(search)
    const hit = q ? rows.filter((r) => r.search.includes(q) || r.id.toLowerCase().includes(q)) : rows
    return [...hit].sort(list.endsWith(':done') ? byRecent : byDue)
  }, [rows, search, list])
}

export function useListCount(list: string): number {
  const { db } = useServices()
  return useLiveQuery(() => db.summaries.where('lists').equals(list).count(), [db, list]) ?? 0
}

export function useTabCounts(scope: Scope): Record<TabKey, number> {
  const { db } = useServices()
  const counts = useLiveQuery(
    async () => Object.fromEntries(await Promise.all(TABS.map(async (t) => [t, await db.summaries.where('lists').equals(`${scope}:${t}`).count()]))),
    [db, scope]
  )
  return (counts ?? { sign: 0, doing: 0, yellow: 0, red: 0, done: 0 }) as Record<TabKey, number>
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
