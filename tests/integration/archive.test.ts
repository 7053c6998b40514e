/**
 * 归档 (docs/decisions.md, "Archive"): a task closed for longer than the configured time is
 * archived by the server's job. It becomes read-only (every write refused with ARCHIVED), stays
 * in the log and the Merkle tree (archiving adds a row, rewrites none; the log still verifies),
 * leaves every list about current work, and is found by archive search only by people entitled to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemsMap } from '@domain/index-rooms'
import { appendEvent, readServerState } from '@domain/task'
import { verifyAudit } from '../../collab-server/audit/verify'
import { connectSynced, createTask, login, startServer, waitFor, type Session, type TestServer } from './harness'

const DAY = 86_400_000
const T0 = Date.parse('2026-09-21T10:00:00+08:00')
let now = T0
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => now, archiveAfterMs: 30 * DAY })
})
afterAll(() => server.cleanup())

async function search(s: Session, query: string) {
  const res = await fetch(`${server.url}/api/archive/search?${query}`, { headers: { authorization: `Bearer ${s.token}` } })
  return { status: res.status, body: (await res.json()) as { items?: { room: string; title: string; year: string }[]; code?: string } }
}

describe('archive', () => {
  it('archives a long-closed task: read-only, out of current lists, verifiable, searchable by those entitled', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '春季植树归档测试', leadUnitId: 'qingquan' })
    const room = `task:${id}`
    const open = await createTask(server.url, leader, { title: '仍在办理的任务', leadUnitId: 'qingquan' })
    appendEvent(client.doc, {
      id: `${id}-c`,
      type: 'cancel',
      actorId: leader.user.id,
      unitId: leader.user.unitId,
      clientAt: 0,
      payload: { reason: '不再需要' }
    })
    await waitFor(() => readServerState(client.doc)?.status === 'cancelled', 5000, 'cancelled')
    client.destroy()
    open.client.destroy()

    // Not yet: closed for less than the configured time.
    now = T0 + 29 * DAY
    expect(server.archive.run(server.hub)).toEqual([])
    expect(itemsMap(server.hub.doc('inbox:qingquan')).has(id)).toBe(true)

    const rowsBefore = server.audit.trail(room).length
    const headBefore = server.audit.lastSeq
    now = T0 + 31 * DAY
    expect(server.archive.run(server.hub)).toEqual([room])
    // Out of every list about current work, in the same step; the open task stays.
    for (const index of ['inbox:qingquan', `mine:${leader.user.id}`, 'oversight:2026']) {
      expect(itemsMap(server.hub.doc(index)).has(id)).toBe(false)
      expect(itemsMap(server.hub.doc(index)).has(open.id)).toBe(true)
    }
    // One audited row more; nothing rewritten, and the whole log still verifies.
    const trail = server.audit.trail(room)
    expect(trail.length).toBe(rowsBefore + 1)
    expect(trail.at(-1)?.summary).toContain('归档')
    expect(server.audit.lastSeq).toBeGreaterThan(headBefore)
    expect(verifyAudit(server.db).ok).toBe(true)
    // Running again archives nothing more.
    expect(server.archive.run(server.hub)).toEqual([])

    // Read-only: the leader can still open and read it, every write is refused with ARCHIVED.
    const leaderNow = await login(server.url, 'xianzhang') // a month later: a fresh session
    const again = await connectSynced(server.url, room, leaderNow.token)
    expect(readServerState(again.doc)?.status).toBe('cancelled')
    expect(again.doc.getMap('archive').get('at')).toBe(trail.at(-1)?.at)
    appendEvent(again.doc, { id: `${id}-p`, type: 'progress', actorId: leader.user.id, unitId: leader.user.unitId, clientAt: 0, payload: { text: '补充' } })
    await waitFor(() => again.denials.some((d) => d.code === 'ARCHIVED'), 5000, 'ARCHIVED refusal')
    expect(server.audit.trail(room).filter((r) => r.kind === 'client').length).toBe(trail.filter((r) => r.kind === 'client').length)
    again.destroy()

    // Searchable by those entitled (the leader, the lead unit), not by an unrelated unit.
    const mine = await search(leaderNow, `q=${encodeURIComponent('植树')}`)
    expect(mine.status).toBe(200)
    expect(mine.body.items?.map((i) => i.room)).toEqual([room])
    expect(mine.body.items?.[0]).toMatchObject({ title: '春季植树归档测试', year: '2026' })
    const clerk = await login(server.url, 'qingquan.clerk')
    expect((await search(clerk, 'year=2026')).body.items?.map((i) => i.room)).toEqual([room])
    const other = await login(server.url, 'bahe.clerk')
    expect((await search(other, `q=${encodeURIComponent('植树')}`)).body.items).toEqual([])
    // Bad input: a clear code, nothing else happens.
    expect(await search(leaderNow, 'year=20x6')).toMatchObject({ status: 400, body: { code: 'BAD_QUERY' } })
    expect((await fetch(`${server.url}/api/archive/search?q=x`)).status).toBe(401)

    // The reviewers' trail is still served.
    const reviewer = await login(server.url, 'jiwei1')
    const res = await fetch(`${server.url}/api/audit/trail?room=${encodeURIComponent(room)}`, { headers: { authorization: `Bearer ${reviewer.token}` } })
    expect(res.status).toBe(200)
  }, 60_000)
})
