/**
 * The event-log port: every room's durable history, audited. The hub appends
 * rows in per-room order inside group-commit batches and broadcasts only after
 * `commitBatch` has resolved (durable before visible). SQLite (the AuditLog in
 * collab-server/audit) is the embedded default; what a PostgreSQL log needs is
 * in docs/architecture.md ("More than one server").
 */
import type { SignedHead } from '@domain/audit/proofs'
import type { AppendInput, AuditLog, AuditRow } from '../audit/log'
import type { Signer } from '../audit/signer'
import { verifyAudit, type VerifyResult } from '../audit/verify'
import type { DB } from '../store/db'

export interface RoomHistory {
  /** The latest snapshot of the room (a derived cache), or null. */
  snapshot: Uint8Array | null
  /** Accepted updates after the snapshot, in room order. */
  updates: Uint8Array[]
  /** The room sequence number the history reaches. */
  headSeq: number
}

/** What the log's signing key shows the world (docs/protocol.md "the signed log"). */
export type SigningKeyInfo = Pick<Signer, 'alg' | 'keyId' | 'publicKey' | 'publicKeyPem'>

/** An inclusion proof: the record's hash and its audit path in the tree of `size` records (RFC 6962). */
export interface InclusionProof {
  leafIndex: number
  size: number
  recordHash: string
  proof: string[]
}

/**
 * The signed Merkle log over every row (docs/protocol.md "the signed log"):
 * what witnesses and reviewers ask of the log, whatever stores it.
 */
export interface SignedLog {
  /** The signing key's public part, or undefined when the server signs nothing. */
  readonly signingKey: SigningKeyInfo | undefined
  /** The newest signed head, if any. */
  latestHead(): SignedHead | undefined
  /** Signs a head over everything committed when anything was added since the last; returns the newest head. */
  signHead(at: number): SignedHead | undefined
  /** Root of the tree of the first `size` rows. */
  rootAt(size: number): string
  /** Audit path for row `seq` in the tree of `size` rows; RangeError when out of range. */
  inclusion(seq: number, size: number): InclusionProof
  /** Proof that the tree of `to` rows extends the tree of `from` rows; RangeError when out of range. */
  consistency(from: number, to: number): string[]
}

export interface EventLog extends SignedLog {
  /** The latest `at` appended: server time never goes below it. */
  readonly lastAt: number
  /** Appends one audited row; rows of a room chain in the order they are appended. */
  append(row: AppendInput): AuditRow
  /** Runs `fn` atomically: inside an open batch as a savepoint, otherwise as its own durable transaction. */
  step<T>(fn: () => T): T
  /** Opens a group-commit batch: every step until `commitBatch` becomes durable together. */
  beginBatch(): void
  /** Makes the open batch durable; rejects (and rolls back) when it could not. Broadcast waits for it. */
  commitBatch(): Promise<void>
  readonly inBatch: boolean
  /**
   * A room's history for loading it. The embedded log answers at once; a
   * networked log keeps hot rooms cached and loads cold ones before their
   * first message (docs/architecture.md).
   */
  loadRoom(room: string): RoomHistory
  saveSnapshot(room: string, headSeq: number, state: Uint8Array): void
  /** Accepted updates of a room with who wrote them (null: the server), in room order: whose Yjs client ids are whose. */
  writtenBy(room: string): Iterable<{ userId: string | null; update: Uint8Array }>
  /** Accepted updates of a room up to server time `until` (replay "as it was at T"). */
  readRoom(room: string, until?: number): Promise<Uint8Array[]>
  /** Every row of a room's trail. */
  trail(room: string): Promise<AuditRow[]>
  /** Recomputes the chain (one room, or everything with the checkpoints). */
  verify(room?: string): Promise<VerifyResult>
  /** Signs a tree head over everything committed (the signed Merkle log, docs/protocol.md). */
  checkpoint(at: number): Promise<boolean>
  /** The room left memory: drop what is cached for it (its chain head), so memory follows open rooms, not history. */
  forget(room: string): void
}

/** The embedded default: one SQLite file, the AuditLog's hash chain, group commit in one transaction. */
export class SqliteEventLog implements EventLog {
  private last: number

  constructor(
    readonly audit: AuditLog,
    private readonly db: DB
  ) {
    this.last = (db.prepare('SELECT COALESCE(MAX(at), 0) a FROM audit').get() as { a: number }).a
  }

  get lastAt(): number {
    return this.last
  }

  append(row: AppendInput): AuditRow {
    const r = this.audit.append(row)
    if (row.at > this.last) this.last = row.at
    return r
  }

  step<T>(fn: () => T): T {
    return this.audit.transaction(fn)
  }

  beginBatch(): void {
    this.audit.beginBatch()
  }

  commitBatch(): Promise<void> {
    try {
      this.audit.endBatch()
      return Promise.resolve()
    } catch (e) {
      return Promise.reject(e)
    }
  }

  get inBatch(): boolean {
    return this.audit.inBatch
  }

  loadRoom(room: string): RoomHistory {
    return this.audit.roomState(room)
  }

  saveSnapshot(room: string, headSeq: number, state: Uint8Array): void {
    this.audit.saveSnapshot(room, headSeq, state)
  }

  *writtenBy(room: string): Iterable<{ userId: string | null; update: Uint8Array }> {
    const rows = this.db
      .prepare("SELECT user_id, update_bytes FROM audit WHERE room = ? AND kind IN ('client','server') ORDER BY room_seq")
      .iterate(room) as Iterable<{ user_id: string | null; update_bytes: Buffer }>
    for (const r of rows) yield { userId: r.user_id, update: new Uint8Array(r.update_bytes.buffer, r.update_bytes.byteOffset, r.update_bytes.byteLength) }
  }

  async readRoom(room: string, until?: number): Promise<Uint8Array[]> {
    return this.audit.roomUpdates(room, until)
  }

  async trail(room: string): Promise<AuditRow[]> {
    return this.audit.trail(room)
  }

  async verify(room?: string): Promise<VerifyResult> {
    return verifyAudit(this.db, room)
  }

  async checkpoint(at: number): Promise<boolean> {
    return this.audit.checkpoint(at)
  }

  forget(room: string): void {
    this.audit.forgetRoom(room)
  }

  get signingKey(): SigningKeyInfo | undefined {
    const s = this.audit.signer
    return s && { alg: s.alg, keyId: s.keyId, publicKey: s.publicKey, publicKeyPem: s.publicKeyPem }
  }

  latestHead(): SignedHead | undefined {
    return this.audit.latestHead()
  }

  signHead(at: number): SignedHead | undefined {
    return this.audit.signHead(at)
  }

  rootAt(size: number): string {
    return this.audit.rootAt(size)
  }

  inclusion(seq: number, size: number): InclusionProof {
    return this.audit.inclusionProof(seq, size)
  }

  consistency(from: number, to: number): string[] {
    return this.audit.consistencyProof(from, to)
  }
}
