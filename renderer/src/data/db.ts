/**
 * Local storage (IndexedDB via Dexie). Two databases:
 *  - `qingfeng`: which session this device last had, so the app opens offline;
 *  - `qingfeng-u-<userId>`: one per user, so two people sharing a machine never
 *    read each other's local copies. It holds the persisted Yjs updates of every
 *    room (the docs load from here first) and the read model lists query.
 */
import Dexie, { type EntityTable, type Table } from 'dexie'
import type { Person, Unit } from '../../../domain/directory'
import type { Reminder } from '../../../domain/index-rooms'
import type { RecordSummary } from '../../../domain/task/types'

export interface SessionRow {
  key: 'current'
  user: Person
  unit: Unit
  /** Token expiry (server clock, ms). */
  expiresAt: number
  /** serverTime - Date.now() at login/refresh: the UI's clock follows the server's. */
  clockOffsetMs: number
}

export interface UpdateRow {
  id?: number
  room: string
  update: Uint8Array
}

/** RecordSummary plus the fields lists query on (see summaries.ts). */
export interface SummaryRow extends RecordSummary {
  warningLevel: string
  /** Which list/tab each row is in for this user, e.g. 'inbox:sign', 'mine:red'. */
  lists: string[]
  /** Index rooms that currently carry this record. */
  scopes: string[]
  /** Normalised title for search. */
  search: string
  /** True while the row is a local projection of unsynced events. */
  local?: boolean
}

export interface PendingRow {
  room: string
  eventIds: string[]
  count: number
}

export interface ReminderRow extends Reminder {
  notified: 0 | 1
  read: 0 | 1
}

/** Per-room bookkeeping: the summary version a cached task doc has reached. */
export interface DocRow {
  room: string
  summaryUpdatedAt: number
  syncedAt: number
}

/** Keys of things already announced, e.g. 'assigned:<taskId>': restarts never re-notify. */
export interface SeenRow {
  key: string
  at: number
}

export class AppDb extends Dexie {
  session!: Table<SessionRow, string>
  constructor(name = 'qingfeng') {
    super(name)
    this.version(1).stores({ session: 'key' })
  }
}

export class UserDb extends Dexie {
  updates!: EntityTable<UpdateRow, 'id'>
  summaries!: Table<SummaryRow, string>
  units!: Table<Unit, string>
  people!: Table<Person, string>
  reminders!: Table<ReminderRow, string>
  pending!: Table<PendingRow, string>
  docs!: Table<DocRow, string>
  seen!: Table<SeenRow, string>

  constructor(name: string) {
    super(name)
    this.version(1).stores({
      updates: '++id, room',
      summaries: 'id, status, dueAt, warningLevel, leadUnitId, updatedAt, *lists, *scopes',
      units: 'id, kind',
      people: 'id, unitId',
      reminders: 'id, at, notified, read',
      pending: 'room, count',
      docs: 'room',
      seen: 'key'
    })
  }
}

/**
 * One database per user and server: the desktop shell's origin (app://qingfeng) is the
 * same whichever server it points at, so the server is part of the name.
 */
export const userDbName = (userId: string, serverUrl = '') => {
  const host = serverUrl.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]/g, '_')
  return host ? `qingfeng-u-${userId}@${host}` : `qingfeng-u-${userId}`
}
