/**
 * The oversight index by year (docs/decisions.md): a task is listed in the
 * oversight room of the year it was assigned, the year rooms are listed in
 * `oversight-years`, and a data folder from before the split has its
 * county-wide `oversight` room copied into the year rooms at start.
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { itemsMap } from '@domain/index-rooms'
import { yearsMap } from '@domain/kinds'
import { openDatabase } from '@server/store/db'
import { AuditLog } from '@server/audit/log'
import { connect, connectSynced, createTask, login, restartOn, startServer, waitFor, type TestServer } from './harness'

let now = Date.parse('2026-12-31T23:00:00+08:00')
let server: TestServer
afterAll(() => server.cleanup())

describe('oversight index by year', () => {
  it('lists each task in the room of its year, and migrates a county-wide room from an older folder', async () => {
    server = await startServer({ clock: () => now })
    const leader = await login(server.url, 'xianzhang')
    const a = await createTask(server.url, leader, { title: '年末安全检查' })
    now = Date.parse('2027-01-04T09:00:00+08:00')
    const b = await createTask(server.url, await login(server.url, 'xianzhang'), { title: '新年第一件' })
    expect([...itemsMap(server.hub.doc('oversight:2026')).keys()]).toEqual([a.id])
    expect([...itemsMap(server.hub.doc('oversight:2027')).keys()]).toEqual([b.id])
    expect([...yearsMap(server.hub.doc('oversight-years')).keys()].sort()).toEqual(['2026', '2027'])

    // A reviewer's client follows the years list: it may read both year rooms, nobody else may.
    const reviewer = await login(server.url, 'jiwei1')
    const years = await connectSynced(server.url, 'oversight-years', reviewer.token)
    expect([...years.doc.getMap('years').keys()].sort()).toEqual(['2026', '2027'])
    const clerk = await login(server.url, 'qingquan.clerk')
    const denied = connect(server.url, 'oversight:2026', clerk.token)
    await waitFor(() => denied.closes.length > 0)
    expect(denied.closes[0].code).toBe(4403)
    for (const c of [a.client, b.client, years, denied]) c.destroy()

    // An older folder: one county-wide `oversight` room holding a summary no year room has.
    await server.close()
    const db = openDatabase(server.dataDir)
    const legacy = new Y.Doc()
    const old = {
      ...itemsMap(server.hub.doc('oversight:2026')).get(a.id)!,
      id: 'old1',
      title: '旧索引中的任务',
      createdAt: Date.parse('2025-06-01T10:00:00+08:00')
    }
    itemsMap(legacy).set('old1', old)
    const audit = new AuditLog(db)
    audit.transaction(() =>
      audit.append({ room: 'oversight', kind: 'server', userId: null, unitId: null, at: now, update: Y.encodeStateAsUpdate(legacy), summary: '索引' })
    )
    db.close()
    const again = await startServer({ dataDir: server.dataDir, clock: () => now })
    try {
      expect(itemsMap(again.hub.doc('oversight:2025')).get('old1')?.title).toBe('旧索引中的任务')
      expect(yearsMap(again.hub.doc('oversight-years')).has('2025')).toBe(true)
      expect(again.audit.trail('oversight:2025').map((r) => r.summary)).toEqual([expect.stringContaining('索引迁移')])
    } finally {
      await again.close()
    }
    // Restarting again copies nothing twice.
    const third = await startServer({ dataDir: server.dataDir, clock: () => now })
    expect(third.audit.trail('oversight:2025')).toHaveLength(1)
    await third.close()
    server = await restartOn(server, { clock: () => now })
  })
})
