/**
 * 归档 for 公文 and 通知 (docs/decisions.md, "Archive"), with a real server, real SQLite and stock
 * y-websocket clients: a 发文 withdrawn after one recipient finished its 收文, and a notice past its
 * expiry date, closed for longer than the configured time, are archived by the server's job:
 * read-only (every write refused with ARCHIVED), out of the lists about current work, found by
 * archive search only by people entitled to them, and the whole log still verifies.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIncomingState, readOutgoingState, type IncomingEvent, type OutgoingEvent } from '@domain/document'
import {
  noticeEvents,
  noticeItems,
  noticeRooms,
  readNoticeState,
  readOwnReceipt,
  readerRequests,
  writeNoticeMeta,
  type NoticeEvent,
  type NoticeMeta
} from '@domain/notice'
import { verifyAudit } from '../../collab-server/audit/verify'
import { setSetting } from '../../collab-server/store/db'
import {
  clientPool,
  connectSynced,
  login,
  outgoingFields,
  pushEvent,
  startServer,
  waitFor,
  writeFields,
  type Client,
  type Session,
  type TestServer
} from './harness'

const DAY = 86_400_000
let now = Date.parse('2026-12-01T09:00:00+08:00')
let server: TestServer
const pool = clientPool(() => server)
beforeAll(async () => {
  server = await startServer({ clock: () => now, archiveAfterMs: 30 * DAY })
})
afterAll(async () => {
  pool.destroyAll()
  await server.cleanup()
})

const conn = (room: string, s: Session) => pool.conn(room, s.token)
let n = 0
const ev = <T extends OutgoingEvent | IncomingEvent>(s: Session, type: T['type'], payload?: T['payload']): T =>
  ({ id: `a${++n}`, type, actorId: s.user.id, unitId: s.user.unitId, clientAt: 0, ...(payload ? { payload } : {}) }) as T
async function push(c: Client, e: OutgoingEvent | IncomingEvent) {
  await pushEvent(c, e)
  expect(c.denials).toEqual([])
}
async function search(s: Session, query: string) {
  const res = await fetch(`${server.url}/api/archive/search?${query}`, { headers: { authorization: `Bearer ${s.token}` } })
  return ((await res.json()) as { items: { room: string; kind: string; title: string; number: string }[] }).items.map((i) => i.room).sort()
}

/** A 发文 of 县政府办公室 taken to 已签发 by its head. */
async function signed(id: string, title: string): Promise<Client> {
  const clerk = await login(server.url, 'zhengfuban.clerk')
  const c = await conn(`docout:${id}`, clerk)
  c.doc.transact(() => {
    writeFields(c.doc, outgoingFields({ title, replyRequested: false }))
    c.doc.getArray('events').push([ev<OutgoingEvent>(clerk, 'create', { header: { id, draftingUnitId: 'zhengfuban', createdBy: clerk.user.id } })])
  })
  await waitFor(() => readOutgoingState(c.doc) || c.denials.length > 0, 5000, 'created')
  expect(c.denials).toEqual([])
  await push(c, ev<OutgoingEvent>(clerk, 'submit'))
  const head = await login(server.url, 'zhengfuban.head')
  const h = await conn(`docout:${id}`, head)
  await push(h, ev<OutgoingEvent>(head, 'review_approve', { signerId: head.user.id }))
  await push(h, ev<OutgoingEvent>(head, 'sign'))
  return h
}

describe('archive of 公文 and 通知', () => {
  it('archives a closed 发文 and its 收文: read-only, out of the boxes, searchable by those entitled', async () => {
    const clerk = await login(server.url, 'zhengfuban.clerk')
    const head = await login(server.url, 'zhengfuban.head')
    const qs = await login(server.url, 'qingquan.clerk')
    const qh = await login(server.url, 'qingquan.head')
    const h = await signed('Darc1', '关于归档测试冬季防火的通知')
    await signed('Darc2', '仍在办理的发文') // not issued: open, stays
    const out = await conn('docout:Darc1', clerk)
    await push(out, ev<OutgoingEvent>(clerk, 'issue'))
    const docNumber = readOutgoingState(out.doc)!.docNumber!

    // 清泉镇 handles its 收文 to the end (办结).
    const inRoom = 'docin:qingquan--Darc1'
    const q = await conn(inRoom, qs)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const)
      await push(q, ev<IncomingEvent>(qs, type, payload as never))
    const qhc = await conn(inRoom, qh)
    await push(qhc, ev<IncomingEvent>(qh, 'instruct', { text: '请办理', leadUserId: qs.user.id }))
    await push(q, ev<IncomingEvent>(qs, 'complete', { text: '已办理' }))
    expect(readIncomingState(q.doc)!.status).toBe('done')
    const incomingNumber = readIncomingState(q.doc)!.number!
    // The 发文 still waits on the other two units; its drafting unit then withdraws it (the other 收文 close with it).
    now += DAY
    await push(h, ev<OutgoingEvent>(head, 'withdraw', { reason: '内容调整', text: '原文撤回，另行发文' }))
    await waitFor(() => readOutgoingState(h.doc)?.status === 'withdrawn', 5000, 'withdrawn') // the receipt and the state are two server writes

    // Not yet: closed for less than the configured time.
    now += 29 * DAY - 3_600_000
    expect(server.archive.run(server.hub)).toEqual([])
    const headBefore = server.audit.lastSeq
    now += 2 * DAY
    const rooms = ['docin:jiaoyuju--Darc1', 'docin:qingquan--Darc1', 'docin:sanhua--Darc1', 'docout:Darc1']
    expect(server.archive.run(server.hub).sort()).toEqual(rooms)
    expect(server.archive.run(server.hub)).toEqual([])
    expect(server.audit.lastSeq).toBeGreaterThan(headBefore)
    expect(verifyAudit(server.db).ok).toBe(true)

    // Out of the boxes and the county's list; the open draft stays.
    const box = (room: string) => server.hub.doc(room).getMap('items')
    expect(box('docbox:zhengfuban').has('docout:Darc1')).toBe(false)
    expect(box('docbox:zhengfuban').has('docout:Darc2')).toBe(true)
    expect(box('docbox:qingquan').has(inRoom)).toBe(false)
    expect(box('docbox:sanhua').has('docin:sanhua--Darc1')).toBe(false)
    expect(box('docwhere').has('docout:Darc1')).toBe(false)

    // Read-only: a fresh session reads it, every write is refused with ARCHIVED and changes nothing.
    const headNow = await login(server.url, 'zhengfuban.head')
    const again = await conn('docout:Darc1', headNow)
    await waitFor(() => readOutgoingState(again.doc)?.status === 'withdrawn' && again.doc.getMap('archive').has('at'), 5000, 'archived 发文 read')
    again.doc.getArray('events').push([ev<OutgoingEvent>(headNow, 'withdraw', { reason: '再撤' })])
    await waitFor(() => again.denials.some((d) => d.code === 'ARCHIVED'), 5000, 'ARCHIVED on the 发文')
    const qNow = await login(server.url, 'qingquan.clerk')
    const inAgain = await conn(inRoom, qNow)
    const before = readIncomingState(server.hub.doc(inRoom))
    inAgain.doc.getArray('events').push([ev<IncomingEvent>(qNow, 'complete', { text: '补充' })])
    await waitFor(() => inAgain.denials.some((d) => d.code === 'ARCHIVED'), 5000, 'ARCHIVED on the 收文')
    expect(readIncomingState(server.hub.doc(inRoom))).toEqual(before)

    // Search: by 文号 for the drafting unit, by 收文编号 and title for the receiving unit, nothing for an unrelated one.
    const clerkNow = await login(server.url, 'zhengfuban.clerk')
    expect(await search(clerkNow, `q=${encodeURIComponent(docNumber)}`)).toEqual(['docout:Darc1'])
    expect(await search(qNow, `q=${encodeURIComponent(incomingNumber)}`)).toEqual([inRoom])
    expect(await search(qNow, `q=${encodeURIComponent('冬季防火')}&kind=docin`)).toEqual([inRoom])
    const other = await login(server.url, 'bahe.clerk')
    expect(await search(other, `q=${encodeURIComponent('冬季防火')}`)).toEqual([])
    // The trail is still served.
    const reviewer = await login(server.url, 'jiwei1')
    const trail = await fetch(`${server.url}/api/audit/trail?room=${encodeURIComponent('docout:Darc1')}`, {
      headers: { authorization: `Bearer ${reviewer.token}` }
    })
    expect(trail.status).toBe(200)
  }, 60_000)

  it('archives an expired notice: out of the boards and lists, read-only, searchable by its audience and publisher', async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    const publish = async (id: string, title: string, expiresOn: string) => {
      const meta: NoticeMeta = {
        id,
        title,
        publisherUnitId: 'zhengfuban',
        authorId: office.user.id,
        audience: [
          { type: 'units', unitIds: ['qingquan'] },
          { type: 'people', userIds: ['sanhua_clerk'] }
        ],
        receipt: { required: false, text: 'none', attachment: 'none' },
        pinned: false,
        expiresOn
      }
      const c = await conn(noticeRooms.notice(id), office)
      writeNoticeMeta(c.doc, meta)
      noticeEvents(c.doc).push([{ id: `${id}-p`, type: 'publish', actorId: office.user.id, clientAt: 0 } satisfies NoticeEvent])
      await waitFor(() => readNoticeState(c.doc).status === 'published' || c.denials.length > 0, 5000, 'published')
      expect(c.denials).toEqual([])
      return c
    }
    const base = now
    const expired = await publish('narc1', '关于归档测试会议的通知', '2027-01-10')
    await publish('narc2', '长期有效的通知', '2030-01-01')
    expect(noticeItems(server.hub.doc(noticeRooms.unitBoard('qingquan'))).has('narc1')).toBe(true)
    expect(noticeItems(server.hub.doc(noticeRooms.board('sanhua_clerk'))).has('narc1')).toBe(true)

    // Past its expiry day, but for less than the archive time: still on the boards.
    now = Date.parse('2027-02-08T09:00:00+08:00')
    expect(server.archive.run(server.hub)).toEqual([])
    now = Date.parse('2027-02-10T09:00:00+08:00')
    expect(server.archive.run(server.hub)).toEqual([noticeRooms.notice('narc1')])
    expect(now).toBeGreaterThan(base)
    for (const room of [noticeRooms.unitBoard('qingquan'), noticeRooms.board('sanhua_clerk'), noticeRooms.sent('zhengfuban')]) {
      expect(noticeItems(server.hub.doc(room)).has('narc1')).toBe(false)
      expect(noticeItems(server.hub.doc(room)).has('narc2')).toBe(true)
    }
    expect(verifyAudit(server.db).ok).toBe(true)

    // Read-only for its unit.
    const officeNow = await login(server.url, 'zhengfuban.clerk')
    const again = await conn(noticeRooms.notice('narc1'), officeNow)
    noticeEvents(again.doc).push([{ id: 'narc1-w', type: 'withdraw', actorId: officeNow.user.id, clientAt: 0, reason: '撤回' }])
    await waitFor(() => again.denials.some((d) => d.code === 'ARCHIVED'), 5000, 'ARCHIVED on the notice')
    expect(readNoticeState(server.hub.doc(noticeRooms.notice('narc1'))).status).toBe('published')
    expired.destroy()
    // Nor is a read or a 回执 recorded in a reader's own room any more.
    const sanhua = await login(server.url, 'sanhua.clerk')
    const own = await conn(noticeRooms.reader('narc1', sanhua.user.id), sanhua)
    readerRequests(own.doc).push([{ id: 'narc1-r', type: 'read', clientAt: 0 }])
    await waitFor(() => own.denials.some((d) => d.code === 'ARCHIVED'), 5000, 'ARCHIVED on the reader room')
    expect(readOwnReceipt(server.hub.doc(noticeRooms.reader('narc1', sanhua.user.id)))).toBeNull()

    // Found by its publisher and its audience (a unit addressed whole, a person addressed alone), not by others.
    const q = encodeURIComponent('归档测试会议')
    expect(await search(officeNow, `q=${q}`)).toEqual(['notice:narc1'])
    expect(await search(await login(server.url, 'qingquan.clerk'), `q=${q}&kind=notice`)).toEqual(['notice:narc1'])
    expect(await search(await login(server.url, 'sanhua.clerk'), `q=${q}`)).toEqual(['notice:narc1'])
    expect(await search(await login(server.url, 'bahe.clerk'), `q=${q}`)).toEqual([])
  }, 60_000)

  it('a data folder from before: notices and 公文 already closed get their wait once, at start-up', async () => {
    let clock = Date.parse('2027-03-01T09:00:00+08:00')
    const first = await startServer({ clock: () => clock, archiveAfterMs: 30 * DAY })
    const office = await login(first.url, 'zhengfuban.clerk')
    const c = await connectSynced(first.url, noticeRooms.notice('nold'), office.token)
    writeNoticeMeta(c.doc, {
      id: 'nold',
      title: '旧版本时撤回的通知',
      publisherUnitId: 'zhengfuban',
      authorId: office.user.id,
      audience: [{ type: 'units', unitIds: ['qingquan'] }],
      receipt: { required: false, text: 'none', attachment: 'none' },
      pinned: false
    })
    noticeEvents(c.doc).push([{ id: 'nold-p', type: 'publish', actorId: office.user.id, clientAt: 0 }])
    await waitFor(() => readNoticeState(c.doc).status === 'published', 5000, 'published')
    noticeEvents(c.doc).push([{ id: 'nold-w', type: 'withdraw', actorId: office.user.id, clientAt: 0, reason: '作废' }])
    await waitFor(() => readNoticeState(c.doc).status === 'withdrawn', 5000, 'withdrawn')
    c.destroy()
    // As a folder written before 通知 were archived: no wait recorded, never built.
    first.db.prepare('DELETE FROM closed_items WHERE room = ?').run('notice:nold')
    setSetting(first.db, 'closed_items.documents_notices.built', '0')
    await first.close()
    const second = await startServer({ dataDir: first.dataDir, clock: () => clock, archiveAfterMs: 30 * DAY })
    try {
      clock += 31 * DAY
      expect(second.archive.run(second.hub)).toEqual(['notice:nold'])
      expect(noticeItems(second.hub.doc(noticeRooms.sent('zhengfuban'))).has('nold')).toBe(false)
    } finally {
      await second.close()
      rmSync(first.dataDir, { recursive: true, force: true })
      rmSync(`${first.dataDir}-keys`, { recursive: true, force: true })
    }
  }, 60_000)
})
