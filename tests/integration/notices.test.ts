/**
 * 通知公告 against a real server, real SQLite and stock y-websocket clients
 * (docs/decisions.md, "Notices: rooms the server can guard"): a county-office
 * notice to all townships with a 回执 and a deadline; and every misbehaviour the
 * issue names — reading outside the audience, writing another person's read,
 * backdating a read, editing a published notice, reminding too often — is
 * refused and on the trail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { remindersArray, type Reminder } from '@domain/index-rooms'
import {
  boardMarks,
  noticeBody,
  noticeEvents,
  noticeItems,
  noticeMetaMap,
  noticeRooms,
  readNoticeState,
  readOwnReceipt,
  readerRequests,
  readerStamps,
  receiptRows,
  writeNoticeMeta,
  type NoticeEvent,
  type NoticeMeta
} from '@domain/notice'
import { clientPool, login, startServer, waitFor, type Client } from './harness'

const MON = Date.parse('2026-09-21T10:00:00+08:00')
const HOUR = 3_600_000
let server: Awaited<ReturnType<typeof startServer>>
const { conn, closedWith, destroyAll } = clientPool(() => server)
const refusedOn = (room: string) =>
  server.audit
    .trail(room)
    .filter((r) => r.kind === 'refused')
    .map((r) => r.summary)

beforeAll(async () => {
  server = await startServer({ clock: () => MON, supervisionIntervalMs: 40 })
})
afterAll(async () => {
  destroyAll()
  await server.cleanup()
})

const meta: NoticeMeta = {
  id: 'n1',
  title: '关于召开全县防汛工作会议的通知',
  publisherUnitId: 'zhengfuban',
  authorId: 'zhengfuban_clerk',
  audience: [{ type: 'group', group: 'townships' }],
  receipt: { required: true, text: 'optional', attachment: 'optional', prompt: '参会人员' },
  deadline: { type: 'workingDays', days: 3 },
  pinned: true
}
const ev = (id: string, type: NoticeEvent['type'], actorId: string, reason?: string): NoticeEvent => ({
  id,
  type,
  actorId,
  clientAt: 0,
  ...(reason ? { reason } : {})
})
const reminders = (c: Client, code: string) =>
  remindersArray(c.doc)
    .toArray()
    .filter((r: Reminder) => r.code === code)

describe('a county-office notice to all townships', () => {
  it('publishes, is read and confirmed with server times only, and refuses and records every misbehaviour', async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    const qq = await login(server.url, 'qingquan.clerk')
    const sh = await login(server.url, 'sanhua.clerk')
    const dept = await login(server.url, 'jiaoyuju.clerk')
    const reviewer = await login(server.url, 'jiwei1')

    // A notice to whole units arrives on the unit's board; the person's own board carries their times.
    const qqBoard = await conn(noticeRooms.unitBoard('qingquan'), qq.token)
    const qqOwn = await conn(noticeRooms.board(qq.user.id), qq.token)
    expect(await closedWith(noticeRooms.unitBoard('qingquan'), sh.token)).toBe(4403)

    // Draft (meta + body), then publish.
    const pub = await conn(noticeRooms.notice('n1'), office.token)
    pub.doc.transact(() => {
      writeNoticeMeta(pub.doc, meta)
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('定于9月24日召开会议。')])
      noticeBody(pub.doc).insert(0, [p])
    })
    noticeEvents(pub.doc).push([ev('e1', 'publish', office.user.id)])
    await waitFor(() => readNoticeState(pub.doc).status === 'published', 5000, 'published')
    expect(readNoticeState(pub.doc)).toMatchObject({ publishedAt: MON, dueDate: '2026-09-24' })

    // It arrives on the township clerk's board (the client announces it from there); not on a department's.
    await waitFor(() => noticeItems(qqBoard.doc).get('n1'), 5000, 'board row')
    expect(noticeItems(qqBoard.doc).get('n1')).toMatchObject({
      title: meta.title,
      status: 'published',
      pinned: true,
      dueDate: '2026-09-24',
      receiptRequired: true
    })
    const deptBoard = await conn(noticeRooms.unitBoard(dept.user.unitId), dept.token)
    expect(noticeItems(deptBoard.doc).has('n1')).toBe(false)
    // One row per township, none per person: a publish costs units, not people.
    expect(server.audit.trail(noticeRooms.board(sh.user.id))).toHaveLength(0)

    // Reading outside the audience: the department clerk may not open the notice, nor record a read.
    expect(await closedWith(noticeRooms.notice('n1'), dept.token)).toBe(4403)
    expect(server.audit.trail(noticeRooms.notice('n1')).some((r) => r.summary.startsWith('拒绝访问') && r.userId === dept.user.id)).toBe(true)
    const deptMe = await conn(noticeRooms.reader('n1', dept.user.id), dept.token)
    readerRequests(deptMe.doc).push([{ id: 'r1', type: 'read', clientAt: 0 }])
    await waitFor(() => deptMe.denials.length > 0, 5000, 'refusal')
    expect(deptMe.denials[0].code).toBe('NOTICE_NOT_IN_AUDIENCE')
    expect(refusedOn(noticeRooms.reader('n1', dept.user.id))[0]).toContain('NOTICE_NOT_IN_AUDIENCE')

    // The reader opens it: one read, stamped with the server's time, on the publisher's tally.
    const pubReceipts = await conn(noticeRooms.receipts('n1'), office.token)
    const qqNotice = await conn(noticeRooms.notice('n1'), qq.token)
    expect(qqNotice.doc.getXmlFragment('body').toString()).toContain('定于9月24日召开会议')
    const qqMe = await conn(noticeRooms.reader('n1', qq.user.id), qq.token)
    readerRequests(qqMe.doc).push([{ id: 'r1', type: 'read', clientAt: MON - 86_400_000 }])
    await waitFor(() => receiptRows(pubReceipts.doc).get(qq.user.id), 5000, 'tally row')
    expect(receiptRows(pubReceipts.doc).get(qq.user.id)).toEqual({ userId: qq.user.id, unitId: 'qingquan', readAt: MON })
    expect(readOwnReceipt(qqMe.doc)).toEqual({ userId: qq.user.id, unitId: 'qingquan', readAt: MON })
    await waitFor(() => boardMarks(qqOwn.doc).get('n1')?.readAt === MON, 5000, 'read on own board')
    expect(noticeItems(qqBoard.doc).get('n1')?.readAt).toBeUndefined()

    // Backdating a read: a client writing the server's stamp is refused, the stamp unchanged.
    readerStamps(qqMe.doc).set('receipt', { userId: qq.user.id, unitId: 'qingquan', readAt: MON - 7 * 86_400_000, confirmedAt: MON - 86_400_000 })
    await waitFor(() => qqMe.denials.length > 0, 5000, 'backdating refused')
    expect(qqMe.denials[0].code).toBe('NOTICE_SERVER_ONLY')
    expect(refusedOn(noticeRooms.reader('n1', qq.user.id))[0]).toContain('NOTICE_SERVER_ONLY')
    expect(receiptRows(pubReceipts.doc).get(qq.user.id)?.readAt).toBe(MON)
    const fresh = await conn(noticeRooms.reader('n1', qq.user.id), qq.token)
    expect(readOwnReceipt(fresh.doc)).toEqual({ userId: qq.user.id, unitId: 'qingquan', readAt: MON })

    // Writing another person's read: sanhua's clerk cannot even open qingquan's room; a reader cannot open the receipts.
    expect(await closedWith(noticeRooms.reader('n1', qq.user.id), sh.token)).toBe(4403)
    expect(server.audit.trail(noticeRooms.reader('n1', qq.user.id)).some((r) => r.summary.startsWith('拒绝访问') && r.userId === sh.user.id)).toBe(true)
    expect(await closedWith(noticeRooms.receipts('n1'), qq.token)).toBe(4403)

    // Confirm with text: on time; the publisher's row carries the 回执.
    readerRequests(fresh.doc).push([{ id: 'c1', type: 'confirm', clientAt: 0, text: '王丽华、李德胜参会' }])
    await waitFor(() => receiptRows(pubReceipts.doc).get(qq.user.id)?.confirmedAt, 5000, 'confirm on tally')
    expect(receiptRows(pubReceipts.doc).get(qq.user.id)).toEqual({
      userId: qq.user.id,
      unitId: 'qingquan',
      readAt: MON,
      confirmedAt: MON,
      text: '王丽华、李德胜参会'
    })

    // Editing a published notice: refused, nothing changed for readers (a change is a 更正).
    noticeMetaMap(pub.doc).set('title', '关于召开全县防汛工作会议的通知（改）')
    await waitFor(() => pub.denials.length > 0, 5000, 'edit refused')
    expect(pub.denials[0].code).toBe('NOTICE_PUBLISHED_IMMUTABLE')
    const qqNotice2 = await conn(noticeRooms.notice('n1'), qq.token)
    expect(qqNotice2.doc.getMap('meta').get('title')).toBe(meta.title)
    expect(refusedOn(noticeRooms.notice('n1')).some((s) => s.includes('NOTICE_PUBLISHED_IMMUTABLE'))).toBe(true)

    // The reviewer (纪委监委) sees everyone's receipts.
    const rv = await conn(noticeRooms.receipts('n1'), reviewer.token)
    expect(receiptRows(rv.doc).get(qq.user.id)?.text).toBe('王丽华、李德胜参会')
    for (const c of [pub, qqNotice, qqNotice2, qqMe, deptMe]) c.destroy()
  })

  it('reminds the unread at most once an hour and three times, each reminder arriving once; the deadline reminds and turns red', async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    const qq = await login(server.url, 'qingquan.clerk')
    const sh = await login(server.url, 'sanhua.clerk')
    const shUser = await conn(`user:${sh.user.id}`, sh.token)
    const qqUser = await conn(`user:${qq.user.id}`, qq.token)
    const pub = await conn(noticeRooms.notice('n1'), office.token)
    const pubUser = await conn(`user:${office.user.id}`, office.token)

    noticeEvents(pub.doc).push([ev('m1', 'remind', office.user.id)])
    await waitFor(() => readNoticeState(pub.doc).reminds.length === 1, 5000, 'first remind')
    await waitFor(() => reminders(shUser, 'notice.remind').length === 1, 5000, 'reminder to the unread')
    // Confirmed already: not reminded.
    expect(reminders(qqUser, 'notice.remind')).toHaveLength(0)

    noticeEvents(pub.doc).push([ev('m2', 'remind', office.user.id)])
    await waitFor(() => pub.denials.length > 0, 5000, 'too soon')
    expect(pub.denials.at(-1)!.code).toBe('NOTICE_REMIND_TOO_SOON')
    const p2 = await conn(noticeRooms.notice('n1'), office.token)
    for (let i = 3; i <= 4; i++) {
      server.clock.advance(HOUR)
      noticeEvents(p2.doc).push([ev(`m${i}`, 'remind', office.user.id)])
      await waitFor(() => readNoticeState(p2.doc).reminds.length === i - 1, 5000, `remind ${i}`)
    }
    server.clock.advance(HOUR)
    noticeEvents(p2.doc).push([ev('m5', 'remind', office.user.id)])
    await waitFor(() => p2.denials.length > 0, 5000, 'limit')
    expect(p2.denials[0].code).toBe('NOTICE_REMIND_LIMIT')
    expect(reminders(shUser, 'notice.remind')).toHaveLength(3)
    expect(refusedOn(noticeRooms.notice('n1')).filter((s) => s.includes('NOTICE_REMIND')).length).toBe(2)

    // Wednesday 23 Sep, the working day before the due day: the unconfirmed are reminded once.
    server.clock.set(Date.parse('2026-09-23T09:00:00+08:00'))
    await waitFor(() => reminders(shUser, 'notice.due_soon').length === 1, 5000, 'due-soon reminder')
    expect(reminders(qqUser, 'notice.due_soon')).toHaveLength(0)
    // Friday: past the due day — red for the missing and for the publisher; a late 回执 is still accepted, marked late.
    server.clock.set(Date.parse('2026-09-25T09:00:00+08:00'))
    await waitFor(() => reminders(pubUser, 'notice.overdue_publisher').length === 1, 5000, 'red to publisher')
    await waitFor(() => reminders(shUser, 'notice.overdue').length === 1, 5000, 'red to reader')
    // Settled: the timer passes over it from now on.
    await waitFor(() => noticeItems(server.hub.getRoom(noticeRooms.oversight).doc).get('n1')?.alarm === 'overdue', 5000, 'oversight row settled')
    // The overseers' row counts the missing 回执 (32 township people, one confirmed) and a late one counts down.
    const ov = () => noticeItems(server.hub.getRoom(noticeRooms.oversight).doc).get('n1')
    expect(ov()?.missing).toBe(31)
    // (The clock moved days: a fresh login, as the desktop app would refresh its token.)
    const sh2 = await login(server.url, 'sanhua.clerk')
    const shMe = await conn(noticeRooms.reader('n1', sh.user.id), sh2.token)
    readerRequests(shMe.doc).push([{ id: 'c1', type: 'confirm', clientAt: 0 }])
    await waitFor(() => readOwnReceipt(shMe.doc)?.confirmedAt, 5000, 'late confirm')
    expect(readOwnReceipt(shMe.doc)).toMatchObject({ late: true, confirmedAt: Date.parse('2026-09-25T09:00:00+08:00') })
    await waitFor(() => ov()?.missing === 30, 5000, 'late 回执 counted down')
    expect(reminders(shUser, 'notice.due_soon')).toHaveLength(1)

    // Withdrawal: readers' boards show it, with the reason.
    const shBoard = await conn(noticeRooms.unitBoard(sh.user.unitId), sh2.token)
    const office2 = await login(server.url, 'zhengfuban.clerk')
    const p3 = await conn(noticeRooms.notice('n1'), office2.token)
    noticeEvents(p3.doc).push([ev('w1', 'withdraw', office.user.id, '会议延期')])
    await waitFor(() => noticeItems(shBoard.doc).get('n1')?.status === 'withdrawn', 5000, 'withdrawn on board')
    expect(noticeItems(shBoard.doc).get('n1')?.withdrawReason).toBe('会议延期')
    await waitFor(() => reminders(shUser, 'notice.withdrawn').length === 1, 5000, 'withdrawal reminder')
    // Only those who opened it are reminded; the rest see the row turn 撤回 on their board.
    const bhUser = await conn(`user:bahe_head`, (await login(server.url, 'bahe.head')).token)
    expect(reminders(bhUser, 'notice.withdrawn')).toHaveLength(0)
  })
})

describe('drafts, 更正 and malformed writes', () => {
  it('keeps the original on record when a correction is published, and refuses bad shapes and outsiders without harm', async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    const qqClerk = await login(server.url, 'qingquan.clerk')
    const base: NoticeMeta = {
      ...meta,
      id: 'c1',
      title: '关于开展安全检查的通知',
      deadline: undefined,
      receipt: { required: false, text: 'none', attachment: 'none' },
      pinned: false
    }
    const a = await conn(noticeRooms.notice('c1'), office.token)
    writeNoticeMeta(a.doc, base)
    noticeEvents(a.doc).push([ev('p', 'publish', office.user.id)])
    await waitFor(() => readNoticeState(a.doc).status === 'published', 5000, 'original published')

    // A malformed meta (unknown field, empty title) in a new notice: refused with a code, nothing stored.
    const bad = await conn(noticeRooms.notice('c9'), office.token)
    bad.doc.transact(() => {
      noticeMetaMap(bad.doc).set('id', 'c9')
      noticeMetaMap(bad.doc).set('title', '')
      noticeMetaMap(bad.doc).set('evil', { $where: 1 })
    })
    await waitFor(() => bad.denials.length > 0, 5000, 'bad shape refused')
    expect(bad.denials[0].code).toBe('NOTICE_BAD_SHAPE')
    expect(server.hub.getRoom(noticeRooms.notice('c9')).doc.getMap('meta').size).toBe(0)

    // A township clerk cannot publish a notice in the county office's name.
    const forged = await conn(noticeRooms.notice('c8'), qqClerk.token)
    writeNoticeMeta(forged.doc, { ...base, id: 'c8', authorId: qqClerk.user.id })
    await waitFor(() => forged.denials.length > 0, 5000, 'forged unit refused')
    expect(forged.denials[0].code).toBe('NOTICE_NOT_PUBLISHER')

    // Nobody writes the server's part of a notice.
    a.doc.getMap('server').set('state', { status: 'draft', reminds: [] })
    await waitFor(() => a.denials.length > 0, 5000, 'server part refused')
    expect(a.denials[0].code).toBe('NOTICE_SERVER_ONLY')

    // The 更正: a new notice linked to the original; publishing it marks the original, whose content stays.
    const c = await conn(noticeRooms.notice('c2'), office.token)
    writeNoticeMeta(c.doc, { ...base, id: 'c2', title: '关于开展安全检查的通知（更正）', correctsId: 'c1' })
    noticeEvents(c.doc).push([ev('p', 'publish', office.user.id)])
    await waitFor(() => readNoticeState(c.doc).status === 'published', 5000, 'correction published')
    const a2 = await conn(noticeRooms.notice('c1'), office.token)
    await waitFor(() => readNoticeState(a2.doc).correctedBy === 'c2', 5000, 'original marked')
    expect(a2.doc.getMap('meta').get('title')).toBe('关于开展安全检查的通知')
    const qqBoard = await conn(noticeRooms.unitBoard(qqClerk.user.unitId), qqClerk.token)
    await waitFor(
      () => noticeItems(qqBoard.doc).get('c1')?.correctedBy === 'c2' && noticeItems(qqBoard.doc).get('c2')?.correctsId === 'c1',
      5000,
      'both on the board'
    )

    // A second correction of the same original is refused.
    const c3 = await conn(noticeRooms.notice('c3'), office.token)
    writeNoticeMeta(c3.doc, { ...base, id: 'c3', correctsId: 'c1' })
    noticeEvents(c3.doc).push([ev('p', 'publish', office.user.id)])
    await waitFor(() => c3.denials.length > 0, 5000, 'second correction refused')
    expect(c3.denials[0].code).toBe('NOTICE_BAD_CORRECTION')
    for (const x of [a, a2, bad, forged, c, c3, qqBoard]) x.destroy()
  })
})

describe('a notice to a role in each unit and to chosen people', () => {
  it("goes on those people's own boards, not their units' boards, and their colleagues cannot open it", async () => {
    const office = await login(server.url, 'zhengfuban.clerk')
    const qqClerk = await login(server.url, 'qingquan.clerk')
    const qqHead = await login(server.url, 'qingquan.head')
    const deptHead = await login(server.url, 'jiaoyuju.head')
    const clerkOwn = await conn(noticeRooms.board(qqClerk.user.id), qqClerk.token)
    const deptOwn = await conn(noticeRooms.board(deptHead.user.id), deptHead.token)
    const qqUnit = await conn(noticeRooms.unitBoard('qingquan'), qqHead.token)
    const p = await conn(noticeRooms.notice('r1'), office.token)
    writeNoticeMeta(p.doc, {
      ...meta,
      id: 'r1',
      title: '关于报送收发员名单的通知',
      audience: [
        { type: 'role', role: 'clerk', scope: 'townships' },
        { type: 'people', userIds: [deptHead.user.id] }
      ],
      deadline: undefined,
      pinned: false
    })
    noticeEvents(p.doc).push([ev('p', 'publish', office.user.id)])
    await waitFor(() => noticeItems(clerkOwn.doc).get('r1') && noticeItems(deptOwn.doc).get('r1'), 5000, 'rows on own boards')
    expect(noticeItems(qqUnit.doc).has('r1')).toBe(false)
    // The township head is not a clerk: outside the audience, refused by the server.
    expect(await closedWith(noticeRooms.notice('r1'), qqHead.token)).toBe(4403)
    const headMe = await conn(noticeRooms.reader('r1', qqHead.user.id), qqHead.token)
    readerRequests(headMe.doc).push([{ id: 'r', type: 'read', clientAt: 0 }])
    await waitFor(() => headMe.denials.length > 0, 5000, 'read refused')
    expect(headMe.denials[0].code).toBe('NOTICE_NOT_IN_AUDIENCE')
    for (const x of [clerkOwn, deptOwn, qqUnit, p, headMe]) x.destroy()
  })
})

describe('approval before publishing (a unit whose directory entry asks for it)', () => {
  let s2: Awaited<ReturnType<typeof startServer>>
  beforeAll(async () => {
    const seed = JSON.parse(readFileSync(new URL('../../collab-server/seed/demo-county.json', import.meta.url), 'utf8'))
    for (const u of seed.units) if (u.id === 'qingquan') u.noticeApproval = true
    const file = join(mkdtempSync(join(tmpdir(), 'qf-seed-')), 'county.json')
    writeFileSync(file, JSON.stringify(seed))
    s2 = await startServer({ clock: () => MON, seedFile: file })
  })
  const pool2 = clientPool(() => s2)
  afterAll(async () => {
    pool2.destroyAll()
    await s2.cleanup()
  })

  it("a clerk's publish is refused until the head approves; the head is asked and approving publishes", async () => {
    const clerk = await login(s2.url, 'qingquan.clerk')
    const head = await login(s2.url, 'qingquan.head')
    const reader = await login(s2.url, 'sanhua.clerk')
    const { conn: c } = pool2
    const headUser = await c(`user:${head.user.id}`, head.token)
    const board = await c(noticeRooms.unitBoard(reader.user.unitId), reader.token)
    const d = await c(noticeRooms.notice('a1'), clerk.token)
    writeNoticeMeta(d.doc, { ...meta, id: 'a1', publisherUnitId: 'qingquan', authorId: clerk.user.id, audience: [{ type: 'units', unitIds: ['sanhua'] }] })
    noticeEvents(d.doc).push([ev('p', 'publish', clerk.user.id)])
    await waitFor(() => d.denials.length > 0, 5000, 'publish refused')
    expect(d.denials[0].code).toBe('NOTICE_APPROVAL_REQUIRED')

    const d2 = await c(noticeRooms.notice('a1'), clerk.token)
    noticeEvents(d2.doc).push([ev('s', 'submit', clerk.user.id)])
    await waitFor(() => readNoticeState(d2.doc).status === 'pending', 5000, 'pending')
    await waitFor(() => reminders(headUser, 'notice.approval_requested').length === 1, 5000, 'head asked')
    // Pending: the content is frozen for review.
    noticeMetaMap(d2.doc).set('title', '改过的标题')
    await waitFor(() => d2.denials.length > 0, 5000, 'edit while pending refused')
    expect(d2.denials[0].code).toBe('NOTICE_PUBLISHED_IMMUTABLE')

    const h = await c(noticeRooms.notice('a1'), head.token)
    noticeEvents(h.doc).push([ev('ok', 'approve', head.user.id)])
    await waitFor(() => readNoticeState(h.doc).status === 'published', 5000, 'approved')
    expect(readNoticeState(h.doc)).toMatchObject({ approvedBy: head.user.id, submittedBy: clerk.user.id, publishedAt: MON })
    await waitFor(() => noticeItems(board.doc).get('a1'), 5000, 'on the reader board')
    expect(noticeItems(board.doc).get('a1')?.title).toBe(meta.title)
  })
})
