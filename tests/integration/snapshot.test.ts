/**
 * Rooms with a long history load from a snapshot plus the updates after it;
 * the snapshot is a cache: the audit chain is untouched and the record is the
 * same before and after restarts.
 */
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { appendEvent, eventsArray, readServerState, receiptsMap } from '@domain/task'
import { verifyAudit } from '@server/audit/verify'
import { connectSynced, createTask, login, startServer, waitFor } from './harness'

describe('room snapshots', () => {
  it('restarts from a snapshot with nothing lost, and the chain still verifies', async () => {
    let server = await startServer()
    const dir = server.dataDir
    const cleanup = server.cleanup
    const leader = await login(server.url, 'xianzhang')
    const clerk = await login(server.url, 'qingquan.clerk')
    const { id, client } = await createTask(server.url, leader)
    client.destroy()
    const c = await connectSynced(server.url, `task:${id}`, clerk.token)
    appendEvent(c.doc, { id: 'sign', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    // More edits than SNAPSHOT_AFTER by themselves: their receipts may share rows (stamps of one batch).
    for (let i = 0; i < 210; i++)
      appendEvent(c.doc, { id: `p${i}`, type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0, payload: { text: `第${i}次反馈` } })
    await waitFor(() => receiptsMap(c.doc).size === 212, 10_000)
    c.destroy()

    for (let round = 0; round < 2; round++) {
      await server.close()
      server = Object.assign(await startServer({ dataDir: dir }), { cleanup })
      const again = await login(server.url, 'qingquan.clerk')
      const r = await connectSynced(server.url, `task:${id}`, again.token)
      expect(eventsArray(r.doc).length).toBe(212 + round)
      expect(readServerState(r.doc)?.status).toBe('in_progress')
      appendEvent(r.doc, { id: `after${round}`, type: 'progress', actorId: again.user.id, unitId: 'qingquan', clientAt: 0, payload: { text: '重启后' } })
      await waitFor(() => receiptsMap(r.doc).has(`after${round}`))
      r.destroy()
    }
    const db = new Database(join(dir, 'qingfeng.sqlite'), { readonly: true })
    expect((db.prepare('SELECT COUNT(*) n FROM room_snapshots WHERE room = ?').get(`task:${id}`) as { n: number }).n).toBe(1)
    expect(verifyAudit(db).ok).toBe(true)
    db.close()
    await cleanup()
  }, 60_000)
})
