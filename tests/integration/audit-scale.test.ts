/**
 * Nothing on the path of an update may cost more as history grows
 * (docs/protocol.md "the signed log"): opening the log and appending to a room
 * run the same SQLite statements, returning the same number of rows, with 10
 * rooms and with 10,000 rooms in the folder; only rooms in use are in memory.
 * Counted, not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AuditLog } from '@server/audit/log'
import { openDatabase, type DB } from '@server/store/db'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A folder with `rooms` rooms and `records` records in total (a multiple of 64, so the tree's carries repeat). */
function folder(rooms: number, records: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'qf-scale-'))
  dirs.push(dir)
  const db = openDatabase(dir)
  const log = new AuditLog(db)
  log.transaction(() => {
    for (let i = 0; i < records; i++)
      log.append({ room: `task:r${i % rooms}`, kind: 'event', userId: 'u', unitId: null, at: 1000 + i, update: null, summary: `e${i}` })
  })
  db.close()
  return dir
}

/** Counts every statement execution and every row it hands back. */
function counted(db: DB) {
  const calls: string[] = []
  let rows = 0
  const wrapStmt = (stmt: object, sql: string): object =>
    new Proxy(stmt, {
      get(target, prop, recv) {
        const v = Reflect.get(target, prop, recv)
        if (typeof v !== 'function') return v
        return (...args: unknown[]) => {
          const out = (v as (...a: unknown[]) => unknown).apply(target, args)
          if (out === target) return wrapStmt(target, sql) // pluck(), raw(), bind() chain
          if (['run', 'get', 'all', 'iterate'].includes(String(prop))) {
            calls.push(`${String(prop)} ${sql}`)
            rows += Array.isArray(out) ? out.length : out === undefined ? 0 : 1
          }
          return out
        }
      }
    })
  const proxy = new Proxy(db, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv)
      if (prop === 'prepare') return (sql: string) => wrapStmt((v as (s: string) => object).call(target, sql), sql)
      if (prop === 'exec') return (sql: string) => (calls.push(`exec ${sql}`), (v as (s: string) => unknown).call(target, sql))
      return typeof v === 'function' ? v.bind(target) : v
    }
  }) as DB
  return { db: proxy, calls, rows: () => rows }
}

function workOf(dir: string) {
  const c = counted(openDatabase(dir))
  const log = new AuditLog(c.db)
  const open = { calls: [...c.calls], rows: c.rows() }
  c.calls.length = 0
  const before = c.rows()
  for (let i = 0; i < 63; i++)
    log.transaction(() =>
      log.append({ room: `task:r${i % 3}`, kind: 'client', userId: 'u', unitId: null, at: 5_000_000 + i, update: new Uint8Array([1, 2, 3]), summary: 'x' })
    )
  const append = { calls: [...c.calls], rows: c.rows() - before }
  const cached = log.cachedRooms()
  c.db.close()
  return { open, append, cached }
}

describe('append cost does not grow with history', () => {
  it('is the same statements and rows with 10 rooms and with 10,000 rooms', () => {
    const small = workOf(folder(10, 640))
    const large = workOf(folder(10_000, 10_048))
    // Opening reads one stored subtree per set bit of the size (the right frontier): O(log n), here 2 and 5.
    const node = (s: string) => s.includes('FROM audit_tree WHERE level = ? AND idx = ?')
    const popcount = (n: number) => n.toString(2).replace(/0/g, '').length
    expect(small.open.calls.filter(node).length).toBe(popcount(640))
    expect(large.open.calls.filter(node).length).toBe(popcount(10_048))
    const rest = (w: typeof small) => w.open.calls.filter((s) => !s.startsWith('exec') && !node(s))
    expect(rest(large)).toEqual(rest(small))
    expect(large.append.calls).toEqual(small.append.calls)
    expect(large.append.rows).toBe(small.append.rows)
    expect(large.cached).toBe(3)
    expect(small.cached).toBe(3)
    // No statement on these paths reads a whole table or groups over history.
    for (const s of [...large.open.calls, ...large.append.calls]) expect(s).not.toMatch(/GROUP BY|COUNT\(|DISTINCT/i)
  })
})
