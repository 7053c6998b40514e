/**
 * The kinds the county runs today: the 交办件 record, the index rooms the
 * server writes, and the directory and calendar rooms administrators write.
 */
import type * as Y from 'yjs'
import { adminDuties, hasRole, isOverseer, type Actor } from '../directory'
import { KindRegistry } from './registry'
import { taskKind } from './task'
import { DOCUMENT_KINDS } from '../document/kinds'
import { NOTICE_KINDS } from '../notice/kind'
import type { RoomKind } from './types'

const items = 'Y.Map items: record id → RecordSummary'
// 督查室, reviewers and top leaders (县委书记, 县长: county-wide, read-only) follow every record with a deadline.
const overseer = (a: Actor) => isOverseer(a) || hasRole(a, 'top_leader')

export const inboxKind: RoomKind = {
  name: 'inbox',
  layout: { items },
  writtenBy: 'server',
  access: (a, unitId) => (a.unitId === unitId ? 'read' : 'none'),
  keepOpen: (a) => [a.unitId]
}

export const mineKind: RoomKind = {
  name: 'mine',
  layout: { items },
  writtenBy: 'server',
  access: (a, userId) => (a.userId === userId ? 'read' : 'none'),
  keepOpen: (a) => (hasRole(a, 'leader') ? [a.userId] : [])
}

export const userKind: RoomKind = {
  name: 'user',
  layout: { reminders: 'Y.Array: Reminder (code + params)' },
  writtenBy: 'server',
  access: (a, userId) => (a.userId === userId ? 'read' : 'none'),
  keepOpen: (a) => [a.userId]
}

/** Every record with a deadline, one room per year of assignment (docs/decisions.md). */
export const oversightKind: RoomKind = {
  name: 'oversight',
  idPattern: /^\d{4}$/,
  layout: { items },
  writtenBy: 'server',
  access: (a) => (overseer(a) ? 'read' : 'none')
}

export const OVERSIGHT_YEARS = 'oversight-years'
export const yearsMap = (doc: Y.Doc) => doc.getMap<true>('years')

/** The list of oversight year rooms that exist: its readers open each of them. */
export const oversightYearsKind: RoomKind = {
  name: OVERSIGHT_YEARS,
  singleton: true,
  layout: { years: 'Y.Map: year → true, one entry per oversight room' },
  writtenBy: 'server',
  access: (a) => (overseer(a) ? 'read' : 'none'),
  keepOpen: () => [''],
  follows: (doc) => [...yearsMap(doc).keys()].sort().map((y) => `oversight:${y}`)
}

export const directoryKind: RoomKind = {
  name: 'directory',
  singleton: true,
  layout: { units: 'Y.Map: id → Unit', people: 'Y.Map: id → Person' },
  writtenBy: 'admins',
  access: (a) => (hasRole(a, 'admin') ? 'write' : 'read'),
  keepOpen: () => ['']
}

export const calendarKind: RoomKind = {
  name: 'calendar',
  singleton: true,
  layout: { overrides: 'Y.Map: date → CalendarOverride', meta: "Y.Map: 'officialYears', 'agencyTypes'" },
  writtenBy: 'admins',
  // 三员分立: the 系统管理员 (or the combined 'admin') keeps the calendar (domain/directory/duties.ts).
  access: (a) => (adminDuties(a).calendar ? 'write' : 'read'),
  // Every client checks its own actions with the county's calendar (docs/decisions.md).
  keepOpen: () => ['']
}

export function builtinRegistry(): KindRegistry {
  const r = new KindRegistry()
  for (const k of [directoryKind, calendarKind, userKind, inboxKind, mineKind, oversightYearsKind, oversightKind, taskKind, ...DOCUMENT_KINDS, ...NOTICE_KINDS])
    r.register(k)
  return r
}
