/**
 * The reviewer's witness (renderer/src/features/witness/witness.ts) against a real
 * server and a real data folder: it pins the key and holds heads; after the
 * operator cuts the log's tail (or rewrites a record) and restarts the server
 * with the real key, the next visit raises the alarm.
 */
import Database from 'better-sqlite3'
import { createHash, webcrypto } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { genesisHash, recordHash } from '@server/audit/hash'
import type { SignedHead } from '@domain/audit/proofs'
import { appendEvent } from '@domain/task'
import { checkLog, type PinnedKey, type WitnessDeps, type WitnessStore } from '@domain/audit/witness'
import { connect, createTask, login, startServer, synced, waitFor } from './harness'

const memoryStore = (): WitnessStore & { all: SignedHead[] } => {
  let key: PinnedKey | undefined
  const all: SignedHead[] = []
  return { all, key: async () => key, pinKey: async (k) => void (key = k), heads: async () => [...all], addHead: async (h) => void all.push(h) }
}
const deps = (url: string, token: string, store: WitnessStore): WitnessDeps => ({
  store,
  now: () => Date.now(),
  sha256: async (d) => createHash('sha256').update(d).digest(),
  async get(path) {
    const r = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })
    return r.ok ? { ok: true, body: await r.json() } : { ok: false, message: `HTTP ${r.status}` }
  },
  async verifySig(_alg, pub, msg, sig) {
    const k = await webcrypto.subtle.importKey('spki', Buffer.from(pub, 'base64'), { name: 'Ed25519' }, false, ['verify'])
    return webcrypto.subtle.verify({ name: 'Ed25519' }, k, Buffer.from(sig, 'base64'), msg)
  }
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function busyServer() {
  const server = await startServer()
  cleanups.push(() => server.cleanup())
  const leader = await login(server.url, 'xianzhang')
  const clerk = await login(server.url, 'qingquan.clerk')
  const { id } = await createTask(server.url, leader, { title: '见证客户端' })
  const c = connect(server.url, `task:${id}`, clerk.token)
  await synced(c)
  return { server, clerk, id, c }
}

describe('client witness', () => {
  for (const attack of ['cut', 'rewrite'] as const)
    it(`holds heads across visits and raises the alarm after the operator ${attack === 'cut' ? 'cuts the tail' : 'rewrites a record'} and restarts`, async () => {
      const { server, clerk, id, c } = await busyServer()
      const reviewer = await login(server.url, 'jiwei1')
      const store = memoryStore()
      const first = await checkLog(deps(server.url, reviewer.token, store))
      expect(first.state).toBe('first')
      appendEvent(c.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
      await waitFor(() => server.audit.trail(`task:${id}`).length >= 4)
      c.destroy()
      const second = await checkLog(deps(server.url, reviewer.token, store))
      expect(second.state).toBe('ok')
      expect(store.all.length).toBe(2)
      const held = store.all[1]!.size

      await server.close()
      const db = new Database(join(server.dataDir, 'qingfeng.sqlite'))
      if (attack === 'cut') {
        db.prepare('DELETE FROM audit WHERE seq > ?').run(held - 2)
      } else {
        db.prepare("UPDATE audit SET summary = summary || '（改）' WHERE seq = ?").run(held - 1)
        const heads = new Map<string, string>()
        for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').all() as Record<string, never>[]) {
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
          db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, r.seq)
          heads.set(r.room, hash)
        }
      }
      db.exec('DELETE FROM audit_tree; DELETE FROM tree_heads; DELETE FROM checkpoints;')
      db.close()
      const again = await startServer({ dataDir: server.dataDir, signingKeyFile: join(`${server.dataDir}-keys`, 'audit-signing.pem') })
      cleanups.unshift(() => again.close())
      const rev2 = await login(again.url, 'jiwei1')
      if (attack === 'rewrite') {
        // Grow the log past the held head so the server must produce a consistency proof.
        const leader = await login(again.url, 'xianzhang')
        await createTask(again.url, leader, { title: '改写之后' })
      }
      const third = await checkLog(deps(again.url, rev2.token, store))
      expect(third.state).toBe('alarm')
      const codes = third.state === 'alarm' ? third.problems.map((p) => p.code) : []
      // A cut log is shorter than the held head, or (if it grew back past it since) cannot be proven to extend it.
      expect(codes).toHaveLength(1)
      expect(attack === 'cut' ? ['SHRUNK', 'INCONSISTENT'] : ['INCONSISTENT']).toContain(codes[0])
      expect(store.all.length).toBe(2) // a bad head is never kept
    }, 60_000)
})
