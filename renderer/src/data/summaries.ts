/**
 * The read model: a RecordSummary from an index room becomes a row with the
 * list memberships this user's screens query by index ('inbox:sign',
 * 'mine:red', 'todo' …), so each tab is one indexed lookup, never a walk over
 * Y.Docs (architecture.md, "Lists come from Dexie indexes").
 */
import type { Role } from '../../../domain/directory'
import type { RecordSummary } from '../../../domain/task/types'
import type { ListKey, SummaryRow } from './rows'

export type { ListKey }

export type Scope = 'inbox' | 'mine' | 'oversight'
export type TabKey = 'sign' | 'doing' | 'yellow' | 'red' | 'done'
export const TABS: readonly TabKey[] = ['sign', 'doing', 'yellow', 'red', 'done']

export interface Viewer {
  userId: string
  unitId: string
  roles: Role[]
}

/** Fields the server may add to summaries; read defensively. */
type SummaryExtras = { pendingExtension?: boolean }

export const isOpen = (s: Pick<RecordSummary, 'status'>) => s.status !== 'closed' && s.status !== 'cancelled'
export const warningLevelOf = (s: Pick<RecordSummary, 'warning'>): string => s.warning?.level ?? 'normal'

/** Punctuation, symbols, spaces and control characters: none of them count when searching. */
const NOT_SEARCHED = /[\p{P}\p{S}\p{Z}\p{Cc}\s]/gu

/**
 * Search key, applied alike to titles and to what is typed: full-width forms folded to
 * half-width (NFKC: ２０２６ → 2026, （ → (, ＡＢ → ab), lower case, and every bracket,
 * punctuation mark and space removed, so 浠政发〔2026〕12号 is found as 浠政发[2026]12号,
 * 浠政发（2026）12号 or 浠政发2026 12.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_SEARCHED, '')
}

/**
 * What a row is searched by: its title and its record id, each normalised, joined by a
 * line break (never in a search key, so no match spans the two).
 */
export const searchTextOf = (row: Pick<RecordSummary, 'title' | 'id'>) => `${searchKey(row.title ?? '')}\n${searchKey(row.id)}`

/** Does a row match an already normalised query (searchKey)? */
export const matchesSearch = (row: Pick<SummaryRow, 'search'>, key: string): boolean => !key || row.search.includes(key)

/*
 * A row's ListKey in one list: open work by deadline (then most recently changed
 * first); finished work ('…:done') newest first. The id makes every key unique,
 * so a scan can resume after any row.
 */

const finite = (n: number | undefined, fallback: number) => (typeof n === 'number' && Number.isFinite(n) ? n : fallback)

export const isRecentFirst = (list: string) => list.endsWith(':done')

export function listKeyOf(list: string, row: Pick<RecordSummary, 'id' | 'dueAt' | 'updatedAt'>): ListKey {
  const updated = finite(row.updatedAt, 0)
  return isRecentFirst(list)
    ? [list, -updated, 0, row.id]
    : [list, finite(row.dueAt, Number.MAX_SAFE_INTEGER), -updated, row.id]
}

/** The `listKeys` of a row: one entry per list it is in. */
export function listKeysOf(row: Pick<SummaryRow, 'id' | 'dueAt' | 'updatedAt' | 'lists'>): ListKey[] {
  return (row.lists ?? []).map((l) => listKeyOf(l, row))
}

function tabsFor(s: RecordSummary, signed: boolean): TabKey[] {
  if (!isOpen(s)) return ['done']
  const tabs: TabKey[] = [signed ? 'doing' : 'sign']
  const level = warningLevelOf(s)
  if (level === 'yellow') tabs.push('yellow')
  if (level === 'red') tabs.push('red')
  return tabs
}

/** Does this record need something from this viewer now? (the 待办 list, the badge) */
export function needsAction(s: RecordSummary & SummaryExtras, v: Viewer): boolean {
  if (!isOpen(s)) return false
  const participant = s.leadUnitId === v.unitId || s.assistUnitIds.includes(v.unitId)
  const handler = v.roles.includes('clerk') || v.roles.includes('head')
  if (participant && handler && !s.signedUnitIds.includes(v.unitId)) return true
  if (s.assignedBy === v.userId && (s.status === 'reported' || s.pendingExtension === true)) return true
  return false
}

export function listsFor(s: RecordSummary, scopes: readonly string[], v: Viewer): string[] {
  const lists: string[] = []
  for (const scope of scopes) {
    if (scope === 'inbox') {
      const participant = s.leadUnitId === v.unitId || s.assistUnitIds.includes(v.unitId)
      if (!participant) continue
      for (const t of tabsFor(s, s.signedUnitIds.includes(v.unitId))) lists.push(`inbox:${t}`)
    } else if (scope === 'mine' || scope === 'oversight') {
      if (scope === 'mine' && s.assignedBy !== v.userId) continue
      for (const t of tabsFor(s, s.status !== 'assigned')) lists.push(`${scope}:${t}`)
    }
  }
  if (needsAction(s, v)) lists.push('todo')
  return lists
}

export function toRow(s: RecordSummary, scopes: readonly string[], v: Viewer, local = false): SummaryRow {
  const row: SummaryRow = {
    ...s,
    warningLevel: warningLevelOf(s),
    scopes: [...scopes],
    lists: listsFor(s, scopes, v),
    search: searchTextOf(s),
    listKeys: []
  }
  row.listKeys = listKeysOf(row)
  if (local) row.local = true
  else delete row.local
  return row
}
