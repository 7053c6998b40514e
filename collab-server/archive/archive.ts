/**
 * 归档 (docs/decisions.md, "Archive"): a record closed for longer than the configured time
 * (docs/deploy.md, `archiveAfterDays`) is archived by a server job, one step per record:
 *   - the record room gets one audited server write, the `archive` root ({ at }): it stays in the
 *     log and the Merkle tree, its trail and proofs are served as before, nothing is deleted or rewritten;
 *   - from then on every client write to it is refused with REFUSAL.ARCHIVED (archiveGuard);
 *   - its entries leave every index room about current work (inbox, mine, oversight year), in the same step;
 *   - a row in the small `archive` table keeps what a search needs; the search checks each hit
 *     with the kind registry's access rule, as the ACL does.
 * The job reads only `closed_items` (records waiting for the archive), never the history.
 */
import { ARCHIVE_ROOT, archivedAt, oversightYearOf, taskIndexRooms } from '@domain/kinds'
import type { Access } from '@domain/kinds'
import { readMeta, serverMap, type RecordSummary } from '@domain/task'
import { REFUSAL } from '@domain/wire'
import { removeEntry, type KindPlugin, type RoomWriter, type StepRunner } from '../rooms/kind-plugin'
import type { DB } from '../store/db'
import type { OpenItems } from '../supervision/open-items'

export const DEFAULT_ARCHIVE_AFTER_MS = 365 * 86_400_000

export interface ArchiveRow {
  room: string
  kind: string
  id: string
  title: string
  /** 文号 / 交办编号, when the record has one. */
  number: string
  year: string
  units: string[]
  closedAt: number
  archivedAt: number
}

export interface ArchiveQuery {
  q?: string
  year?: string
  kind?: string
  limit?: number
}

/** How one kind archives a record: the row a search needs, and the index entries to remove (same step). */
export interface Archiver {
  kind: string
  /** null: the record is not there (or not closed any more): it is not archived. */
  archive(w: RoomWriter, room: string, id: string): Omit<ArchiveRow, 'room' | 'kind' | 'id' | 'closedAt' | 'archivedAt'> | null
}

/** 交办件: finished (办结) or cancelled (撤销) tasks. */
export const taskArchiver: Archiver = {
  kind: 'task',
  archive(w, room, id) {
    const doc = w.doc(room)
    const meta = readMeta(doc)
    const summary = serverMap(doc).get('summary') as RecordSummary | undefined
    if (!meta || !summary || (summary.status !== 'closed' && summary.status !== 'cancelled')) return null
    for (const index of taskIndexRooms(summary)) removeEntry(w, index, id, `归档：《${meta.title}》移出当前工作列表`)
    return {
      title: meta.title,
      number: summary.number ?? '',
      year: oversightYearOf(summary.createdAt),
      units: [...new Set([summary.leadUnitId, ...summary.assistUnitIds, summary.assignedByUnitId])]
    }
  }
}

export class Archive {
  private readonly insert
  private readonly getStmt

  constructor(
    private readonly db: DB,
    private readonly book: OpenItems,
    private readonly afterMs: number,
    private readonly archivers: Archiver[] = [taskArchiver]
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS archive (
        room TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        title TEXT NOT NULL,
        number TEXT NOT NULL,
        year TEXT NOT NULL,
        units TEXT NOT NULL,
        closed_at INTEGER NOT NULL,
        archived_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS archive_year ON archive(year, archived_at);
    `)
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO archive(room, kind, id, title, number, year, units, closed_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    this.getStmt = db.prepare('SELECT * FROM archive WHERE room = ?')
  }

  /**
   * Archives what has been closed for `afterMs` at server time, at most `limit` records per run
   * (the rest next run): one step per record, so a failure loses nothing and leaves no half-archived record.
   */
  run(steps: StepRunner, limit = 200): string[] {
    const now = steps.now()
    const done: string[] = []
    for (const item of this.book.closedBefore(now - this.afterMs, limit)) {
      const archiver = this.archivers.find((a) => a.kind === item.kind)
      if (!archiver) continue
      steps.step((w) => {
        const doc = w.doc(item.room)
        if (archivedAt(doc) === undefined) {
          const row = archiver.archive(w, item.room, item.id)
          if (!row) return this.book.dropClosed(item.room)
          w.write(item.room, `归档：《${row.title}》办结已满归档期限，转入归档（只读）`, (d) => d.getMap(ARCHIVE_ROOT).set('at', w.now))
          this.insert.run(item.room, item.kind, item.id, row.title, row.number, row.year, JSON.stringify(row.units), item.closedAt, w.now)
          done.push(item.room)
        }
        this.book.dropClosed(item.room)
      })
    }
    return done
  }

  get(room: string): ArchiveRow | undefined {
    const r = this.getStmt.get(room) as DbRow | undefined
    return r ? toRow(r) : undefined
  }

  /**
   * Archived records matching the query that `access` lets the person read, newest first.
   * Rows are read in pages from the table; each candidate is checked with the registry's rule.
   */
  search(query: ArchiveQuery, access: (room: string) => Access): ArchiveRow[] {
    const limit = Math.min(query.limit ?? 50, 200)
    const where: string[] = []
    const args: (string | number)[] = []
    if (query.q) {
      where.push("(title LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\')")
      const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      args.push(like, like)
    }
    if (query.year) {
      where.push('year = ?')
      args.push(query.year)
    }
    if (query.kind) {
      where.push('kind = ?')
      args.push(query.kind)
    }
    const sql = `SELECT * FROM archive ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY archived_at DESC, room LIMIT ? OFFSET ?`
    const stmt = this.db.prepare(sql)
    const out: ArchiveRow[] = []
    const page = 200
    // At most a few pages of candidates per search: a person entitled to little does not make the server read everything.
    for (let offset = 0; out.length < limit && offset < page * 5; offset += page) {
      const rows = stmt.all(...args, page, offset) as DbRow[]
      for (const r of rows) if (out.length < limit && access(r.room) !== 'none') out.push(toRow(r))
      if (rows.length < page) break
    }
    return out
  }
}

interface DbRow {
  room: string
  kind: string
  id: string
  title: string
  number: string
  year: string
  units: string
  closed_at: number
  archived_at: number
}

const toRow = (r: DbRow): ArchiveRow => ({
  room: r.room,
  kind: r.kind,
  id: r.id,
  title: r.title,
  number: r.number,
  year: r.year,
  units: JSON.parse(r.units) as string[],
  closedAt: r.closed_at,
  archivedAt: r.archived_at
})

/**
 * An archived record is read-only: every client write to it is refused with REFUSAL.ARCHIVED
 * before the kind's own check runs (read from the room's doc: no table look-up on the update path).
 */
export function archiveGuard(plugin: KindPlugin): KindPlugin {
  const check = plugin.check
  if (!check) return plugin
  return {
    ...plugin,
    check(u) {
      if (archivedAt(u.doc) !== undefined) return { kind: 'refused', code: REFUSAL.ARCHIVED, message: '该记录已归档，只能查看', touched: false }
      return check.call(plugin, u)
    }
  }
}
