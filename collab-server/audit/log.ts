/**
 * Append-only audit log. Writers call `append` inside `transaction` so a
 * client update, the server's receipt for it and the index updates it causes
 * commit together — before anything is broadcast.
 *
 * Every record is also a leaf of one RFC 6962 Merkle tree (./merkle.ts) whose
 * heads are signed with a key kept outside the data folder (./signer.ts), so
 * a witness holding a head can prove the log was later cut or rewritten
 * (docs/protocol.md "the signed log"). The cost of an append does not depend
 * on history: one audit row, amortised 1/8 of a tree row, O(1) memory; a room's
 * chain head is read by index when the room is first used, and start-up reads
 * O(log n) rows.
 */
import type { DB } from '../store/db'
import { genesisHash, RECORD_FORMAT, recordHash, type AuditFields, type AuditKind, type RecordFormat } from './hash'
import { consistencyProof, Frontier, inclusionProof, leafHashHex, perfectRootHex, STORED_FROM, subtreeHash, type FrontierUndo, type NodeReader } from './merkle'
import type { SignedHead } from '@domain/audit/proofs'
import type { Signer } from './signer'

export type AppendInput = Omit<AuditFields, 'seq' | 'roomSeq' | 'prevHash'>

export interface AuditRow extends AuditFields {
  hash: string
}

interface Head {
  roomSeq: number
  hash: string
}

interface Undo {
  room: string
  seq: number
  lastAt: number
  tree: FrontierUndo
}

export interface AuditLogOptions {
  /** Signs tree heads; without one the log is still a Merkle tree but heads are not signed. */
  signer?: Omit<Signer, 'keyFile'>
  /** Rooms whose chain head stays cached (the rest are read back by index when used). */
  headCacheSize?: number
  /** Stamp a record that is earlier than its predecessor with the predecessor's time (default). Off only under a test clock that tests move backwards. */
  monotonicAt?: boolean
}

export class AuditLog {
  private heads = new Map<string, Head>()
  private seq: number
  private lastAt: number
  private readonly tree: Frontier
  private undoLog: Undo[] = []
  private depth = 0
  private readonly insert
  private readonly storeNode: (level: number, index: number, hash: Buffer) => void
  private readonly readNode: NodeReader
  private readonly headStmt
  private readonly insertHead
  private readonly latestHeadStmt
  private readonly headCacheSize: number
  private readonly monotonicAt: boolean
  readonly signer?: Omit<Signer, 'keyFile'>
  readonly transaction: <T>(fn: () => T) => T

  constructor(
    private readonly db: DB,
    opts: AuditLogOptions = {}
  ) {
    this.signer = opts.signer
    this.headCacheSize = opts.headCacheSize ?? 4096
    this.monotonicAt = opts.monotonicAt ?? true
    const last = db.prepare('SELECT seq, at FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; at: number } | undefined
    this.seq = last?.seq ?? 0
    this.lastAt = last?.at ?? 0
    this.insert = db.prepare(
      'INSERT INTO audit(seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash, v) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)'
    )
    const insertNode = db.prepare('INSERT OR REPLACE INTO audit_tree(level, idx, hash) VALUES (?,?,?)')
    this.storeNode = (l, i, h) => {
      if (l >= STORED_FROM) insertNode.run(l, i, h)
    }
    const nodeStmt = db.prepare('SELECT hash FROM audit_tree WHERE level = ? AND idx = ?').pluck()
    const recordHashes = db.prepare('SELECT hash FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq').pluck()
    this.readNode = (level, index) => {
      if (level < STORED_FROM) {
        // Not stored: recomputed from the 2^level record hashes it covers (seq = leaf index + 1).
        const w = 2 ** level
        const hs = recordHashes.all(index * w + 1, index * w + w) as string[]
        if (hs.length !== w) throw new Error(`audit records for tree node (${level}, ${index}) missing`)
        return perfectRootHex(hs)
      }
      const h = nodeStmt.get(level, index) as Buffer | undefined
      if (!h) throw new Error(`audit tree node (${level}, ${index}) missing`)
      return h
    }
    this.headStmt = db.prepare('SELECT room_seq, hash FROM audit WHERE room = ? ORDER BY room_seq DESC LIMIT 1')
    this.insertHead = db.prepare('INSERT OR IGNORE INTO tree_heads(size, root, at, alg, key_id, sig) VALUES (?,?,?,?,?,?)')
    this.latestHeadStmt = db.prepare('SELECT * FROM tree_heads ORDER BY size DESC LIMIT 1')
    this.tree = this.loadTree()
    // A transaction, or a savepoint inside one, from statements prepared once: `db.transaction(fn)()` built
    // four wrapper functions and their properties on every call, ~5% of the server's time per update
    // (docs/decisions.md, "Cost per update"). Same semantics as better-sqlite3's wrapper.
    const begin = db.prepare('BEGIN')
    const commit = db.prepare('COMMIT')
    const rollback = db.prepare('ROLLBACK')
    const savepoint = db.prepare('SAVEPOINT qf_step')
    const release = db.prepare('RELEASE qf_step')
    const rollbackTo = db.prepare('ROLLBACK TO qf_step')
    this.transaction = <T>(fn: () => T): T => {
      const mark = this.undoLog.length
      const nested = db.inTransaction
      this.depth++
      try {
        ;(nested ? savepoint : begin).run()
        const out = fn()
        ;(nested ? release : commit).run()
        return out
      } catch (e) {
        if (db.inTransaction) {
          if (nested) {
            rollbackTo.run()
            release.run()
          } else rollback.run()
        }
        // The rows were rolled back: take back this transaction's own in-memory changes.
        this.rollbackTo(mark)
        throw e
      } finally {
        this.depth--
        if (this.depth === 0 && !this.batch) this.undoLog.length = 0
      }
    }
  }

  /**
   * The right frontier from O(log n) stored subtrees. A folder written before
   * the tree existed (or whose tree rows lag) gets its missing leaves added
   * once; the last < 2^STORED_FROM leaves (never stored) are re-added from
   * their records at every start. Folders written when every node was stored
   * read the same: their rows below STORED_FROM are simply no longer used.
   */
  private loadTree(): Frontier {
    const size = this.seq
    const block = 2 ** STORED_FROM
    const coveredBy = () => (this.db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) n FROM audit_tree WHERE level = ?').get(STORED_FROM) as { n: number }).n * block
    let covered = coveredBy()
    if (covered > size) {
      // Tree rows beyond the records (the records were cut): drop them so proofs match the records.
      this.db.prepare('DELETE FROM audit_tree WHERE (idx + 1) * (1 << level) > ?').run(size)
      covered = coveredBy()
    }
    const f = new Frontier(covered, [])
    let offset = 0
    for (let l = 52; l >= STORED_FROM; l--) {
      const w = 2 ** l
      if (offset + w <= covered) {
        f.levels[l] = this.readNode(l, offset / w)
        offset += w
      }
    }
    if (covered < size) {
      const page = this.db.prepare('SELECT hash FROM audit WHERE seq > ? ORDER BY seq LIMIT 10000').pluck()
      this.db.transaction(() => {
        for (let rows = page.all(f.size) as string[]; rows.length; rows = page.all(f.size) as string[])
          for (const r of rows) f.append(leafHashHex(r), this.storeNode)
      })()
    }
    return f
  }

  private rollbackTo(mark: number): void {
    while (this.undoLog.length > mark) {
      const u = this.undoLog.pop()!
      this.seq = u.seq
      this.lastAt = u.lastAt
      this.heads.delete(u.room) // re-read from the (rolled back) rows when next used
      this.tree.undo(u.tree)
    }
  }

  private batch?: { mark: number }

  /**
   * Group commit: everything appended until `endBatch` commits as one SQLite
   * transaction (each step inside it still runs in its own savepoint via
   * `transaction`). The hub opens one batch per event-loop turn.
   */
  beginBatch(): void {
    if (this.batch) return
    this.db.exec('BEGIN')
    this.batch = { mark: this.undoLog.length }
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
      this.rollbackTo(b.mark)
      throw e
    } finally {
      if (this.depth === 0) this.undoLog.length = 0
    }
  }

  get inBatch(): boolean {
    return this.batch !== undefined
  }

  /**
   * Appends a record. Server time never goes backwards in the log: a record
   * stamped earlier than its predecessor (the machine clock stepped back) is
   * stamped with the predecessor's time, so `at` is monotonic per room and globally.
   */
  append(input: AppendInput): AuditRow {
    const head = this.headOf(input.room)
    const seq = this.seq + 1
    const roomSeq = (head?.roomSeq ?? 0) + 1
    const prevHash = head?.hash ?? genesisHash(input.room)
    const at = this.monotonicAt ? Math.max(input.at, this.lastAt) : input.at
    const rec = { ...input, at, seq, roomSeq, prevHash, v: RECORD_FORMAT }
    const hash = recordHash(rec)
    this.insert.run(seq, input.room, roomSeq, input.kind, input.userId, input.unitId, at, input.update, input.summary, prevHash, hash, RECORD_FORMAT)
    const tree = this.tree.append(leafHashHex(hash), this.storeNode)
    if (this.depth > 0 || this.batch) this.undoLog.push({ room: input.room, seq: this.seq, lastAt: this.lastAt, tree })
    this.seq = seq
    this.lastAt = at
    this.cacheHead(input.room, { roomSeq, hash })
    return { ...rec, hash }
  }

  private cacheHead(room: string, h: Head): void {
    this.heads.delete(room)
    this.heads.set(room, h)
    if (this.heads.size > this.headCacheSize) this.heads.delete(this.heads.keys().next().value!)
  }

  get lastSeq(): number {
    return this.seq
  }

  /** A room's chain head: from the cache, else one indexed read. */
  headOf(room: string): Head | undefined {
    const cached = this.heads.get(room)
    if (cached) return cached
    const row = this.headStmt.get(room) as { room_seq: number; hash: string } | undefined
    if (!row) return undefined
    const h = { roomSeq: row.room_seq, hash: row.hash }
    this.cacheHead(room, h)
    return h
  }

  /** Drops a room's cached chain head (the hub calls this when a room goes idle); it is read back by index when next used. */
  forgetRoom(room: string): void {
    this.heads.delete(room)
  }

  /** Rooms whose chain head is in memory (bounded by `headCacheSize`). */
  cachedRooms(): number {
    return this.heads.size
  }

  /** Rooms that have records (a query; not on any update path). */
  roomCount(): number {
    return (this.db.prepare('SELECT COUNT(DISTINCT room) n FROM audit').get() as { n: number }).n
  }

  /** Size and root of the tree over every committed-or-pending record. */
  treeHead(): { size: number; root: string } {
    return { size: this.tree.size, root: this.tree.root().toString('hex') }
  }

  /** Root of the tree of the first `size` records (O(log n) reads). */
  rootAt(size: number): string {
    if (size < 0 || size > this.tree.size) throw new RangeError('size out of range')
    return size === this.tree.size ? this.tree.root().toString('hex') : subtreeHash(this.readNode, 0, size).toString('hex')
  }

  /** Audit path for record `seq` in the tree of `size` records. */
  inclusionProof(seq: number, size = this.tree.size): { leafIndex: number; size: number; recordHash: string; proof: string[] } {
    if (!Number.isInteger(seq) || !Number.isInteger(size) || seq < 1 || size > this.tree.size || seq > size) throw new RangeError('record or size out of range')
    const recordHash = this.db.prepare('SELECT hash FROM audit WHERE seq = ?').pluck().get(seq) as string
    return { leafIndex: seq - 1, size, recordHash, proof: inclusionProof(this.readNode, seq - 1, size).map((b) => b.toString('hex')) }
  }

  /** Proof that the tree of `to` records extends the tree of `from` records. */
  consistencyProof(from: number, to = this.tree.size): string[] {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > this.tree.size) throw new RangeError('sizes out of range')
    return consistencyProof(this.readNode, from, to).map((b) => b.toString('hex'))
  }

  /** The newest signed head, if any. */
  latestHead(): SignedHead | undefined {
    const r = this.latestHeadStmt.get() as HeadRow | undefined
    return r && headFromRow(r)
  }

  /** Signed heads, oldest first, after `afterSize` (at most `limit`). */
  signedHeads(afterSize = -1, limit = 1000): SignedHead[] {
    return (this.db.prepare('SELECT * FROM tree_heads WHERE size > ? ORDER BY size LIMIT ?').all(afterSize, limit) as HeadRow[]).map(headFromRow)
  }

  /**
   * Signs a head over every committed record if anything was appended since
   * the last one; returns the newest head. Never signs uncommitted records
   * (inside a batch or transaction it returns the last head).
   */
  signHead(at: number): SignedHead | undefined {
    if (!this.db.open) return undefined
    const latest = this.latestHead()
    if (!this.signer || this.batch || this.depth > 0 || this.db.inTransaction) return latest
    if (latest && latest.size === this.tree.size) return latest
    const h = { size: this.tree.size, root: this.tree.root().toString('hex'), at: Math.max(at, latest?.at ?? 0, this.lastAt) }
    const head: SignedHead = { ...h, alg: this.signer.alg, keyId: this.signer.keyId, sig: this.signer.sign(h) }
    this.insertHead.run(head.size, head.root, head.at, head.alg, head.keyId, head.sig)
    return head
  }

  /**
   * At start-up: records after the newest signed head. A clean stop signs
   * everything, so these are a crash's last seconds — or rows written into the
   * file while the server was stopped, which this start would otherwise sign
   * without a word. Appends an `event` row naming them to the `audit` trail,
   * then signs (the note is covered by the same head, so it cannot be dropped
   * later without the key). docs/protocol.md "limits of the guarantee".
   */
  noteUnsignedTail(at: number): { from: number; to: number } | undefined {
    const signed = this.latestHead()?.size ?? 0
    if (!this.signer || this.seq <= signed) return undefined
    const tail = { from: signed + 1, to: this.seq }
    this.transaction(() =>
      this.append({
        room: 'audit',
        kind: 'event',
        userId: null,
        unitId: null,
        at,
        update: null,
        summary: `启动时发现第${tail.from}–${tail.to}条记录未被签名树头覆盖（上次未正常关闭，或停机时数据文件被改动），现已签名，请核对这些记录`
      })
    )
    this.signHead(at)
    return tail
  }

  /** Kept for callers of the old per-room checkpoint: signs a tree head instead. */
  checkpoint(at: number): boolean {
    const before = this.latestHead()?.size
    return this.signHead(at)?.size !== before
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
      headSeq: this.headOf(room)?.roomSeq ?? 0
    }
  }

  saveSnapshot(room: string, roomSeq: number, state: Uint8Array): void {
    this.db
      .prepare(
        'INSERT INTO room_snapshots(room, room_seq, state) VALUES (?,?,?) ON CONFLICT(room) DO UPDATE SET room_seq = excluded.room_seq, state = excluded.state'
      )
      .run(room, roomSeq, state)
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
  v?: RecordFormat
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
  hash: r.hash,
  v: r.v ?? 1
})

interface HeadRow {
  size: number
  root: string
  at: number
  alg: 'ed25519' | 'sm2'
  key_id: string
  sig: string
}
const headFromRow = (r: HeadRow): SignedHead => ({ size: r.size, root: r.root, at: r.at, alg: r.alg, keyId: r.key_id, sig: r.sig })
