/**
 * Attacks on a real data folder by someone who can edit the SQLite file but
 * does not hold the signing key (docs/protocol.md "limits of the guarantee").
 * Each attack keeps the per-room hash chain correct — the old verifier passed
 * all of them — and each is caught by the signed tree heads: stored in the
 * folder, or exported earlier by a witness (a reviewer's client).
 */
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { genesisHash, recordHash } from '@server/audit/hash'
import type { SignedHead } from '@domain/audit/proofs'
import { appendEvent } from '@domain/task'
import { connect, createTask, login, startServer, synced, waitFor } from './harness'

const verify = (dir: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'collab-server/audit/verify-cli.ts', dir, ...args], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout + r.stderr }
}

let pristine: string
let keyPem: string
let exported: SignedHead[]
let keyFile: string
const work: string[] = []
beforeAll(async () => {
  const server = await startServer()
  const leader = await login(server.url, 'xianzhang')
  const clerk = await login(server.url, 'qingquan.clerk')
  const { id } = await createTask(server.url, leader, { title: '见证测试' })
  const c = connect(server.url, `task:${id}`, clerk.token)
  await synced(c)
  appendEvent(c.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
  await waitFor(() => server.audit.trail(`task:${id}`).length >= 4)
  // A witness saw a head in the middle of the work and one at the end.
  const mid = server.audit.signHead(server.clock.now())!
  appendEvent(c.doc, { id: 'p1', type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0, payload: { text: '进展' } })
  await waitFor(() => server.audit.trail(`task:${id}`).some((r) => r.summary.includes('进展') || r.seq > mid.size + 1))
  c.destroy()
  await server.close()
  const db = new Database(join(server.dataDir, 'qingfeng.sqlite'), { readonly: true })
  exported = [mid, ...(db.prepare('SELECT size, root, at, alg, key_id keyId, sig FROM tree_heads ORDER BY size DESC LIMIT 1').all() as SignedHead[])]
  db.close()
  keyPem = server.audit.signer!.publicKeyPem
  pristine = mkdtempSync(join(tmpdir(), 'qf-witness-'))
  cpSync(server.dataDir, pristine, { recursive: true })
  keyFile = join(`${pristine}-keys`, 'audit-signing.pem')
  cpSync(`${server.dataDir}-keys`, `${pristine}-keys`, { recursive: true })
  await server.cleanup()
})
afterAll(() => {
  for (const d of [pristine, `${pristine}-keys`, ...work]) rmSync(d, { recursive: true, force: true })
})

/** A fresh copy of the folder plus the witness's files. */
const copy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qf-witness-'))
  work.push(dir)
  cpSync(pristine, dir, { recursive: true })
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}.heads.json`), JSON.stringify({ heads: exported }))
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}.pub.pem`), keyPem)
  return {
    dir,
    heads: join(dir, '..', `${dir.split('/').pop()}.heads.json`),
    key: join(dir, '..', `${dir.split('/').pop()}.pub.pem`),
    db: () => new Database(join(dir, 'qingfeng.sqlite'))
  }
}

/** What an attacker with the file but not the key does after an edit: recompute every chain hash so the rows look consistent. */
const rechain = (db: Database.Database) => {
  const heads = new Map<string, string>()
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as Record<string, never>[]
  const upd = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?')
  for (const r of rows) {
    const prevHash = heads.get(r.room) ?? genesisHash(r.room)
    const hash = recordHash({
      seq: r.seq,
      room: r.room,
      roomSeq: r.room_seq,
      kind: r.kind,
      userId: r.user_id,
      unitId: r.unit_id,
      at: r.at,
      update: r.update_bytes,
      summary: r.summary,
      prevHash,
      v: r.v
    })
    upd.run(prevHash, hash, r.seq)
    heads.set(r.room, hash)
  }
  db.exec('DELETE FROM audit_tree') // the server rebuilds it from the rows
}

describe('signed log against file edits', () => {
  it('the intact folder verifies, against the pinned key and the witness heads too', () => {
    const f = copy()
    const r = verify(f.dir, '--heads', f.heads, '--key', f.key)
    expect(r.out).toMatch(/intact: \d+ records, \d+ rooms, \d+ signed heads, 2 witness heads/)
    expect(r.code).toBe(0)
  })

  it('a forged tail row with a correct chain hash is not covered by any signed head', () => {
    const f = copy()
    const db = f.db()
    const last = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, never>
    const seq = (last.seq as number) + 1
    const f2 = {
      seq,
      room: last.room,
      roomSeq: (last.room_seq as number) + 1,
      kind: 'event' as const,
      userId: null,
      unitId: null,
      at: last.at,
      update: null,
      summary: '伪造的办结',
      prevHash: last.hash
    }
    db.prepare('INSERT INTO audit(seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)').run(
      seq,
      f2.room,
      f2.roomSeq,
      f2.kind,
      null,
      null,
      f2.at,
      null,
      f2.summary,
      f2.prevHash,
      recordHash(f2)
    )
    db.close()
    const r = verify(f.dir)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`seq=${seq}`)
    expect(r.out).toContain('not covered by any signed head')
  })

  it('a forged tail row is not signed in silence when the server starts on the edited folder', async () => {
    const f = copy()
    const db = f.db()
    const last = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, never>
    const seq = (last.seq as number) + 1
    const row = {
      seq,
      room: last.room,
      roomSeq: (last.room_seq as number) + 1,
      kind: 'event' as const,
      userId: null,
      unitId: null,
      at: last.at,
      update: null,
      summary: '伪造的办结',
      prevHash: last.hash
    }
    db.prepare('INSERT INTO audit(seq, room, room_seq, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)').run(
      seq,
      row.room,
      row.roomSeq,
      row.kind,
      null,
      null,
      row.at,
      null,
      row.summary,
      row.prevHash,
      recordHash(row)
    )
    db.close()
    // The operator restarts the service as usual (the key is where it always was): the start signs what the file holds…
    const again = await startServer({ dataDir: f.dir, signingKeyFile: keyFile })
    const note = again.audit.trail('audit').at(-1)
    const head = again.audit.latestHead()!
    await again.close()
    // …but first writes which records no head covered, and that note is under the same signature.
    expect(note?.summary).toContain(`第${seq}–${seq}条记录未被签名树头覆盖`)
    expect(head.size).toBeGreaterThanOrEqual(note!.seq)
    const r = verify(f.dir, '--key', f.key)
    expect(r.code).toBe(0)
  })

  it('cutting the tail with its newest heads, then re-signing with the real key, is caught by a head a witness exported', async () => {
    const f = copy()
    const db = f.db()
    const keep = exported[0]!.size - 1 // cut into what the first witness head covers
    db.prepare('DELETE FROM audit WHERE seq > ?').run(keep)
    db.prepare('DELETE FROM tree_heads WHERE size > ?').run(keep)
    db.exec('DELETE FROM audit_tree; DELETE FROM checkpoints;')
    db.close()
    // The operator holds the key: restarting the server signs the cut log, and the folder alone looks intact.
    const again = await startServer({ dataDir: f.dir, signingKeyFile: keyFile })
    await again.close()
    expect(verify(f.dir, '--key', f.key).code).toBe(0)
    const r = verify(f.dir, '--heads', f.heads, '--key', f.key)
    expect(r.code).toBe(1)
    // The start-up note took the place of a cut record, so the log no longer extends the head the witness holds.
    expect(r.out).toMatch(/were cut off|do not match the witness head/)
  })

  it('a rewritten row, re-chained and with the stored heads dropped, is caught by the witness heads', () => {
    const f = copy()
    const db = f.db()
    const seq = db.prepare("SELECT seq FROM audit WHERE summary LIKE '%签收%' LIMIT 1").pluck().get() as number
    db.prepare("UPDATE audit SET summary = replace(summary, '签收', '拒收') WHERE seq = ?").run(seq)
    rechain(db)
    db.exec('DELETE FROM tree_heads; DELETE FROM checkpoints;')
    db.close()
    expect(verify(f.dir, '--allow-unsigned-tail').code).toBe(0) // chain alone: looks intact
    const r = verify(f.dir, '--heads', f.heads, '--key', f.key, '--allow-unsigned-tail')
    expect(r.code).toBe(1)
    expect(r.out).toContain('do not match the witness head')
  })

  it('a rewritten row with the stored heads kept is caught by their roots', () => {
    const f = copy()
    const db = f.db()
    db.prepare("UPDATE audit SET summary = summary || '（改）' WHERE seq = 3").run()
    rechain(db)
    db.close()
    const r = verify(f.dir)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/do not match the signed head/)
  })

  it('a head re-signed with another key fails against the pinned key', () => {
    const f = copy()
    const db = f.db()
    db.prepare('UPDATE tree_heads SET sig = ? WHERE size = (SELECT MAX(size) FROM tree_heads)').run(Buffer.alloc(64, 7).toString('base64'))
    db.close()
    const r = verify(f.dir, '--key', f.key)
    expect(r.code).toBe(1)
    expect(r.out).toContain('signature')
  })

  it('server time going backwards, even re-chained, is named', () => {
    const f = copy()
    const db = f.db()
    const seq = db.prepare('SELECT MAX(seq) FROM audit').pluck().get() as number
    db.prepare('UPDATE audit SET at = at - 86400000 WHERE seq = ?').run(seq)
    rechain(db)
    db.exec('DELETE FROM tree_heads; DELETE FROM checkpoints;')
    db.close()
    const r = verify(f.dir, '--allow-unsigned-tail')
    expect(r.code).toBe(1)
    expect(r.out).toContain(`seq=${seq}`)
    expect(r.out).toContain('backwards')
  })

  it('the server refuses a signing key inside the data folder', async () => {
    const f = copy()
    const inside = join(f.dir, 'audit-signing.pem')
    writeFileSync(inside, readFileSync(keyFile))
    await expect(startServer({ dataDir: f.dir, signingKeyFile: inside })).rejects.toThrow(/outside the data folder/)
  })
})
