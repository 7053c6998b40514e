/**
 * The read model: a RecordSummary from an index room becomes a row with the
 * list memberships this user's screens query by index ('inbox:sign',
 * 'mine:red', 'todo' …), so each tab is one indexed lookup, never a walk over
 * Y.Docs (architecture.md, "Lists come from Dexie indexes").
 */
import type { Role } from '@domain/directory'
import { normalizeForSearch } from '@domain/text/search'
import type { RecordSummary } from '@domain/task/types'
import type { ListKey, SummaryRow } from './rows'

export type { ListKey }

export type Scope = 'inbox' | 'mine' | 'oversight'
/** 已撤销 is its own tab: a cancelled task was not finished and is not counted as such. */
export type TabKey = 'sign' | 'doing' | 'yellow' | 'red' | 'done' | 'cancelled'
export const TABS: readonly TabKey[] = ['sign', 'doing', 'yellow', 'red', 'done', 'cancelled']
export const NO_TAB_COUNTS: Readonly<Record<TabKey, number>> = { sign: 0, doing: 0, yellow: 0, red: 0, done: 0, cancelled: 0 }

export interface Viewer {
  userId: string
  unitId: string
  roles: Role[]
}

/** Fields the server may add to summaries; read defensively. */
type SummaryExtras = { pendingExtension?: boolean }

export const isOpen = (s: Pick<RecordSummary, 'status'>) => s.status !== 'closed' && s.status !== 'cancelled'
export const warningLevelOf = (s: Pick<RecordSummary, 'warning'>): string => s.warning?.level ?? 'normal'

/**
 * Search key, applied alike to titles and to what is typed: the shared normaliser
 * (domain/text/search.ts), so 浠政发〔2026〕12号 is found as 浠政发[2026]12号,
 * 浠政发（2026）12号 or 浠政发2026 12.
 */
export const searchKey = (text: string): string => normalizeForSearch(text)

/**
 * What a row is searched by: its number (交办〔2026〕23号), title and record id, each
 * normalised, joined by a line break (never in a search key, so no match spans two).
 */
export const searchTextOf = (row: Pick<RecordSummary, 'title' | 'id' | 'number'>) =>
  `${row.number ? `${searchKey(row.number)}\n` : ''}${searchKey(row.title ?? '')}\n${searchKey(row.id)}`

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
  return isRecentFirst(list) ? [list, -updated, 0, row.id] : [list, finite(row.dueAt, Number.MAX_SAFE_INTEGER), -updated, row.id]
}

/** The `listKeys` of a row: one entry per list it is in. */
export function listKeysOf(row: Pick<SummaryRow, 'id' | 'dueAt' | 'updatedAt' | 'lists'>): ListKey[] {
  return (row.lists ?? []).map((l) => listKeyOf(l, row))
}

function tabsFor(s: RecordSummary, signed: boolean): TabKey[] {
  if (s.status === 'cancelled') return ['cancelled']
  if (!isOpen(s)) return ['done']
  const tabs: TabKey[] = [signed ? 'doing' : 'sign']
  const level = warningLevelOf(s)
  if (level === 'yellow') tabs.push('yellow')
  if (level === 'red') tabs.push('red')
  return tabs
}

/**
 * The status a unit sees on its own row: an assisting unit that has not signed yet sees
 * 待签收 (the record is 办理中 once the lead unit signed, but not for this unit).
 */
export function statusFor(
  s: Pick<RecordSummary, 'status' | 'leadUnitId' | 'assistUnitIds' | 'signedUnitIds'>,
  v: Pick<Viewer, 'unitId'>
): RecordSummary['status'] {
  const participant = s.leadUnitId === v.unitId || s.assistUnitIds.includes(v.unitId)
  if (participant && isOpen(s) && s.status !== 'reported' && !s.signedUnitIds.includes(v.unitId)) return 'assigned'
  return s.status
}

/** What a 待办 row waits for from this viewer: 签收, 审批延期 or 审核办结 (null: nothing). */
export type Awaited = 'sign' | 'decideExtension' | 'review'
export function awaitedFrom(s: RecordSummary & SummaryExtras, v: Viewer): Awaited | null {
  if (!isOpen(s)) return null
  const participant = s.leadUnitId === v.unitId || s.assistUnitIds.includes(v.unitId)
  const handler = v.roles.includes('clerk') || v.roles.includes('head')
  if (participant && handler && !s.signedUnitIds.includes(v.unitId)) return 'sign'
  if (s.assignedBy === v.userId && s.status === 'reported') return 'review'
  if (s.assignedBy === v.userId && s.pendingExtension === true) return 'decideExtension'
  return null
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
