/**
 * Local storage (IndexedDB via Dexie). Two databases:
 *  - `qingfeng`: which session this device last had, so the app opens offline;
 *  - `qingfeng-u-<userId>`: one per user, so two people sharing a machine never
 *    read each other's local copies. It holds the persisted Yjs updates of every
 *    room (the docs load from here first) and the read model lists query.
 */
import Dexie, { type DBCore, type DBCoreDeleteRangeRequest, type DBCoreMutateRequest, type EntityTable, type Middleware, type Table } from 'dexie'
import type { Person, Unit } from '@domain/directory'
import type { Reminder } from '@domain/index-rooms'
import type { SummaryRow } from './rows'
import { listKeysOf, searchTextOf } from './summaries'

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

export type { SummaryRow }

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

/** How many rows each list holds: kept by the write path (`derivedListKeys`), read in O(1). */
export interface ListCountRow {
  list: string
  n: number
}

/** Add each row's lists into a delta, with a sign. */
const tally = (delta: Map<string, number>, rows: readonly (SummaryRow | undefined)[], sign: 1 | -1) => {
  for (const r of rows) for (const l of r?.lists ?? []) delta.set(l, (delta.get(l) ?? 0) + sign)
}

/** Mutations of summaries that keep counts, one after another per transaction (each reads then writes). */
const countChains = new WeakMap<object, Promise<unknown>>()

/**
 * Keeps the derived parts of `summaries` true whoever writes a row (projectors spread
 * old rows and change `lists`):
 *  - `listKeys`: every put/add stores the keys recomputed from `lists`, `dueAt`, `updatedAt`;
 *  - `listCounts`: every put/add/delete adjusts the count of each list the row leaves or
 *    joins, in the same transaction, so a tab's count is one read instead of a walk of
 *    its index (which Chromium's IndexedDB does entry by entry: ~90 ms for 20,000 rows).
 * A transaction that writes summaries must therefore include `listCounts`; IndexedDB
 * refuses one that does not, so a forgotten table fails loudly instead of drifting.
 * Upgrades (versionchange) are left alone: the v3 upgrade recounts from scratch.
 * Above Dexie's observability layer, so live queries see the real keys and counts.
 */
export const derivedListKeys: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'SummaryListKeys',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name)
      if (name !== 'summaries') return table
      const counts = () => down.table('listCounts')
      const keysOf = (req: DBCoreMutateRequest): unknown[] | null =>
        req.type === 'delete' ? [...req.keys] : req.type === 'deleteRange' ? null : [...(req.keys ?? req.values.map((v: SummaryRow) => v.id))]
      const counted = async (req: DBCoreMutateRequest) => {
        const keys = keysOf(req)
        const olds: (SummaryRow | undefined)[] = keys
          ? await table.getMany({ trans: req.trans, keys })
          : (await table.query({ trans: req.trans, values: true, query: { index: table.schema.primaryKey, range: (req as DBCoreDeleteRangeRequest).range } }))
              .result
        const res = await table.mutate(req)
        const delta = new Map<string, number>()
        tally(delta, olds, -1)
        if (req.type === 'put' || req.type === 'add') tally(delta, req.values as SummaryRow[], 1)
        for (const [l, d] of delta) if (d === 0) delta.delete(l)
        if (delta.size > 0) {
          const lists = [...delta.keys()]
          const now: (ListCountRow | undefined)[] = await counts().getMany({ trans: req.trans, keys: lists })
          const values = lists.map((list, i) => ({ list, n: Math.max(0, (now[i]?.n ?? 0) + delta.get(list)!) }))
          await counts().mutate({ type: 'put', trans: req.trans, values })
        }
        return res
      }
      return {
        ...table,
        mutate: (req: DBCoreMutateRequest) => {
          const withKeys: DBCoreMutateRequest =
            req.type === 'put' || req.type === 'add' ? { ...req, values: req.values.map((v: SummaryRow) => ({ ...v, listKeys: listKeysOf(v) })) } : req
          if ((req.trans as unknown as IDBTransaction).mode === 'versionchange') return table.mutate(withKeys)
          const prev = countChains.get(req.trans) ?? Promise.resolve()
          const next = prev.catch(() => undefined).then(() => counted(withKeys))
          countChains.set(req.trans, next)
          return next
        }
      }
    }
  })
}

/** 'key': the server's signing key pinned at first sight; 'head:<size>': a signed tree head seen and checked. */
export type WitnessRow = { id: string; [k: string]: unknown }

export class UserDb extends Dexie {
  updates!: EntityTable<UpdateRow, 'id'>
  summaries!: Table<SummaryRow, string>
  units!: Table<Unit, string>
  people!: Table<Person, string>
  reminders!: Table<ReminderRow, string>
  pending!: Table<PendingRow, string>
  docs!: Table<DocRow, string>
  seen!: Table<SeenRow, string>
  listCounts!: Table<ListCountRow, string>
  witness!: Table<WitnessRow, string>

  /** A read-write transaction over what a summary write touches (rows and their list counts). */
  writeSummaries<T>(fn: () => Promise<T>): Promise<T> {
    return this.transaction('rw', this.summaries, this.listCounts, fn)
  }

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
    // v3: tab counts kept on write (see derivedListKeys), counted once here from what is stored.
    this.version(3)
      .stores({ listCounts: 'list' })
      .upgrade(async (tx) => {
        const n = new Map<string, number>()
        await tx.table<SummaryRow, string>('summaries').each((row) => tally(n, [row], 1))
        await tx.table<ListCountRow, string>('listCounts').bulkPut([...n].map(([list, c]) => ({ list, n: c })))
      })
    // v4: the audit-log witness (renderer/src/features/witness/): the pinned signing key and every signed head seen.
    this.version(4).stores({ witness: 'id' })
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
