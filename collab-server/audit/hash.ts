/**
 * The audit chain's hashing, in one place so the writer and the verifier
 * cannot drift apart. Each record commits to its predecessor in the same room
 * and to its global sequence number, so editing, deleting, inserting or
 * reordering rows breaks the chain at the first bad record.
 */
import { hash } from 'node:crypto'

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
}

/** client: an accepted client update; server: an update the server wrote; refused: a refused client update (kept as evidence, never applied); event: a non-document fact (login failure, connection refused). */
export type AuditKind = 'client' | 'server' | 'refused' | 'event'

export const genesisHash = (room: string): string => sha256hex(`qingfeng-genesis:${room}`)

export function sha256hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex') // one-shot: ~2× createHash for small inputs (verify throughput)
}

/**
 * SHA-256 over the fields joined by U+001F (unit separator), the update as its
 * own SHA-256 ('-' when none). A template literal rather than Array.join (the
 * same string, a third of the cost: verify throughput); the pinned vectors in
 * tests/integration/audit-tree.test.ts hold it to the published formula.
 */
export function recordHash(f: AuditFields): string {
  const body = f.update ? sha256hex(f.update) : '-'
  return sha256hex(
    `${f.prevHash}\u001f${f.seq}\u001f${f.room}\u001f${f.roomSeq}\u001f${f.kind}\u001f${f.userId ?? ''}\u001f${f.unitId ?? ''}\u001f${f.at}\u001f${body}\u001f${f.summary}`
  )
}

export function checkpointHash(prevHash: string, uptoSeq: number, at: number, heads: string): string {
  return sha256hex([prevHash, uptoSeq, at, heads].join('\u001f'))
}
