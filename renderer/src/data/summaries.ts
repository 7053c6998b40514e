/**
 * The read model: a RecordSummary from an index room becomes a row with the
 * list memberships this user's screens query by index ('inbox:sign',
 * 'mine:red', 'todo' …), so each tab is one indexed lookup, never a walk over
 * Y.Docs (architecture.md, "Lists come from Dexie indexes").
 */
import type { Role } from '../../../domain/directory'
import type { RecordSummary } from '../../../domain/task/types'
import type { SummaryRow } from './db'

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

/** Search key: lower case, without spaces and the brackets of document numbers (〔〕［］[]()（）). */
export function searchKey(text: string): string {
  return text.toLowerCase().replace(/[\s〔〕［］\[\]()（）【】「」《》“”"'‘’·,，.。:：;；、-]/g, '')
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
    search: searchKey(s.title)
  }
  if (local) row.local = true
  else delete row.local
  return row
}

export const scopeOfRoom = (room: string): Scope | null =>
  room.startsWith('inbox:') ? 'inbox' : room.startsWith('mine:') ? 'mine' : room === 'oversight' ? 'oversight' : null
