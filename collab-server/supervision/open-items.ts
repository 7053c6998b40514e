/**
 * What the timers and the archive job look at, kept small (docs/decisions.md, "The cost must not
 * grow with history"): one row per OPEN record (what supervision re-judges each minute) and one row
 * per CLOSED, not yet archived record (what the archive job waits on). Both are written in the same
 * SQLite transaction as the step that writes the record's summary, so they can never disagree with
 * the index rooms; a record leaves `open_items` when it closes and `closed_items` when it is archived.
 * Nothing here is read on the path of a client update.
 */
import type { RecordSummary } from '@domain/task'
import type { DB } from '../store/db'

/** Task statuses electronic supervision re-judges. */
export const OPEN_TASK = new Set<string>(['assigned', 'in_progress', 'reported'])
/** Task statuses after which a record only waits to be archived. */
export const CLOSED_TASK = new Set<string>(['closed', 'cancelled'])

export interface ClosedItem {
  room: string
  kind: string
  id: string
  closedAt: number
}

export class OpenItems {
  private readonly put
  private readonly drop
  private readonly putClosed
  private readonly dropClosedStmt
  private readonly listStmt
  private readonly closedStmt
  private readonly countStmt

  constructor(private readonly db: DB) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS open_items (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        summary TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS closed_items (
        room TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        closed_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS closed_items_at ON closed_items(closed_at);
    `)
    this.put = db.prepare('INSERT INTO open_items(kind, id, summary) VALUES (?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET summary = excluded.summary')
    this.drop = db.prepare('DELETE FROM open_items WHERE kind = ? AND id = ?')
    this.putClosed = db.prepare(
      'INSERT INTO closed_items(room, kind, id, closed_at) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET closed_at = excluded.closed_at'
    )
    this.dropClosedStmt = db.prepare('DELETE FROM closed_items WHERE room = ?')
    this.listStmt = db.prepare('SELECT summary FROM open_items WHERE kind = ?')
    this.closedStmt = db.prepare('SELECT room, kind, id, closed_at FROM closed_items WHERE closed_at <= ? ORDER BY closed_at LIMIT ?')
    this.countStmt = db.prepare('SELECT COUNT(*) n FROM open_items WHERE kind = ?')
  }

  /** A task's summary as the lists now show it: open, closed (waiting for the archive) or neither. */
  trackTask(s: RecordSummary): void {
    this.track('task', s.id, `task:${s.id}`, OPEN_TASK.has(s.status) ? s : null, CLOSED_TASK.has(s.status) ? (s.finishedAt ?? s.updatedAt) : null)
  }

  /**
   * Any kind: `open` is what its timer needs (null: not open); `closedAt` starts its wait for the archive
   * (undefined: the closed row is kept by someone else, see `closed`).
   */
  track(kind: string, id: string, room: string, open: unknown | null, closedAt: number | null | undefined): void {
    if (open !== null) this.put.run(kind, id, JSON.stringify(open))
    else this.drop.run(kind, id)
    if (closedAt !== undefined) this.closed(room, kind, id, closedAt)
  }

  /** Only the wait for the archive (collab-server/archive/track.ts): since when the record is closed, or null. */
  closed(room: string, kind: string, id: string, closedAt: number | null): void {
    if (closedAt !== null) this.putClosed.run(room, kind, id, closedAt)
    else this.dropClosedStmt.run(room)
  }

  /** The open records of a kind: the only rows a timer reads. */
  open<T>(kind: string): T[] {
    return (this.listStmt.all(kind) as { summary: string }[]).map((r) => JSON.parse(r.summary) as T)
  }

  openCount(kind: string): number {
    return (this.countStmt.get(kind) as { n: number }).n
  }

  /** Records closed at or before `t`, oldest first (the archive job's batch). */
  closedBefore(t: number, limit: number): ClosedItem[] {
    return (this.closedStmt.all(t, limit) as { room: string; kind: string; id: string; closed_at: number }[]).map((r) => ({
      room: r.room,
      kind: r.kind,
      id: r.id,
      closedAt: r.closed_at
    }))
  }

  /** The record was archived (or is gone): it waits for nothing any more. */
  dropClosed(room: string): void {
    this.dropClosedStmt.run(room)
  }

  /** Runs `fn` in one SQLite transaction (the one-time build from the index rooms). */
  inTransaction(fn: () => void): void {
    this.db.transaction(fn)()
  }
}
