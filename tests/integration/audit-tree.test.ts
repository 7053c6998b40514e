/**
 * The audit log's Merkle tree on a real SQLite file: roots match a from-scratch
 * RFC 6962 computation, every inclusion and consistency proof checks with the
 * client's verifier, rollback takes back exactly the failed transaction, and
 * a reopened log continues the same tree without reading history.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { genesisHash, recordHash } from '@server/audit/hash'
import { AuditLog } from '@server/audit/log'
import { StreamingTree } from '@server/audit/merkle'
import { verifyAudit } from '@server/audit/verify'
import { openDatabase, type DB } from '@server/store/db'
import { hexToBytes, verifyConsistency, verifyInclusion, type Sha256 } from '@domain/audit/proofs'

const sha: Sha256 = async (d) => createHash('sha256').update(d).digest()
const H = (...p: Uint8Array[]) => createHash('sha256').update(Buffer.concat(p)).digest()
/** RFC 6962 MTH straight from the definition. */
const mth = (leaves: Buffer[]): Buffer => {
  if (leaves.length === 0) return H()
  if (leaves.length === 1) return H(Buffer.from([0]), leaves[0]!)
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return H(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

const dirs: string[] = []
const open = (dir?: string): { db: DB; dir: string } => {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'qf-tree-'))
  if (!dir) dirs.push(d)
  return { db: openDatabase(d), dir: d }
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const rec = (room: string, i: number) => ({ room, kind: 'event' as const, userId: 'u', unitId: null, at: 1000 + i, update: null, summary: `e${i}` })
const leaves = (db: DB) => (db.prepare('SELECT hash FROM audit ORDER BY seq').pluck().all() as string[]).map((h) => Buffer.from(h, 'hex'))

describe('audit Merkle tree', () => {
  it('has the RFC 6962 root at every size, and every proof verifies', async () => {
    const { db } = open()
    const log = new AuditLog(db)
    const roots: string[] = [log.rootAt(0)]
    for (let i = 0; i < 37; i++) {
      log.append(rec(`task:r${i % 5}`, i))
      roots.push(log.treeHead().root)
    }
    const all = leaves(db)
    for (let n = 0; n <= 37; n++) {
      expect(roots[n]).toBe(mth(all.slice(0, n)).toString('hex'))
      expect(log.rootAt(n)).toBe(roots[n])
    }
    for (const n of [1, 2, 7, 8, 13, 32, 37])
      for (let m = 1; m <= n; m++) {
        const p = log.inclusionProof(m, n)
        const leaf = H(Buffer.from([0]), all[m - 1]!)
        expect(await verifyInclusion(sha, m - 1, n, leaf, p.proof.map(hexToBytes), hexToBytes(roots[n]!))).toBe(true)
        const c = log.consistencyProof(m, n).map(hexToBytes)
        expect(await verifyConsistency(sha, m, n, hexToBytes(roots[m]!), hexToBytes(roots[n]!), c)).toBe(true)
        // A proof against a different (rewritten) old root fails.
        if (m < n) expect(await verifyConsistency(sha, m, n, hexToBytes(roots[m - 1]!), hexToBytes(roots[n]!), c)).toBe(false)
      }
  })

  it('a failed transaction takes back only its own appends (rows, chain heads, tree)', () => {
    const { db } = open()
    const log = new AuditLog(db)
    log.append(rec('task:a', 0))
    const before = log.treeHead()
    const headA = log.headOf('task:a')
    expect(() =>
      log.transaction(() => {
        log.append(rec('task:a', 1))
        log.append(rec('task:b', 2))
        throw new Error('policy refused')
      })
    ).toThrow('policy refused')
    expect(log.treeHead()).toEqual(before)
    expect(log.headOf('task:a')).toEqual(headA)
    expect(log.headOf('task:b')).toBeUndefined()
    // Nested: the inner failure is undone, the outer work stays.
    log.transaction(() => {
      log.append(rec('task:b', 3))
      try {
        log.transaction(() => {
          log.append(rec('task:c', 4))
          throw new Error('inner')
        })
      } catch {
        /* expected */
      }
    })
    expect(log.lastSeq).toBe(2)
    expect(log.headOf('task:c')).toBeUndefined()
    expect(log.treeHead().root).toBe(mth(leaves(db)).toString('hex'))
    // A batch that fails to commit is taken back too.
    log.beginBatch()
    log.append(rec('task:d', 5))
    db.exec('ROLLBACK')
    expect(() => log.endBatch()).toThrow()
    expect(log.lastSeq).toBe(2)
    expect(log.treeHead().root).toBe(mth(leaves(db)).toString('hex'))
  })

  it('reopens with the same tree and room heads, reading O(log n) tree rows, and catches up an old folder', () => {
    const { db, dir } = open()
    const log = new AuditLog(db)
    for (let i = 0; i < 21; i++) log.append(rec(`task:r${i % 3}`, i))
    const head = log.treeHead()
    db.close()
    const again = new AuditLog(openDatabase(dir))
    expect(again.treeHead()).toEqual(head)
    expect(again.cachedRooms()).toBe(0) // nothing loaded until a room is used
    expect(again.headOf('task:r1')?.roomSeq).toBe(7)
    again.append(rec('task:r1', 99))
    expect(again.headOf('task:r1')?.roomSeq).toBe(8)
    // A folder written before the tree existed: the tree is built once from the records.
    const db2 = openDatabase(dir)
    db2.exec('DELETE FROM audit_tree')
    db2.close()
    const rebuilt = new AuditLog(openDatabase(dir))
    expect(rebuilt.treeHead().size).toBe(22)
    expect(rebuilt.treeHead().root).toBe(again.treeHead().root)
  })

  it('stores only subtrees of 16 leaves and more, and serves every proof after a reopen mid-block', async () => {
    const { db, dir } = open()
    const log = new AuditLog(db)
    for (let i = 0; i < 64; i++) log.append(rec(`task:r${i % 5}`, i))
    // 64 records: nodes at levels 4, 5, 6 only (4 + 2 + 1 rows); every node used to be stored (127 rows).
    expect(db.prepare('SELECT level, COUNT(*) n FROM audit_tree GROUP BY level ORDER BY level').all()).toEqual([
      { level: 4, n: 4 },
      { level: 5, n: 2 },
      { level: 6, n: 1 }
    ])
    for (let i = 64; i < 75; i++) log.append(rec(`task:r${i % 5}`, i))
    const head = log.treeHead()
    db.close()
    const db2 = open(dir).db
    const again = new AuditLog(db2)
    expect(again.treeHead()).toEqual(head)
    const all = leaves(db2)
    expect(head.root).toBe(mth(all).toString('hex'))
    for (const m of [1, 16, 17, 64, 65, 70, 75]) {
      const p = again.inclusionProof(m)
      const leaf = H(Buffer.from([0]), all[m - 1]!)
      expect(await verifyInclusion(sha, m - 1, 75, leaf, p.proof.map(hexToBytes), hexToBytes(head.root))).toBe(true)
      const c = again.consistencyProof(m).map(hexToBytes)
      expect(await verifyConsistency(sha, m, 75, hexToBytes(mth(all.slice(0, m)).toString('hex')), hexToBytes(head.root), c)).toBe(true)
    }
  })

  it('keeps server time monotonic when the clock steps back', () => {
    const { db } = open()
    const log = new AuditLog(db)
    log.append({ ...rec('task:a', 0), at: 5000 })
    const r = log.append({ ...rec('task:b', 1), at: 4000 })
    expect(r.at).toBe(5000)
  })
  it("the verifier's one-pass tree has the RFC 6962 root at every size, and a record hash is the published formula", () => {
    const { db } = open()
    const log = new AuditLog(db)
    const t = new StreamingTree()
    expect(t.rootHex()).toBe(mth([]).toString('hex'))
    for (let i = 0; i < 70; i++) {
      log.append({ ...rec(`task:r${i % 4}`, i), update: i % 3 ? new Uint8Array([i, 1, 2]) : null, unitId: i % 2 ? 'qingquan' : null })
      t.appendRecordHex(
        db
          .prepare('SELECT hash FROM audit WHERE seq = ?')
          .pluck()
          .get(i + 1) as string
      )
      expect(t.rootHex()).toBe(mth(leaves(db)).toString('hex'))
    }
    expect(verifyAudit(db).root).toBe(log.treeHead().root)
    // docs/protocol.md: sha256(prev_hash ‖ seq ‖ room ‖ room_seq ‖ kind ‖ user ‖ unit ‖ at ‖ sha256(update) ‖ summary), joined by U+001F.
    const sha256 = (d: string | Uint8Array) => createHash('sha256').update(d).digest('hex')
    const f = {
      seq: 9,
      room: 'task:x',
      roomSeq: 1,
      kind: 'client' as const,
      userId: null,
      unitId: 'u',
      at: 1234,
      update: new Uint8Array([1, 2]),
      summary: '反馈 1',
      prevHash: genesisHash('task:x')
    }
    expect(recordHash(f)).toBe(sha256([f.prevHash, 9, 'task:x', 1, 'client', '', 'u', 1234, sha256(new Uint8Array([1, 2])), '反馈 1'].join('\u001f')))
    expect(recordHash({ ...f, update: null })).toBe(sha256([f.prevHash, 9, 'task:x', 1, 'client', '', 'u', 1234, '-', '反馈 1'].join('\u001f')))
    expect(genesisHash('task:x')).toBe(sha256('qingfeng-genesis:task:x'))
    // Format 2 (rows written now): one SHA-256 over 'qingfeng-audit-2', the fields and the update's length, each followed by U+001F, then the update's bytes.
    const v2 = { ...f, v: 2 as const }
    const head2 = ['qingfeng-audit-2', f.prevHash, 9, 'task:x', 1, 'client', '', 'u', 1234, 2, '反馈 1', ''].join('\u001f')
    expect(recordHash(v2)).toBe(sha256(Buffer.concat([Buffer.from(head2), Buffer.from([1, 2])])))
    expect(recordHash({ ...v2, update: null })).toBe(
      sha256(['qingfeng-audit-2', f.prevHash, 9, 'task:x', 1, 'client', '', 'u', 1234, '-', '反馈 1', ''].join('\u001f'))
    )
    // A large update (past the scratch buffer) hashes the same way.
    const big = new Uint8Array(300_000).fill(7)
    expect(recordHash({ ...v2, update: big })).toBe(
      sha256(Buffer.concat([Buffer.from(head2.replace('\u001f2\u001f', '\u001f300000\u001f')), Buffer.from(big)]))
    )
    // The log writes format 2; every row of a folder holding both formats verifies, and an edit to either is caught.
    expect(db.prepare('SELECT DISTINCT v FROM audit').pluck().all()).toEqual([2])
  })

  it('verifies rows written in format 1 next to rows written in format 2, and catches an edit or a format flip', () => {
    const { db } = open()
    const insert = db.prepare(
      'INSERT INTO audit(seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash, v) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)'
    )
    // Rows as the server wrote them before format 2 (no v: the column's default, 1).
    let prev = genesisHash('task:old')
    for (let i = 1; i <= 3; i++) {
      const f = {
        seq: i,
        room: 'task:old',
        roomSeq: i,
        kind: 'client' as const,
        userId: 'u',
        unitId: null,
        at: 100 + i,
        update: new Uint8Array([i]),
        summary: `旧${i}`,
        prevHash: prev
      }
      prev = recordHash(f)
      insert.run(f.seq, f.room, f.roomSeq, f.kind, f.userId, f.unitId, f.at, f.update, f.summary, f.prevHash, prev)
    }
    const again = new AuditLog(db) // picks up the old rows (and builds their tree)
    for (let i = 0; i < 3; i++) again.append({ ...rec('task:old', i), at: 200 + i, update: new Uint8Array([9, i]) })
    expect(db.prepare('SELECT v FROM audit ORDER BY seq').pluck().all()).toEqual([1, 1, 1, 2, 2, 2])
    expect(verifyAudit(db).ok).toBe(true)
    expect(verifyAudit(db).root).toBe(again.treeHead().root)
    db.exec("UPDATE audit SET summary = 'x' WHERE seq = 5")
    expect(verifyAudit(db).firstBad).toMatchObject({ seq: 5, reason: expect.stringMatching(/does not match its hash/) })
    db.exec("UPDATE audit SET summary = 'e1' WHERE seq = 5; UPDATE audit SET v = 1 WHERE seq = 6")
    expect(verifyAudit(db).firstBad).toMatchObject({ seq: 6, reason: expect.stringMatching(/does not match its hash/) })
    db.exec('UPDATE audit SET v = 2 WHERE seq = 6; UPDATE audit SET v = 2 WHERE seq = 2')
    expect(verifyAudit(db).firstBad).toMatchObject({ seq: 2, reason: expect.stringMatching(/does not match its hash/) })
  })
})
