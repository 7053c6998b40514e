/**
 * The 公文 deadline index by year (docs/decisions.md, "公文 in oversight"): a data folder from
 * before the split keeps every deadline row ever in `docdeadlines` `all` and bare open entries;
 * at start the rows move to the year room of their 批办, the open entries get their full row, and
 * the county-wide list is emptied — audited, once.
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocDeadlineRow } from '@domain/document'
import { AuditLog } from '@server/audit/log'
import { openDatabase } from '@server/store/db'
import { connect, connectSynced, login, restartOn, startServer, waitFor, type TestServer } from './harness'

const now = Date.parse('2027-01-05T09:00:00+08:00')
let server: TestServer
afterAll(() => server.cleanup())

const row = (room: string, instructedAt: string, extra: Partial<DocDeadlineRow> = {}): DocDeadlineRow => ({
  room,
  unitId: 'qingquan',
  title: `旧期限 ${room}`,
  docNumber: '浠政办发〔2025〕9号',
  urgency: 'none',
  instructedAt: Date.parse(instructedAt),
  dueDate: '2026-12-31',
  dueAt: Date.parse('2026-12-31T23:59:59+08:00'),
  level: 'normal',
  ...extra
})

describe('公文 deadline index by year', () => {
  it('moves an older folder’s county-wide rows into the year rooms at start, once', async () => {
    server = await startServer({ clock: () => now })
    await server.close()
    const closed = row('docin:qingquan--Dold1', '2025-11-20T10:00:00+08:00', { doneAt: Date.parse('2025-11-25T10:00:00+08:00'), level: 'done_on_time' })
    const running = row('docin:qingquan--Dold2', '2026-12-20T10:00:00+08:00', { level: 'red' })
    const legacy = new Y.Doc()
    legacy.getMap('all').set(closed.room, closed)
    legacy.getMap('all').set(running.room, running)
    // Before the split an open entry held only the date and the level.
    legacy.getMap('open').set(running.room, { dueDate: running.dueDate, level: 'red' })
    // Before the archive the unit's box kept closed documents too.
    const box = new Y.Doc()
    const closedRow = {
      id: 'qingquan--Dold1',
      room: closed.room,
      kind: 'in',
      title: closed.title,
      status: 'done',
      urgency: 'none',
      since: 0,
      updatedAt: closed.doneAt,
      open: false
    }
    const openRow = { ...closedRow, id: 'qingquan--Dold2', room: running.room, status: 'handling', open: true }
    box.getMap('items').set(closedRow.room, closedRow)
    box.getMap('items').set(openRow.room, openRow)
    const db = openDatabase(server.dataDir)
    const audit = new AuditLog(db)
    audit.transaction(() =>
      audit.append({ room: 'docdeadlines', kind: 'server', userId: null, unitId: null, at: now, update: Y.encodeStateAsUpdate(legacy), summary: '公文期限' })
    )
    audit.transaction(() =>
      audit.append({ room: 'docbox:qingquan', kind: 'server', userId: null, unitId: null, at: now, update: Y.encodeStateAsUpdate(box), summary: '公文箱' })
    )
    db.close()

    const again = await startServer({ dataDir: server.dataDir, clock: () => now })
    try {
      expect(again.hub.doc('docdeadline:2025').getMap('all').get(closed.room)).toEqual(closed)
      expect(again.hub.doc('docdeadline:2026').getMap('all').get(running.room)).toEqual(running)
      expect([...again.hub.doc('docdeadline-years').getMap('years').keys()].sort()).toEqual(['2025', '2026'])
      // The county-wide room keeps only what runs now, as a full row the workspace can warn from.
      const legacyNow = again.hub.doc('docdeadlines')
      expect(legacyNow.getMap('all').size).toBe(0)
      expect(legacyNow.getMap('open').get(running.room)).toEqual(running)
      expect(again.audit.trail('docdeadline:2025').map((r) => r.summary)).toEqual([expect.stringContaining('索引迁移')])
      // The box keeps the open document; the closed one is in the unit's archive of its year.
      expect([...again.hub.doc('docbox:qingquan').getMap('items').keys()]).toEqual([running.room])
      expect(again.hub.doc('docarchive:qingquan--2025').getMap('items').get(closed.room)).toMatchObject({ status: 'done' })

      // 纪委监委 reads the year room; a clerk of a unit may not.
      const reviewer = await login(again.url, 'jiwei1')
      const y = await connectSynced(again.url, 'docdeadline:2025', reviewer.token)
      expect(y.doc.getMap('all').get(closed.room)).toMatchObject({ title: closed.title, level: 'done_on_time' })
      const clerk = await login(again.url, 'qingquan.clerk')
      const denied = connect(again.url, 'docdeadline:2025', clerk.token)
      await waitFor(() => denied.closes.length > 0)
      expect(denied.closes[0].code).toBe(4403)
      y.destroy()
      denied.destroy()
    } finally {
      await again.close()
    }
    // Starting again moves nothing twice.
    const third = await startServer({ dataDir: server.dataDir, clock: () => now })
    expect(third.audit.trail('docdeadline:2025').filter((r) => r.summary.includes('索引迁移'))).toHaveLength(1)
    expect(third.audit.trail('docdeadlines').filter((r) => r.summary.includes('索引迁移'))).toHaveLength(2)
    await third.close()
    server = await restartOn(server, { clock: () => now })
  })
})
