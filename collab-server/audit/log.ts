/**
 * Append-only audit log. Writers call `append` inside `transaction` so a
 * client update, the server's receipt for it and the index updates it causes
 * commit together — before anything is broadcast.
 */
import type { DB } from '../store/db'
import { checkpointHash, genesisHash, recordHash, type AuditFields, type AuditKind } from './hash'

export type AppendInput = Omit<AuditFields, 'seq' | 'roomSeq' | 'prevHash'>

export interface AuditRow extends AuditFields {
  hash: string
}

interface Head {
  roomSeq: number
  hash: string
}

export class AuditLog {
  private heads = new Map<string, Head>()
  private seq: number
  private dirtySinceCheckpoint = false
  private readonly insert
  private readonly insertCheckpoint
  readonly transaction: <T>(fn: () => T) => T

  constructor(private readonly db: DB) {
    const rows = db
      .prepare('SELECT a.room, a.room_seq, a.hash FROM audit a JOIN (SELECT room, MAX(room_seq) m FROM audit GROUP BY room) h ON a.room = h.room AND a.room_seq = h.m')
      .all() as { room: string; room_seq: number; hash: string }[]
    for (const r of rows) this.heads.set(r.room, { roomSeq: r.room_seq, hash: r.hash })
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) s FROM audit').get() as { s: number }).s
    this.insert = db.prepare(
      'INSERT INTO audit(seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)'
    )
    this.insertCheckpoint = db.prepare('INSERT INTO checkpoints(at, upto_seq, heads, prev_hash, hash) VALUES (?,?,?,?,?)')
    this.transaction = <T>(fn: () => T): T => {
      const heads = new Map(this.heads)
      const seq = this.seq
      try {
        return db.transaction(fn)()
      } catch (e) {
        // The rows were rolled back: so must the in-memory chain heads be.
        this.heads = heads
        this.seq = seq
        throw e
      }
    }
  }

  private batch?: { heads: Map<string, Head>; seq: number }

  /**
   * Group commit: everything appended until `endBatch` commits as one SQLite
   * transaction (each step inside it still runs in its own savepoint via
   * `transaction`). The hub opens one batch per event-loop turn.
   */
  beginBatch(): void {
    if (this.batch) return
    this.db.exec('BEGIN')
    this.batch = { heads: new Map(this.heads), seq: this.seq }
  }

  /** Commits the batch; on failure rolls it back (memory too) and rethrows. */
  endBatch(): void {
    const b = this.batch
    if (!b) return
    this.batch = undefined
    try {
      this.db.exec('COMMIT')
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      this.heads = b.heads
      this.seq = b.seq
      throw e
    }
  }

  get inBatch(): boolean {
    return this.batch !== undefined
  }

  append(input: AppendInput): AuditRow {
    const head = this.heads.get(input.room)
    const seq = this.seq + 1
    const roomSeq = (head?.roomSeq ?? 0) + 1
    const prevHash = head?.hash ?? genesisHash(input.room)
    const hash = recordHash({ ...input, seq, roomSeq, prevHash })
    this.insert.run(seq, input.room, roomSeq, input.kind, input.userId, input.unitId, input.at, input.update, input.summary, prevHash, hash)
    this.seq = seq
    this.heads.set(input.room, { roomSeq, hash })
    this.dirtySinceCheckpoint = true
    return { seq, roomSeq, prevHash, hash, ...input }
  }

  get lastSeq(): number {
    return this.seq
  }

  headOf(room: string): Head | undefined {
    return this.heads.get(room)
  }

  roomCount(): number {
    return this.heads.size
  }

  /** A checkpoint commits to every room's head, so deleting a room's newest rows is detected too. */
  checkpoint(at: number): boolean {
    if (!this.dirtySinceCheckpoint) return false
    const prev = this.db.prepare('SELECT hash FROM checkpoints ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined
    const heads = JSON.stringify(Object.fromEntries([...this.heads.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, h]) => [r, [h.roomSeq, h.hash]])))
    const prevHash = prev?.hash ?? genesisHash('checkpoints')
    this.insertCheckpoint.run(at, this.seq, heads, prevHash, checkpointHash(prevHash, this.seq, at, heads))
    this.dirtySinceCheckpoint = false
    return true
  }

  /** Accepted document updates of a room, in order, up to server time `until` (inclusive). */
  roomUpdates(room: string, until = Number.MAX_SAFE_INTEGER): Uint8Array[] {
    const rows = this.db
      .prepare("SELECT update_bytes FROM audit WHERE room = ? AND kind IN ('client','server') AND at <= ? ORDER BY room_seq")
      .all(room, until) as { update_bytes: Buffer }[]
    return rows.map((r) => new Uint8Array(r.update_bytes))
  }

  /**
   * What a room needs to load: the latest snapshot (a derived cache, not part
   * of the chain — it can always be rebuilt by replaying) and the accepted
   * updates after it.
   */
  roomState(room: string): { snapshot: Uint8Array | null; updates: Uint8Array[]; headSeq: number } {
    const snap = this.db.prepare('SELECT room_seq, state FROM room_snapshots WHERE room = ?').get(room) as { room_seq: number; state: Buffer } | undefined
    const after = snap?.room_seq ?? 0
    const rows = this.db
      .prepare("SELECT room_seq, update_bytes FROM audit WHERE room = ? AND room_seq > ? AND kind IN ('client','server') ORDER BY room_seq")
      .all(room, after) as { room_seq: number; update_bytes: Buffer }[]
    return {
      snapshot: snap ? new Uint8Array(snap.state) : null,
      updates: rows.map((r) => new Uint8Array(r.update_bytes)),
      headSeq: this.heads.get(room)?.roomSeq ?? 0
    }
  }

  saveSnapshot(room: string, roomSeq: number, state: Uint8Array): void {
    this.db.prepare('INSERT INTO room_snapshots(room, room_seq, state) VALUES (?,?,?) ON CONFLICT(room) DO UPDATE SET room_seq = excluded.room_seq, state = excluded.state').run(room, roomSeq, state)
  }

  trail(room: string): AuditRow[] {
    const rows = this.db.prepare('SELECT * FROM audit WHERE room = ? ORDER BY room_seq').all(room) as RawRow[]
    return rows.map(fromRaw)
  }

  /** Rooms that exist, optionally by prefix (e.g. 'task:'). */
  rooms(prefix = ''): string[] {
    return (this.db.prepare('SELECT DISTINCT room FROM audit WHERE room LIKE ?').all(prefix + '%') as { room: string }[]).map((r) => r.room)
  }
}

export interface RawRow {
  seq: number
  room: string
  room_seq: number
  kind: AuditKind
  user_id: string | null
  unit_id: string | null
  at: number
  update_bytes: Buffer | null
  summary: string
  prev_hash: string
  hash: string
}

export const fromRaw = (r: RawRow): AuditRow => ({
  seq: r.seq,
  room: r.room,
  roomSeq: r.room_seq,
  kind: r.kind,
  userId: r.user_id,
  unitId: r.unit_id,
  at: r.at,
  update: r.update_bytes ? new Uint8Array(r.update_bytes) : null,
  summary: r.summary,
  prevHash: r.prev_hash,
  hash: r.hash
})
