/**
 * 交办件, second pass (docs/decisions.md), against a real server, real SQLite and stock
 * y-websocket clients: server-assigned numbers, the leader's earlier date, 代录, the county-wide
 * read of top leaders, bidi controls, reminders that say what happened, and calendar changes
 * that move running deadlines (an official and a local entry per date; impossible dates refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemsMap, remindersArray } from '@domain/index-rooms'
import { appendEvent, readServerState, writeNewTask, type TaskMeta } from '@domain/task'
import { overrideKey, readCalendarRoom as readCal } from '@domain/calendar'
import { connect, createTask, login, startServer, synced, waitFor, type Client } from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00') // Monday; the rule gives 2026-10-19
let now = T0
let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer({ clock: () => now })
})
afterAll(() => server?.cleanup())

// The server sends reminders as codes with parameters; each client words them in its language.
const reminders = (userId: string, recordId: string) =>
  remindersArray(server.hub.getRoom(`user:${userId}`).doc)
    .toArray()
    .filter((r) => r.recordId === recordId)
const param = (r: { params?: Record<string, unknown> } | undefined, k: string) => String(r?.params?.[k] ?? '')
const trail = (room: string) => server.audit.trail(room)

/** Writes a new task as `as`, waiting for the server's receipt or a refusal. */
async function tryCreate(username: string, over: Partial<TaskMeta>): Promise<{ id: string; c: Client; refused?: string }> {
  const s = await login(server.url, username)
  const id = `t${Math.random().toString(36).slice(2, 10)}`
  const c = connect(server.url, `task:${id}`, s.token)
  await synced(c)
  const meta: TaskMeta = {
    id,
    title: '测试任务',
    requirement: '按要求办理',
    taskClass: 'standard',
    leadUnitId: 'qingquan',
    assistUnitIds: [],
    assignedBy: s.user.id,
    assignedByUnitId: s.user.unitId,
    ...over
  }
  writeNewTask(c.doc, meta, { id: `${id}-assign`, type: 'assign', actorId: s.user.id, unitId: s.user.unitId, clientAt: Date.now() })
  await waitFor(() => readServerState(c.doc) || c.denials.length > 0, 5000, 'receipt or refusal')
  return { id, c, refused: c.denials[0]?.code }
}

describe('numbers: 交办〔year〕n号, gapless and never reused', () => {
  it('numbers in order of creation; a refused creation takes no number', async () => {
    const leader = await login(server.url, 'xianzhang')
    const a = await createTask(server.url, leader, { title: '第一件' })
    const bad = await tryCreate('xianzhang', { title: '期限过晚', dueBy: '2026-10-20' })
    expect(bad.refused).toBe('DEADLINE_TOO_LATE')
    const b = await createTask(server.url, leader, { title: '第二件' })
    expect(readServerState(a.client.doc)!.number).toBe('交办〔2026〕1号')
    expect(readServerState(b.client.doc)!.number).toBe('交办〔2026〕2号')
    // Shown everywhere: the summaries in the index rooms carry it.
    expect(itemsMap(server.hub.getRoom('oversight:2026').doc).get(b.id)?.number).toBe('交办〔2026〕2号')
    expect(itemsMap(server.hub.getRoom('inbox:qingquan').doc).get(b.id)?.number).toBe('交办〔2026〕2号')
    // The trail of the record says which number it got.
    expect(trail(`task:${b.id}`).some((r) => r.summary.includes('编号交办〔2026〕2号'))).toBe(true)
    for (const x of [a.client, b.client, bad.c]) x.destroy()
  })

  it('a new year starts at 1', async () => {
    // Its own server: server time never goes backwards, so the year is crossed on a server of its own.
    let t = T0
    const own = await startServer({ clock: () => t })
    try {
      const before = await createTask(own.url, await login(own.url, 'xianzhang'), { title: '年末一件' })
      expect(readServerState(before.client.doc)!.number).toBe('交办〔2026〕1号')
      t = Date.parse('2027-01-04T09:00:00+08:00')
      const leader = await login(own.url, 'xianzhang') // a token issued at the new server time
      const c = await createTask(own.url, leader, { title: '新年第一件' })
      expect(readServerState(c.client.doc)!.number).toBe('交办〔2027〕1号')
      for (const x of [before.client, c.client]) x.destroy()
    } finally {
      await own.cleanup()
    }
  })

  it('after a restart on the same SQLite file the count goes on', async () => {
    const dataDir = server.dataDir
    const prev = server
    await prev.close()
    server = await startServer({ clock: () => now, dataDir })
    Object.assign(server, { cleanup: prev.cleanup }) // the first server's cleanup removes the folder
    const leader = await login(server.url, 'xianzhang')
    const d = await createTask(server.url, leader, { title: '重启后一件' })
    expect(readServerState(d.client.doc)!.number).toBe('交办〔2026〕3号')
    d.client.destroy()
  })
})

describe('the leader sets an earlier date; the server checks it', () => {
  it('earlier is kept as the deadline; later and past dates are refused and leave nothing', async () => {
    const ok = await tryCreate('xianzhang', { title: '12月10日前报县政府', dueBy: '2026-09-30' })
    expect(ok.refused).toBeUndefined()
    expect(readServerState(ok.c.doc)!.deadline.dueDate).toBe('2026-09-30')
    const past = await tryCreate('xianzhang', { title: '过去的日期', dueBy: '2026-09-18' })
    expect(past.refused).toBe('BAD_DATE')
    expect(itemsMap(server.hub.getRoom('oversight:2026').doc).has(past.id)).toBe(false)
    for (const x of [ok.c, past.c]) x.destroy()
  })
})

describe('top leaders: county-wide, read-only', () => {
  it('县委书记 reads a task the 县长 assigned, with its warning, and cannot write it; a 副县长 gets no access', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '县长交办的事项' })
    const shuji = await login(server.url, 'shuji')
    const r = connect(server.url, `task:${id}`, shuji.token)
    await synced(r)
    const st = await waitFor(() => readServerState(r.doc))
    expect(st.warning.level).toBe('normal')
    appendEvent(r.doc, { id: `${id}-x`, type: 'chase', actorId: 'shuji', unitId: 'xianlingdao', clientAt: 0 })
    await waitFor(() => r.denials.length > 0)
    expect(r.denials[0].code).toBe('READ_ONLY')
    const ov = connect(server.url, 'oversight:2026', shuji.token)
    await synced(ov)
    await waitFor(() => itemsMap(ov.doc).get(id))
    const fu = await login(server.url, 'fuxianzhang1')
    const f = connect(server.url, `task:${id}`, fu.token)
    await waitFor(() => f.closes.length > 0)
    expect(f.closes[0].code).toBe(4403)
    for (const x of [client, r, ov, f]) x.destroy()
  })
})

describe('代录: 督查室 records a leader’s instruction', () => {
  it('the trail says who recorded it for whom; the leader is reminded and can cancel it', async () => {
    const rec = await tryCreate('duchashi', {
      title: '县长口头交办：整治校园周边',
      assignedBy: 'xianzhang',
      assignedByUnitId: 'xianlingdao',
      recordedBy: 'duchashi1',
      recordedByUnitId: 'xianweiban'
    })
    expect(rec.refused).toBeUndefined()
    expect(trail(`task:${rec.id}`).find((r) => r.kind === 'client')?.summary).toMatch(/邓晓燕.*代.*曾新民.*录入交办/)
    expect(reminders('xianzhang', rec.id).map((r) => r.kind)).toEqual(['recorded'])
    expect(itemsMap(server.hub.getRoom('mine:xianzhang').doc).get(rec.id)?.recordedBy).toBe('duchashi1')
    const leader = await login(server.url, 'xianzhang')
    const l = connect(server.url, `task:${rec.id}`, leader.token)
    await synced(l)
    await waitFor(() => readServerState(l.doc))
    // The leader corrects the recorded title: the lists show the corrected one, the units are told.
    appendEvent(l.doc, {
      id: `${rec.id}-k`,
      type: 'correct',
      actorId: 'xianzhang',
      unitId: 'xianlingdao',
      clientAt: 0,
      payload: { title: '县长交办：整治校园周边交通秩序', reason: '口头交办记录有误' }
    })
    await waitFor(() => itemsMap(server.hub.getRoom('inbox:qingquan').doc).get(rec.id)?.title === '县长交办：整治校园周边交通秩序', 5000, 'corrected title')
    expect(reminders('qingquan_clerk', rec.id).some((r) => r.code === 'task.corrected')).toBe(true)
    appendEvent(l.doc, {
      id: `${rec.id}-c`,
      type: 'cancel',
      actorId: 'xianzhang',
      unitId: 'xianlingdao',
      clientAt: 0,
      payload: { reason: '录入有误，重新交办' }
    })
    await waitFor(() => readServerState(l.doc)?.status === 'cancelled')
    // A supervisor cannot 代录 for a non-leader.
    const bad = await tryCreate('duchashi', {
      assignedBy: 'qingquan_head',
      assignedByUnitId: 'qingquan',
      recordedBy: 'duchashi1',
      recordedByUnitId: 'xianweiban'
    })
    expect(bad.refused).toBe('BAD_LEADER')
    for (const x of [rec.c, l, bad.c]) x.destroy()
  })
})

describe('bidi control characters', () => {
  it('a title that would read backwards is refused', async () => {
    const r = await tryCreate('xianzhang', { title: '关于\u202E款拨急应\u202C的请示' })
    expect(r.refused).toBe('BIDI_CONTROL')
    r.c.destroy()
  })
})

describe('reminders say what happened', () => {
  it('new assignment in the bell; the extension decision states the new date; 审核办结 with 意见', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '提醒测试', assistUnitIds: ['jiaoyuju'] })
    expect(reminders('qingquan_clerk', id).map((r) => [r.kind, r.code, param(r, 'title')])).toEqual([
      ['assigned', 'task.assigned_lead', expect.stringContaining('交办〔2026〕')]
    ])
    expect(reminders('jiaoyuju_clerk', id)[0].code).toBe('task.assigned_assist')
    const clerk = await login(server.url, 'qingquan.clerk')
    const c = connect(server.url, `task:${id}`, clerk.token)
    await synced(c)
    await waitFor(() => readServerState(c.doc))
    const me = { actorId: clerk.user.id, unitId: clerk.user.unitId, clientAt: 0 }
    appendEvent(c.doc, { id: `${id}-s`, type: 'sign', ...me })
    await waitFor(() => readServerState(c.doc)?.status === 'in_progress')
    appendEvent(c.doc, { id: `${id}-x`, type: 'extension_request', ...me, payload: { reason: '需要更多时间', proposedDate: '2026-10-30' } })
    await waitFor(() => readServerState(c.doc)?.extensions.length === 1)
    await waitFor(() => readServerState(client.doc)?.extensions.length === 1)
    const lm = { actorId: 'xianzhang', unitId: 'xianlingdao', clientAt: 0 }
    appendEvent(client.doc, { id: `${id}-d`, type: 'extension_decision', ...lm, payload: { requestId: `${id}-x`, granted: true } })
    await waitFor(() => reminders('qingquan_clerk', id).some((r) => r.kind === 'extension_decision'))
    expect(
      param(
        reminders('qingquan_clerk', id).find((r) => r.kind === 'extension_decision'),
        'dueDate'
      )
    ).toBe('2026-10-30')
    appendEvent(c.doc, { id: `${id}-r`, type: 'completion_report', ...me, payload: { text: '已办结' } })
    await waitFor(() => readServerState(client.doc)?.status === 'reported')
    appendEvent(client.doc, { id: `${id}-a`, type: 'accept', ...lm, payload: { text: '办理扎实，同意办结' } })
    await waitFor(() => readServerState(client.doc)?.status === 'closed')
    expect(
      param(
        reminders('qingquan_clerk', id).find((r) => r.kind === 'accepted'),
        'text'
      )
    ).toContain('办理扎实')
    for (const x of [client, c]) x.destroy()
  })
})

describe('calendar changes', () => {
  let admin: Client
  beforeAll(async () => {
    const s = await login(server.url, 'admin')
    admin = connect(server.url, 'calendar', s.token)
    await synced(admin)
  })
  afterAll(() => admin.destroy())

  it('an impossible date is refused and never accepted into the calendar', async () => {
    // Its own client: a doc holding a refused change is out of step with the server afterwards.
    const s = await login(server.url, 'admin')
    const c = connect(server.url, 'calendar', s.token)
    await synced(c)
    c.doc.getMap('overrides').set('2026-02-30#local', { date: '2026-02-30', work: false, reason: '停工', kind: 'local' })
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('BAD_DATE')
    const accepted = trail('calendar')
      .filter((r) => r.kind === 'client')
      .map((r) => r.summary)
    expect(accepted.some((x) => x.includes('2026-02-30'))).toBe(false)
    expect(server.hub.getRoom('calendar').doc.getMap('overrides').has('2026-02-30#local')).toBe(false)
    c.destroy()
  })

  it('an official holiday and a local exception on one date are both kept; deleting the exception restores the holiday', async () => {
    const official = { date: '2027-10-04', work: false, reason: '国庆节', kind: 'official' as const }
    const local = { date: '2027-10-04', work: true, reason: '防汛值守', kind: 'local' as const }
    admin.doc.getMap('overrides').set(overrideKey(official), official)
    admin.doc.getMap('overrides').set(overrideKey(local), local)
    const cal = () => readCal(server.hub.getRoom('calendar').doc).overrides.filter((o) => o.date === '2027-10-04')
    await waitFor(() => cal().length === 2)
    admin.doc.getMap('overrides').delete(overrideKey(local))
    await waitFor(() => cal().length === 1)
    expect(cal()).toEqual([official])
    expect(trail('calendar').at(-1)!.summary).toContain('删除 2027-10-04（本县调整）')
  })

  it('a typhoon closure moves running confirmed deadlines, on the trail and in reminders; finished records stay', async () => {
    const leader = await login(server.url, 'xianzhang')
    const open = await createTask(server.url, leader, { title: '台风前的任务' })
    const done = await createTask(server.url, leader, { title: '已撤销的任务' })
    appendEvent(done.client.doc, {
      id: `${done.id}-c`,
      type: 'cancel',
      actorId: 'xianzhang',
      unitId: 'xianlingdao',
      clientAt: 0,
      payload: { reason: '不再需要' }
    })
    await waitFor(() => readServerState(done.client.doc)?.status === 'cancelled')
    expect(readServerState(open.client.doc)!.deadline).toMatchObject({ dueDate: '2026-10-19', provisional: false })
    now = Date.parse('2026-10-12T08:00:00+08:00')
    admin.doc.getMap('overrides').set('2026-10-14#local', { date: '2026-10-14', work: false, reason: '台风“海葵”停工', kind: 'local' })
    await waitFor(() => readServerState(open.client.doc)?.deadline.dueDate === '2026-10-20', 5000, 'moved deadline')
    const line = trail(`task:${open.id}`)
      .map((r) => r.summary)
      .find((s) => s.startsWith('日历调整'))
    expect(line).toContain('2026-10-19')
    expect(line).toContain('2026-10-20')
    expect(line).toContain('台风')
    expect(reminders('qingquan_clerk', open.id).some((r) => r.kind === 'deadline_moved' && param(r, 'to').includes('2026-10-20'))).toBe(true)
    expect(readServerState(done.client.doc)!.deadline.dueDate).toBe('2026-10-19')
    // A change after the due day moves nothing.
    admin.doc.getMap('overrides').set('2026-10-27#local', { date: '2026-10-27', work: false, reason: '停电', kind: 'local' })
    await waitFor(() => trail('calendar').some((r) => r.summary.includes('停电')))
    expect(readServerState(open.client.doc)!.deadline.dueDate).toBe('2026-10-20')
    for (const x of [open.client, done.client]) x.destroy()
    now = T0
  })
})

describe('a record speaks only for its own room', () => {
  it("a leader cannot create a room whose record id is another leader's task, so the lists of the real task stay true", async () => {
    const leader = await login(server.url, 'xianzhang')
    const real = await createTask(server.url, leader, { title: '县长的真实任务' })
    const before = itemsMap(server.hub.getRoom('inbox:qingquan').doc).get(real.id)
    const forged = await tryCreate('fuxianzhang1', { id: real.id, title: '冒名任务' })
    expect(forged.refused).toBe('WRONG_ROOM')
    expect(trail(`task:${forged.id}`).some((r) => r.kind === 'refused' && r.summary.includes('WRONG_ROOM'))).toBe(true)
    // The real task's rows in the lists are untouched: same title, same assigner, same status.
    expect(itemsMap(server.hub.getRoom('inbox:qingquan').doc).get(real.id)).toEqual(before)
    expect(itemsMap(server.hub.getRoom('oversight:2026').doc).get(real.id)?.assignedBy).toBe('xianzhang')
    for (const x of [real.client, forged.c]) x.destroy()
  })
})
