/**
 * Independent verification of the audit trail from the rows alone: every
 * record's hash and chain, server time never going backwards (per room and
 * globally), the Merkle tree over all records, every stored signed head
 * (root and signature) and, given heads exported earlier by a witness, that
 * the log still extends each of them (nothing cut, nothing rewritten).
 * Reports the first bad record. See docs/protocol.md "the signed log".
 */
import type { KeyObject } from 'node:crypto'
import type { DB } from '../store/db'
import type { SignedHead } from '@domain/audit/proofs'
import { checkpointHash, genesisHash, recordHash } from './hash'
import { StreamingTree } from './merkle'
import { verifyHeadSignature } from './signer'
import type { AuditKind, RecordFormat } from './hash'

export interface VerifyOptions {
  /** Pinned public key (PEM or base64 SPKI). Without it, the key the server recorded in the data folder is used (weaker). */
  publicKey?: string | KeyObject
  /** Heads a witness exported earlier: the log must extend every one. */
  witnessHeads?: SignedHead[]
  /** Fail when records after the newest signed head exist (a forged tail); the CLI does unless told otherwise. */
  requireSignedTail?: boolean
}

export interface VerifyResult {
  ok: boolean
  records: number
  rooms: number
  checkpoints: number
  signedHeads: number
  witnessHeads: number
  treeSize: number
  root: string
  keySource: 'pinned' | 'data-folder' | 'none'
  heads: Record<string, { roomSeq: number; hash: string }>
  firstBad?: { seq: number; room: string; roomSeq: number; reason: string }
}

type Raw = [number, string, number, AuditKind, string | null, string | null, number, Buffer | null, string, string, string, RecordFormat]

export function verifyAudit(db: DB, onlyRoomOrOpts?: string | VerifyOptions, maybeOpts: VerifyOptions = {}): VerifyResult {
  const onlyRoom = typeof onlyRoomOrOpts === 'string' ? onlyRoomOrOpts : undefined
  const opts = typeof onlyRoomOrOpts === 'object' ? onlyRoomOrOpts : maybeOpts
  const heads = new Map<string, { roomSeq: number; hash: string }>()
  let records = 0
  let lastSeq = 0
  let lastAt = -Infinity
  let firstBad: VerifyResult['firstBad']
  const bad = (seq: number, room: string, roomSeq: number, reason: string) => void (firstBad ??= { seq, room, roomSeq, reason })

  const hasTree = !onlyRoom && tableExists(db, 'tree_heads')
  const stored = hasTree ? (db.prepare('SELECT size, root, at, alg, key_id keyId, sig FROM tree_heads ORDER BY size').all() as SignedHead[]) : []
  const witness = [...(opts.witnessHeads ?? [])].sort((a, b) => a.size - b.size)
  const pinned = opts.publicKey
  const folderKey = hasTree ? (db.prepare("SELECT value FROM settings WHERE key = 'audit.publicKey'").pluck().get() as string | undefined) : undefined
  const key = pinned ?? folderKey
  const keySource: VerifyResult['keySource'] = pinned ? 'pinned' : folderKey ? 'data-folder' : 'none'

  // Sizes at which the root must be compared: every stored and every exported head.
  const checks: { size: number; root: string; what: string; head: SignedHead }[] = [
    ...stored.map((h) => ({ size: h.size, root: h.root, what: `signed head of size ${h.size}`, head: h })),
    ...witness.map((h) => ({ size: h.size, root: h.root, what: `witness head of size ${h.size} (${new Date(h.at).toISOString()})`, head: h }))
  ].sort((a, b) => a.size - b.size)
  for (const c of checks) {
    if (!key) bad(c.size, '(signed head)', 0, `no public key to check the ${c.what}`)
    else if (!verifyHeadSignature(key, c.head)) bad(c.size, '(signed head)', 0, `signature of the ${c.what} does not verify`)
  }
  let ci = 0
  const tree = new StreamingTree()
  const compare = () => {
    while (ci < checks.length && checks[ci]!.size === tree.size) {
      const c = checks[ci++]!
      if (tree.rootHex() !== c.root)
        bad(c.size, '(tree)', 0, `the first ${c.size} records do not match the ${c.what}: a record up to seq ${c.size} was rewritten, removed or inserted`)
    }
  }
  if (hasTree) compare()

  // A file not yet migrated (opened read-only by the CLI) has no format column: every row is format 1.
  const v = (db.prepare('PRAGMA table_info(audit)').all() as { name: string }[]).some((c) => c.name === 'v') ? 'v' : '1'
  const cols = `seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash, ${v}`
  const stmt = onlyRoom
    ? db.prepare(`SELECT ${cols} FROM audit WHERE room = ? ORDER BY seq`).bind(onlyRoom)
    : db.prepare(`SELECT ${cols} FROM audit ORDER BY seq`)
  for (const [seq, room, roomSeq, kind, userId, unitId, at, update, summary, prevHash, hash, format] of stmt.raw().iterate() as Iterable<Raw>) {
    if (firstBad) break
    records++
    const head = heads.get(room)
    const expectedRoomSeq = (head?.roomSeq ?? 0) + 1
    const expectedPrev = head?.hash ?? genesisHash(room)
    let reason: string | undefined
    if (!onlyRoom && seq !== lastSeq + 1) reason = seq <= lastSeq ? 'sequence out of order' : `sequence jumps from ${lastSeq} to ${seq} (records missing)`
    else if (roomSeq !== expectedRoomSeq) reason = `room sequence ${roomSeq}, expected ${expectedRoomSeq} (a record is missing or inserted)`
    else if (prevHash !== expectedPrev) reason = 'previous hash does not match the chain'
    else if (format !== 1 && format !== 2) reason = `unknown record format ${format}`
    else if (recordHash({ seq, room, roomSeq, kind, userId, unitId, at, update, summary, prevHash, v: format }) !== hash)
      reason = 'record content does not match its hash (edited)'
    else if (at < lastAt) reason = `server time goes backwards (${new Date(at).toISOString()} after ${new Date(lastAt).toISOString()})`
    if (reason) {
      bad(seq, room, roomSeq, reason)
      break
    }
    lastSeq = seq
    lastAt = at
    if (head) {
      head.roomSeq = roomSeq
      head.hash = hash
    } else heads.set(room, { roomSeq, hash })
    if (hasTree) {
      tree.appendRecordHex(hash)
      if (ci < checks.length && checks[ci]!.size === tree.size) compare()
    }
  }
  if (!firstBad && hasTree && ci < checks.length) {
    const c = checks[ci]!
    bad(records + 1, '(tree)', 0, `the log has ${records} records but the ${c.what} covers ${c.size}: records ${records + 1}–${c.size} were cut off`)
  }
  const newest = stored.at(-1)?.size ?? 0
  if (!firstBad && hasTree && opts.requireSignedTail && records > newest)
    bad(
      newest + 1,
      '(tree)',
      0,
      `records ${newest + 1}–${records} are not covered by any signed head (forged, or written after the last head: start the server once to sign, then verify again)`
    )

  let checkpoints = 0
  if (!firstBad && !onlyRoom && tableExists(db, 'checkpoints')) {
    // Legacy per-room checkpoints (no longer written) stay verifiable.
    let prev = genesisHash('checkpoints')
    const cps = db.prepare('SELECT * FROM checkpoints ORDER BY id').all() as {
      id: number
      at: number
      upto_seq: number
      heads: string
      prev_hash: string
      hash: string
    }[]
    const headAt = db.prepare('SELECT room_seq, hash FROM audit WHERE room = ? AND room_seq = ?')
    for (const cp of cps) {
      checkpoints++
      if (cp.prev_hash !== prev || checkpointHash(cp.prev_hash, cp.upto_seq, cp.at, cp.heads) !== cp.hash) {
        bad(cp.upto_seq, '(checkpoint)', cp.id, `checkpoint ${cp.id} was altered`)
        break
      }
      const cpHeads = JSON.parse(cp.heads) as Record<string, [number, string]>
      for (const [room, [roomSeq, hash]] of Object.entries(cpHeads)) {
        const row = headAt.get(room, roomSeq) as { room_seq: number; hash: string } | undefined
        if (!row || row.hash !== hash) {
          bad(cp.upto_seq, room, roomSeq, `record ${room}#${roomSeq} named by checkpoint ${cp.id} is missing or altered`)
          break
        }
      }
      if (firstBad) break
      prev = cp.hash
    }
  }
  return {
    ok: !firstBad,
    records,
    rooms: heads.size,
    checkpoints,
    signedHeads: stored.length,
    witnessHeads: witness.length,
    treeSize: tree.size,
    root: tree.rootHex(),
    keySource,
    heads: Object.fromEntries(heads),
    firstBad
  }
}

const tableExists = (db: DB, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)
