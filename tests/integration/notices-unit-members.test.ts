/**
 * A notice to a unit follows the unit (docs/decisions.md, "A notice to a unit
 * follows the unit"), against a real server, real SQLite and stock y-websocket
 * clients: someone the 系统管理员 moves into an addressed unit after publishing
 * opens and signs it; someone in another unit still cannot; a notice to named
 * people stays with them; someone who left still owes their 回执 to the unit it
 * was sent to; and the tally and the 纪委监委's missing count say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peopleMap, remindersArray, unitsMap, type Reminder } from '@domain/index-rooms'
import {
  boardMarks,
  indexDirectory,
  noticeEvents,
  noticeItems,
  noticeRooms,
  readAudience,
  readAudienceUnits,
  readNoticeState,
  readOwnReceipt,
  readerRequests,
  receiptRows,
  tally,
  unitGaps,
  writeNoticeMeta,
  type NoticeMeta
} from '@domain/notice'
import { createWorkCalendar } from '@domain/calendar'
import { clientPool, login, startServer, waitFor, type Client, type Session } from './harness'

const MON = Date.parse('2026-09-21T10:00:00+08:00')
const FRI = Date.parse('2026-09-25T09:00:00+08:00')
let server: Awaited<ReturnType<typeof startServer>>
const { conn, closedWith, destroyAll } = clientPool(() => server)
/** A read or 回执 asked in one's own room; resolves to the refusal code, or null once the server stamped it. */
const ask = async (noticeId: string, s: Session, type: 'read' | 'confirm', text?: string) => {
  const me = await conn(noticeRooms.reader(noticeId, s.user.id), s.token)
  readerRequests(me.doc).push([{ id: `${type}-${s.user.id}`, type, clientAt: 0, ...(text ? { text } : {}) }])
  await waitFor(
    () => me.denials.length > 0 || (type === 'read' ? readOwnReceipt(me.doc) : readOwnReceipt(me.doc)?.confirmedAt !== undefined),
    5000,
    `${type} of ${s.user.id}`
  )
  return me.denials[0]?.code ?? null
}
/** The 系统管理员 moves a person to another unit, the way the directory page does (signed in afresh: the clock moves days). */
const moveTo = async (userId: string, unitId: string) => {
  const admin = await login(server.url, 'admin')
  const res = await fetch(`${server.url}/api/admin/accounts/${userId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ unitId })
  })
  expect(res.status).toBe(200)
}
const publish = async (office: Session, meta: NoticeMeta) => {
  const c = await conn(noticeRooms.notice(meta.id), office.token)
  writeNoticeMeta(c.doc, meta)
  noticeEvents(c.doc).push([{ id: `p-${meta.id}`, type: 'publish', actorId: office.user.id, clientAt: 0 }])
  await waitFor(() => readNoticeState(c.doc).status === 'published', 5000, `${meta.id} published`)
  return c
}
const ov = (id: string) => noticeItems(server.hub.getRoom(noticeRooms.oversight).doc).get(id)
const reminders = (c: Client, code: string) =>
  remindersArray(c.doc)
    .toArray()
    .filter((r: Reminder) => r.code === code)

const base = {
  publisherUnitId: 'zhengfuban',
  authorId: 'zhengfuban_clerk',
  receipt: { required: true, text: 'optional', attachment: 'none' },
  pinned: false
} as const
// To 清泉镇 as a whole, and by name to 教育局's head; a 回执 within three working days (Thursday 24 Sep).
const toUnit: NoticeMeta = {
  ...base,
  id: 'u1',
  title: '关于报送防汛值班人员名单的通知',
  audience: [
    { type: 'units', unitIds: ['qingquan'] },
    { type: 'people', userIds: ['jiaoyuju_head'] }
  ],
  deadline: { type: 'workingDays', days: 3 }
}
// To 清泉镇's head by name only.
const toPerson: NoticeMeta = { ...base, id: 'p1', title: '关于参加乡镇长培训班的通知', audience: [{ type: 'people', userIds: ['qingquan_head'] }] }

beforeAll(async () => {
  server = await startServer({ clock: () => MON, supervisionIntervalMs: 40 })
})
afterAll(async () => {
  destroyAll()
  await server.cleanup()
})

describe('someone who joins a unit after a notice went to it', () => {
  it('opens and signs the unit’s notice once moved in; another unit and a notice to named people stay closed', async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    await publish(office, toUnit)
    await publish(office, toPerson)

    // 任春兰, 教育局's clerk: not addressed (only her head is), so the notice is closed to her.
    const before = await login(server.url, 'jiaoyuju.clerk')
    expect(await closedWith(noticeRooms.notice('u1'), before.token)).toBe(4403)
    expect(await ask('u1', before, 'read')).toBe('NOTICE_NOT_IN_AUDIENCE')

    // The 系统管理员 moves her into 清泉镇. Her old session (with the old unit) ends; she signs in again.
    await moveTo('jiaoyuju_clerk', 'qingquan')
    const ren = await login(server.url, 'jiaoyuju.clerk')
    expect(ren.user.unitId).toBe('qingquan')

    // The row on 清泉镇's board was there before she came; now it opens, body and all.
    const board = await conn(noticeRooms.unitBoard('qingquan'), ren.token)
    expect(noticeItems(board.doc).get('u1')).toMatchObject({ status: 'published', receiptRequired: true })
    const n = await conn(noticeRooms.notice('u1'), ren.token)
    expect(n.closes).toHaveLength(0)
    expect(n.doc.getMap('meta').get('title')).toBe(toUnit.title)

    // She reads and signs with the server's times; the publisher's receipts and her own board carry them.
    expect(await ask('u1', ren, 'read')).toBeNull()
    expect(await ask('u1', ren, 'confirm', '任春兰值班')).toBeNull()
    const receipts = await conn(noticeRooms.receipts('u1'), office.token)
    expect(receiptRows(receipts.doc).get('jiaoyuju_clerk')).toEqual({
      userId: 'jiaoyuju_clerk',
      unitId: 'qingquan',
      readAt: MON,
      confirmedAt: MON,
      text: '任春兰值班'
    })
    const own = await conn(noticeRooms.board(ren.user.id), ren.token)
    await waitFor(() => boardMarks(own.doc).get('u1')?.confirmedAt === MON, 5000, 'her board mark')

    // A notice to 清泉镇's head by name is his, not the unit's: closed to the newcomer.
    expect(await closedWith(noticeRooms.notice('p1'), ren.token)).toBe(4403)
    expect(await ask('p1', ren, 'read')).toBe('NOTICE_NOT_IN_AUDIENCE')

    // Someone in another unit still cannot open the unit's notice or sign it.
    const sh = await login(server.url, 'sanhua.clerk')
    expect(await closedWith(noticeRooms.notice('u1'), sh.token)).toBe(4403)
    expect(await ask('u1', sh, 'confirm')).toBe('NOTICE_NOT_IN_AUDIENCE')
    expect(server.audit.trail(noticeRooms.reader('u1', sh.user.id)).some((r) => r.kind === 'refused' && r.summary.includes('NOTICE_NOT_IN_AUDIENCE'))).toBe(
      true
    )
  })

  it('someone who left still owes the 回执 where it was sent; the tally and the red warning count the audience at publishing', async () => {
    // 王丽华 leaves 清泉镇 for 散花镇 before signing.
    await moveTo('qingquan_clerk', 'sanhua')
    const wang = await login(server.url, 'qingquan.clerk')
    expect(wang.user.unitId).toBe('sanhua')
    // The unit's board is the unit's; the notice she was sent stays open to her.
    expect(await closedWith(noticeRooms.unitBoard('qingquan'), wang.token)).toBe(4403)
    const wangUser = await conn(`user:${wang.user.id}`, wang.token)
    expect((await conn(noticeRooms.notice('u1'), wang.token)).closes).toHaveLength(0)

    // Friday, past the due day: the red warning counts the three it was sent to, none confirmed —
    // the newcomer's 回执 is hers, not one of theirs.
    server.clock.set(FRI)
    await waitFor(() => ov('u1')?.alarm === 'overdue', 5000, 'red warning')
    expect(ov('u1')?.missing).toBe(3)
    // She is reached by the red reminder, which opens the notice.
    await waitFor(() => reminders(wangUser, 'notice.overdue').length === 1, 5000, 'red reminder to the leaver')

    // A second newcomer signs late: on the record, marked late, and the missing count does not move.
    await moveTo('gonganju_clerk', 'qingquan')
    const zhao = await login(server.url, 'gonganju.clerk')
    expect(await ask('u1', zhao, 'confirm')).toBeNull()
    const office = await login(server.url, 'zhengfuban.clerk')
    const receipts = await conn(noticeRooms.receipts('u1'), office.token)
    expect(receiptRows(receipts.doc).get('gonganju_clerk')).toMatchObject({ unitId: 'qingquan', confirmedAt: FRI, late: true })
    expect(ov('u1')?.missing).toBe(3)
    // The leaver signs late (from 散花镇): that one was owed, so the count goes down.
    const wang2 = await login(server.url, 'qingquan.clerk')
    expect(await ask('u1', wang2, 'confirm')).toBeNull()
    await waitFor(() => ov('u1')?.missing === 2, 5000, 'the leaver’s late 回执 counted down')
    await waitFor(() => receiptRows(receipts.doc).get('qingquan_clerk')?.unitId === 'sanhua', 5000, 'her receipt on the tally')

    // The publisher's tally, from what the publisher's client holds: the notice, its receipts and the directory.
    const notice = await conn(noticeRooms.notice('u1'), office.token)
    const dir = await conn('directory', office.token)
    const ix = indexDirectory({ units: [...unitsMap(dir.doc).values()], people: [...peopleMap(dir.doc).values()] })
    expect(ix.people.get('gonganju_clerk')?.unitId).toBe('qingquan')
    const state = readNoticeState(notice.doc)
    const t = tally(
      readAudience(notice.doc),
      new Map(receiptRows(receipts.doc).entries()),
      ix,
      { state, receiptRequired: true, audienceUnits: readAudienceUnits(notice.doc) },
      FRI,
      createWorkCalendar()
    )
    expect(t).toMatchObject({ total: 3, confirmed: 1, late: 1, joined: 2 })
    const p = (id: string) => t.people.find((x) => x.userId === id)
    expect(p('qingquan_clerk')).toMatchObject({ unitId: 'qingquan', status: 'confirmed', late: true, movedTo: 'sanhua' })
    expect(p('jiaoyuju_clerk')).toMatchObject({ unitId: 'qingquan', status: 'confirmed', joined: true })
    expect(p('gonganju_clerk')).toMatchObject({ unitId: 'qingquan', status: 'confirmed', joined: true, late: true })
    expect(p('qingquan_head')).toMatchObject({ status: 'unread', warning: 'red' })
    // 纪委监委's view: 清泉镇 still misses its head's 回执 and has one late; 教育局 misses its head's.
    expect(unitGaps(t).map((g) => [g.unitId, g.total, g.missing, g.late, g.joined])).toEqual([
      ['qingquan', 2, 1, 1, 2],
      ['jiaoyuju', 1, 1, 0, 0]
    ])
  })
})
