/**
 * Independent verification of the audit trail: recomputes every hash from the
 * rows alone. Reports the first bad record (by global sequence).
 */
import type { DB } from '../store/db'
import { checkpointHash, genesisHash, recordHash } from './hash'
import { fromRaw, type RawRow } from './log'

export interface VerifyResult {
  ok: boolean
  records: number
  rooms: number
  checkpoints: number
  heads: Record<string, { roomSeq: number; hash: string }>
  firstBad?: { seq: number; room: string; roomSeq: number; reason: string }
}

export function verifyAudit(db: DB, onlyRoom?: string): VerifyResult {
  const heads = new Map<string, { roomSeq: number; hash: string }>()
  let records = 0
  let lastSeq = 0
  let firstBad: VerifyResult['firstBad']
  const stmt = onlyRoom
    ? db.prepare('SELECT * FROM audit WHERE room = ? ORDER BY seq').bind(onlyRoom)
    : db.prepare('SELECT * FROM audit ORDER BY seq')
  for (const raw of stmt.iterate() as Iterable<RawRow>) {
    const r = fromRaw(raw)
    records++
    const head = heads.get(r.room)
    const expectedRoomSeq = (head?.roomSeq ?? 0) + 1
    const expectedPrev = head?.hash ?? genesisHash(r.room)
    let reason: string | undefined
    if (!onlyRoom && r.seq <= lastSeq) reason = 'sequence out of order'
    else if (r.roomSeq !== expectedRoomSeq) reason = `room sequence ${r.roomSeq}, expected ${expectedRoomSeq} (a record is missing or inserted)`
    else if (r.prevHash !== expectedPrev) reason = 'previous hash does not match the chain'
    else if (recordHash(r) !== r.hash) reason = 'record content does not match its hash (edited)'
    if (reason) {
      firstBad = { seq: r.seq, room: r.room, roomSeq: r.roomSeq, reason }
      break
    }
    lastSeq = r.seq
    heads.set(r.room, { roomSeq: r.roomSeq, hash: r.hash })
  }
  let checkpoints = 0
  if (!firstBad && !onlyRoom) {
    let prev = genesisHash('checkpoints')
    const cps = db.prepare('SELECT * FROM checkpoints ORDER BY id').all() as { id: number; at: number; upto_seq: number; heads: string; prev_hash: string; hash: string }[]
    // Rebuild heads as of each checkpoint to compare: walk rows again lazily by room.
    const headAt = db.prepare('SELECT room_seq, hash FROM audit WHERE room = ? AND room_seq = ?')
    for (const cp of cps) {
      checkpoints++
      if (cp.prev_hash !== prev || checkpointHash(cp.prev_hash, cp.upto_seq, cp.at, cp.heads) !== cp.hash) {
        firstBad = { seq: cp.upto_seq, room: '(checkpoint)', roomSeq: cp.id, reason: `checkpoint ${cp.id} was altered` }
        break
      }
      const cpHeads = JSON.parse(cp.heads) as Record<string, [number, string]>
      for (const [room, [roomSeq, hash]] of Object.entries(cpHeads)) {
        const row = headAt.get(room, roomSeq) as { room_seq: number; hash: string } | undefined
        if (!row || row.hash !== hash) {
          firstBad = { seq: cp.upto_seq, room, roomSeq, reason: `record ${room}#${roomSeq} named by checkpoint ${cp.id} is missing or altered` }
          break
        }
      }
      if (firstBad) break
      prev = cp.hash
    }
  }
  return { ok: !firstBad, records, rooms: heads.size, checkpoints, heads: Object.fromEntries(heads), firstBad }
}
