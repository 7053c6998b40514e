/**
 * The audit chain's hashing, in one place so the writer and the verifier
 * cannot drift apart. Each record commits to its predecessor in the same room
 * and to its global sequence number, so editing, deleting, inserting or
 * reordering rows breaks the chain at the first bad record.
 */
import { createHash, hash } from 'node:crypto'

export interface AuditFields {
  seq: number
  room: string
  roomSeq: number
  kind: AuditKind
  userId: string | null
  unitId: string | null
  at: number
  update: Uint8Array | null
  summary: string
  prevHash: string
  /** Row format (column `v`): 1 (or absent) = every row written before format 2, hashed by `recordHashV1`; 2 = `recordHashV2`. */
  v?: RecordFormat
}

export type RecordFormat = 1 | 2
/** The format new rows are written in. */
export const RECORD_FORMAT: RecordFormat = 2

/** client: an accepted client update; server: an update the server wrote; refused: a refused client update (kept as evidence, never applied); event: a non-document fact (login failure, connection refused). */
export type AuditKind = 'client' | 'server' | 'refused' | 'event'

export const genesisHash = (room: string): string => sha256hex(`qingfeng-genesis:${room}`)

export function sha256hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex') // one-shot: ~2× createHash for small inputs (verify throughput)
}

/** A record's hash in its own row format (docs/protocol.md "Audit trail"). */
export function recordHash(f: AuditFields): string {
  return f.v === 2 ? recordHashV2(f) : recordHashV1(f)
}

/**
 * Format 1: SHA-256 over the fields joined by U+001F (unit separator), the
 * update as its own SHA-256 ('-' when none). A template literal rather than
 * Array.join (the same string, a third of the cost: verify throughput); the
 * pinned vectors in tests/integration/audit-tree.test.ts hold it to the
 * published formula.
 */
export function recordHashV1(f: AuditFields): string {
  const body = f.update ? sha256hex(f.update) : '-'
  return sha256hex(
    `${f.prevHash}\u001f${f.seq}\u001f${f.room}\u001f${f.roomSeq}\u001f${f.kind}\u001f${f.userId ?? ''}\u001f${f.unitId ?? ''}\u001f${f.at}\u001f${body}\u001f${f.summary}`
  )
}

/**
 * Format 2: one SHA-256 over `qingfeng-audit-2` and the fields, each followed
 * by U+001F, the update's length in bytes ('-' when none) before the summary,
 * and the update's bytes last. One hash per row instead of two, written into
 * a reused scratch buffer (no concatenation); the length makes the summary
 * and the bytes unambiguous. Pinned in tests/integration/audit-tree.test.ts.
 */
export function recordHashV2(f: AuditFields): string {
  const head = `qingfeng-audit-2\u001f${f.prevHash}\u001f${f.seq}\u001f${f.room}\u001f${f.roomSeq}\u001f${f.kind}\u001f${f.userId ?? ''}\u001f${f.unitId ?? ''}\u001f${f.at}\u001f${f.update ? f.update.length : '-'}\u001f${f.summary}\u001f`
  const body = f.update?.length ?? 0
  const max = head.length * 3 + body
  if (max > SCRATCH_MAX) {
    const h = createHash('sha256').update(head)
    if (f.update) h.update(f.update)
    return h.digest('hex')
  }
  if (scratch.length < max) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, max * 2))
  const n = scratch.write(head, 0, 'utf8')
  if (f.update) scratch.set(f.update, n)
  return hash('sha256', scratch.subarray(0, n + body), 'hex')
}
/** Rows up to this size are hashed from one reused buffer; larger ones (rare: big updates) incrementally. */
const SCRATCH_MAX = 256 * 1024
let scratch = Buffer.allocUnsafe(4096)

export function checkpointHash(prevHash: string, uptoSeq: number, at: number, heads: string): string {
  return sha256hex([prevHash, uptoSeq, at, heads].join('\u001f'))
}
