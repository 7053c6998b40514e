/**
 * Local storage (IndexedDB via Dexie). Two databases:
 *  - `qingfeng`: which session this device last had, so the app opens offline;
 *  - `qingfeng-u-<userId>`: one per user, so two people sharing a machine never
 *    read each other's local copies. It holds the persisted Yjs updates of every
 *    room (the docs load from here first) and the read model lists query.
 */
import Dexie, { type DBCore, type DBCoreMutateRequest, type EntityTable, type Middleware, type Table } from 'dexie'
import type { Person, Unit } from '../../../domain/directory'
import type { Reminder } from '../../../domain/index-rooms'
import type { RecordSummary } from '../../../domain/task/types'
import { listKeysOf, searchTextOf, type ListKey } from './summaries'

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
  /**
   * Derived from `lists` on every write (see `derivedListKeys`): the row's place in each
   * of its lists, so a tab is read in order one page at a time (summaries.ts, ListKey).
   */
  listKeys: ListKey[]
  /** Normalised title and id for search (summaries.ts, searchTextOf). */
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

/** Summaries indexes; v2 adds the per-list order (`*listKeys`) and `createdAt` for period reports. */
const SUMMARIES_V1 = 'id, status, dueAt, warningLevel, leadUnitId, updatedAt, *lists, *scopes'
const SUMMARIES_V2 = 'id, status, dueAt, warningLevel, leadUnitId, updatedAt, createdAt, *lists, *scopes, *listKeys'

/**
 * Keeps `listKeys` true to `lists`, `dueAt` and `updatedAt` whoever writes a summary
 * (projectors spread old rows and change `lists`): every put/add on `summaries`
 * stores the keys recomputed. Above Dexie's observability layer, so live queries on
 * `listKeys` see the real keys.
 */
export const derivedListKeys: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'SummaryListKeys',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name)
      if (name !== 'summaries') return table
      return {
        ...table,
        mutate: (req: DBCoreMutateRequest) =>
          table.mutate(
            req.type === 'put' || req.type === 'add'
              ? { ...req, values: req.values.map((v: SummaryRow) => ({ ...v, listKeys: listKeysOf(v) })) }
              : req
          )
      }
    }
  })
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
    this.use(derivedListKeys)
    this.version(1).stores({
      updates: '++id, room',
      summaries: SUMMARIES_V1,
      units: 'id, kind',
      people: 'id, unitId',
      reminders: 'id, at, notified, read',
      pending: 'room, count',
      docs: 'room',
      seen: 'key'
    })
    // Rows written by v1 get their list keys and the new search text (title and id, full-width folded).
    this.version(2)
      .stores({ summaries: SUMMARIES_V2 })
      .upgrade((tx) =>
        tx
          .table<SummaryRow, string>('summaries')
          .toCollection()
          .modify((row) => {
            row.search = searchTextOf(row)
            row.listKeys = listKeysOf(row)
          })
      )
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
