/**
 * A unit's lists of closed 公文 (docarchive:<unit>--<year>) and the archive (docs/decisions.md,
 * "A unit's 公文箱 holds what is open", "Archive"), with a real server, real SQLite and stock
 * y-websocket clients over years of server time:
 *   - a closed row is listed under the year it closed, not the year it began, and stays in that list
 *     when it is written again later (a withdrawal after 办结); a row that opens again (重新分发) leaves it;
 *   - archiving a 公文 takes its row out of that one list in the archive's step (no other year is touched);
 *   - a folder from before, whose archived 公文 are still listed, is cleaned once at start-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOC_LIST_YEAR, readIncomingState, readOutgoingState, type DocSummary } from '@domain/document'
import { verifyAudit } from '../../collab-server/audit/verify'
import { getSetting, setSetting } from '../../collab-server/store/db'
import { clientPool, login, outgoingFields, pushEvent, restartOn, startServer, waitFor, writeFields, type TestServer } from './harness'

const DAY = 86_400_000
let now = Date.parse('2024-11-04T09:00:00+08:00')
let server: TestServer
const pool = clientPool(() => server)
beforeAll(async () => {
  server = await startServer({ clock: () => now, archiveAfterMs: 30 * DAY })
})
afterAll(async () => {
  pool.destroyAll()
  await server.cleanup()
})

let n = 0
/** Signs in afresh (the clock jumps years, so earlier tokens are long expired) and opens the room. */
async function as(username: string, room: string) {
  const s = await login(server.url, username)
  const c = await pool.conn(room, s.token)
  const push = async (type: string, payload?: unknown) => {
    const e = { id: `y${++n}`, type, actorId: s.user.id, unitId: s.user.unitId, clientAt: 0, ...(payload ? { payload } : {}) }
    await pushEvent(c, e)
    expect(c.denials).toEqual([])
  }
  return { s, c, push }
}

/** A 发文 of 县政府办公室 drafted, signed and issued to 清泉镇, 三化乡 and 教育局 at the current server time. */
async function issued(id: string, title: string) {
  const { s, c, push } = await as('zhengfuban.clerk', `docout:${id}`)
  c.doc.transact(() => {
    writeFields(c.doc, outgoingFields({ title, replyRequested: false }))
    c.doc.getArray('events').push([
      {
        id: `y${++n}`,
        type: 'create',
        actorId: s.user.id,
        unitId: s.user.unitId,
        clientAt: 0,
        payload: { header: { id, draftingUnitId: 'zhengfuban', createdBy: s.user.id } }
      }
    ])
  })
  await waitFor(() => readOutgoingState(c.doc) || c.denials.length > 0, 5000, 'created')
  expect(c.denials).toEqual([])
  await push('submit')
  const head = await as('zhengfuban.head', `docout:${id}`)
  await head.push('review_approve', { signerId: head.s.user.id })
  await head.push('sign')
  await push('issue')
}

const items = (srv: TestServer, room: string) => srv.hub.doc(room).getMap<DocSummary>('items')
/** The years whose list of `unit` holds `room`, of those the test may have touched. */
const listedIn = (srv: TestServer, unit: string, room: string) =>
  ['2024', '2025', '2026', '2027'].filter((y) => items(srv, `docarchive:${unit}--${y}`).has(room))

describe('lists of closed 公文 by year, and the archive', () => {
  it('lists a row under the year it closed, keeps it there, and the archive takes it out of that one list', async () => {
    await issued('Dyr1', '关于跨年办理的通知')
    const out = 'docout:Dyr1'
    const [qin, shin, jyin] = ['docin:qingquan--Dyr1', 'docin:sanhua--Dyr1', 'docin:jiaoyuju--Dyr1']
    // 2024: every unit signs; 教育局 then returns it at 初审. The 发文 no longer waits on anyone: it leaves the box for 2024's list.
    const q = await as('qingquan.clerk', qin)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const) await q.push(type, payload)
    await (await as('qingquan.head', qin)).push('instruct', { text: '请办理', leadUserId: q.s.user.id })
    await (await as('sanhua.clerk', shin)).push('sign')
    const jy = await as('jiaoyuju.clerk', jyin)
    await jy.push('sign')
    await jy.push('register')
    await jy.push('return', { reason: '非本单位职责' })
    expect(listedIn(server, 'zhengfuban', out)).toEqual(['2024'])
    expect(items(server, 'docbox:zhengfuban').has(out)).toBe(false)
    expect(server.hub.doc(out).getMap('server').get(DOC_LIST_YEAR)).toBe('2024')

    // 2025: sent again to 教育局, the 发文 waits on it again: back in the box, out of 2024's list.
    now = Date.parse('2025-02-10T09:00:00+08:00')
    await (await as('zhengfuban.clerk', out)).push('reissue', { targetUnitId: 'jiaoyuju' })
    expect(server.hub.doc(out).getMap<{ stage: string }>('progress').get('jiaoyuju')!.stage).toBe('delivered')
    expect(items(server, 'docbox:zhengfuban').get(out)).toMatchObject({ open: true, step: '待签收' })
    expect(listedIn(server, 'zhengfuban', out)).toEqual([])
    expect(server.hub.doc(out).getMap('server').has(DOC_LIST_YEAR)).toBe(false)
    // 教育局 signs the new copy: closed again, listed under 2025 now.
    await (await as('jiaoyuju.clerk', jyin)).push('sign')
    await waitFor(() => items(server, 'docarchive:zhengfuban--2025').has(out), 5000, '发文 listed again')
    expect(listedIn(server, 'zhengfuban', out)).toEqual(['2025'])
    expect(items(server, 'docbox:zhengfuban').has(out)).toBe(false)

    // 2026: 清泉镇 finishes the 收文 it received in 2024: it is listed under 2026, the year it closed,
    // so the 公文 list (this year's and last year's) shows it all through the next year.
    now = Date.parse('2026-03-02T09:00:00+08:00')
    await (await as('qingquan.clerk', qin)).push('complete', { text: '已办理' })
    expect(readIncomingState(server.hub.doc(qin))!.status).toBe('done')
    expect(listedIn(server, 'qingquan', qin)).toEqual(['2026'])
    const row = items(server, 'docarchive:qingquan--2026').get(qin)!
    expect(row).toMatchObject({ status: 'done', open: false, closedAt: now })
    expect(row.startedAt).toBeLessThan(Date.parse('2025-01-01T00:00:00+08:00'))
    expect(items(server, 'docbox:qingquan').has(qin)).toBe(false)

    // 2027: the sender withdraws the 发文. The rows written again stay in the lists they were in
    // (the 发文 in 2025's, 清泉镇's 收文 in 2026's); those closing now go to 2027's.
    now = Date.parse('2027-01-05T09:00:00+08:00')
    await (await as('zhengfuban.head', out)).push('withdraw', { reason: '内容调整', text: '原文撤回，另行发文' })
    await waitFor(() => items(server, 'docarchive:qingquan--2026').get(qin)?.status === 'withdrawn', 5000, 'withdrawn in 2026 list')
    expect(listedIn(server, 'qingquan', qin)).toEqual(['2026'])
    expect(items(server, 'docarchive:qingquan--2026').get(qin)!.closedAt).toBe(Date.parse('2026-03-02T09:00:00+08:00'))
    await waitFor(() => items(server, 'docarchive:zhengfuban--2025').get(out)?.status === 'withdrawn', 5000, 'withdrawn 发文 in its list')
    expect(listedIn(server, 'zhengfuban', out)).toEqual(['2025'])
    expect(listedIn(server, 'sanhua', shin)).toEqual(['2027'])
    expect(listedIn(server, 'jiaoyuju', jyin)).toEqual(['2027'])

    // The archive: each record leaves the one list it is in, in the archive's step; no other year's list is written.
    const untouched = ['docarchive:qingquan--2024', 'docarchive:qingquan--2025', 'docarchive:qingquan--2027', 'docarchive:zhengfuban--2024']
    const before = untouched.map((r) => server.audit.trail(r).length)
    now += 31 * DAY
    expect(server.archive.run(server.hub).sort()).toEqual([jyin, qin, shin, out])
    expect(listedIn(server, 'qingquan', qin)).toEqual([])
    expect(listedIn(server, 'sanhua', shin)).toEqual([])
    expect(listedIn(server, 'jiaoyuju', jyin)).toEqual([])
    expect(listedIn(server, 'zhengfuban', out)).toEqual([])
    expect(untouched.map((r) => server.audit.trail(r).length)).toEqual(before)
    const last = server.audit.trail('docarchive:qingquan--2026').at(-1)!
    expect(last.summary).toContain('归档')
    const archivedRow = server.audit.trail(qin).at(-1)!
    expect(archivedRow.summary).toContain('转入归档')
    expect(last.at).toBe(archivedRow.at)
    expect(verifyAudit(server.db).ok).toBe(true)
    // Found through 归档查询 instead.
    const qNow = await login(server.url, 'qingquan.clerk')
    const res = await fetch(`${server.url}/api/archive/search?q=${encodeURIComponent('跨年办理')}`, { headers: { authorization: `Bearer ${qNow.token}` } })
    expect(((await res.json()) as { items: { room: string }[] }).items.map((i) => i.room)).toEqual([qin])
  }, 60_000)

  it('an older folder whose archived 公文 are still listed is cleaned once at start-up; closed ones not archived stay', async () => {
    now = Date.parse('2027-06-01T09:00:00+08:00')
    await issued('Dyr2', '关于旧数据整理的通知')
    const [qin, shin] = ['docin:qingquan--Dyr2', 'docin:sanhua--Dyr2']
    const q = await as('qingquan.clerk', qin)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const) await q.push(type, payload)
    await (await as('qingquan.head', qin)).push('instruct', { text: '请办理', leadUserId: q.s.user.id })
    await q.push('complete', { text: '已办理' })
    now += 40 * DAY
    // 三化乡 finishes later: closed, not yet archived.
    const sh = await as('sanhua.clerk', shin)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const) await sh.push(type, payload)
    await (await as('sanhua.head', shin)).push('instruct', { text: '请办理', leadUserId: sh.s.user.id })
    await sh.push('complete', { text: '已办理' })
    expect(server.archive.run(server.hub)).toEqual([qin])
    expect(listedIn(server, 'qingquan', qin)).toEqual([])

    // As a folder written before: the archived 收文 still in its list, listed by the old rule (the year
    // it began) and with no note of it in the record; the clean-up not done yet.
    const legacyRow = { ...items(server, 'docarchive:sanhua--2027').get(shin)!, id: 'qingquan--Dyr2', room: qin, unitId: 'qingquan', closedAt: undefined }
    server.hub.step((w) => {
      w.write('docarchive:qingquan--2027', '旧版本：办毕公文列入其开始年份', (d) => d.getMap('items').set(qin, legacyRow))
      w.write(qin, '旧版本：无列表年份', (d) => d.getMap('server').delete(DOC_LIST_YEAR))
    })
    setSetting(server.db, 'archive.document_lists.cleaned', '0')
    await server.close()
    server = await restartOn(server, { clock: () => now, archiveAfterMs: 30 * DAY })
    expect(items(server, 'docarchive:qingquan--2027').has(qin)).toBe(false)
    expect(server.audit.trail('docarchive:qingquan--2027').at(-1)!.summary).toContain('归档整理')
    expect(items(server, 'docarchive:sanhua--2027').get(shin)).toMatchObject({ status: 'done' })
    expect(getSetting(server.db, 'archive.document_lists.cleaned')).toBe('1')
    expect(verifyAudit(server.db).ok).toBe(true)

    // Starting again does nothing twice.
    const rows = server.audit.trail('docarchive:qingquan--2027').length
    await server.close()
    server = await restartOn(server, { clock: () => now, archiveAfterMs: 30 * DAY })
    expect(server.audit.trail('docarchive:qingquan--2027')).toHaveLength(rows)
  }, 60_000)
})
