/** One task flowing end to end between two stock y-websocket clients. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendEvent, readServerState, writeNewTask, type TaskEvent, type TaskMeta } from '@domain/task'
import { itemsMap } from '@domain/index-rooms'
import { connect, connectSynced, login, startServer, waitFor, type TestServer } from './harness'

let server: TestServer
beforeAll(async () => {
  // 2026-09-21 10:00 Asia/Shanghai: the worked example of domain.md.
  server = await startServer({ clock: () => Date.parse('2026-09-21T10:00:00+08:00') })
})
afterAll(() => server.cleanup())

describe('first flow: leader assigns, township clerk signs', () => {
  it('stamps server time and deadline, shows in the inbox, and records every step', async () => {
    const leader = await login(server.url, 'xianzhang')
    const clerk = await login(server.url, 'qingquan.clerk')

    const inbox = await connectSynced(server.url, 'inbox:qingquan', clerk.token)

    const id = 't' + Date.now().toString(36)
    const l = await connectSynced(server.url, `task:${id}`, leader.token)
    const meta: TaskMeta = {
      id,
      title: '防汛物资清点',
      requirement: '清点并上报',
      taskClass: 'standard',
      leadUnitId: 'qingquan',
      assistUnitIds: [],
      assignedBy: leader.user.id,
      assignedByUnitId: leader.user.unitId
    }
    // The leader's own clock is 30 days off: it must not matter.
    const assign: TaskEvent = {
      id: 'e1',
      type: 'assign',
      actorId: leader.user.id,
      unitId: leader.user.unitId,
      clientAt: Date.parse('2026-08-22T10:00:00+08:00')
    }
    writeNewTask(l.doc, meta, assign)

    const state = await waitFor(() => readServerState(l.doc), 5000, 'server state')
    expect(state.createdAt).toBe(Date.parse('2026-09-21T10:00:00+08:00'))
    expect(state.deadline.dueDate).toBe('2026-10-19')
    expect(state.status).toBe('assigned')

    const summary = await waitFor(() => itemsMap(inbox.doc).get(id), 5000, 'inbox entry')
    expect(summary.dueDate).toBe('2026-10-19')

    const c = await connectSynced(server.url, `task:${id}`, clerk.token)
    appendEvent(c.doc, { id: 'e2', type: 'sign', actorId: clerk.user.id, unitId: clerk.user.unitId, clientAt: Date.now() })
    await waitFor(() => readServerState(l.doc)?.status === 'in_progress', 5000, 'leader sees signed')

    const trail = server.audit
      .trail(`task:${id}`)
      .filter((r) => r.kind === 'client')
      .map((r) => r.summary)
    expect(trail).toEqual([expect.stringContaining('交办'), expect.stringContaining('清泉镇')])
    expect(trail[1]).toMatch(/清泉镇 .+ 签收《防汛物资清点》/)
    for (const x of [inbox, l, c]) x.destroy()
  })

  it('a second client of the same room sees changes; a clerk of another unit cannot open it', async () => {
    const leader = await login(server.url, 'xianzhang')
    const other = await login(server.url, 'sanhua.clerk')
    const id = 'tsecond'
    const l = await connectSynced(server.url, `task:${id}`, leader.token)
    writeNewTask(
      l.doc,
      {
        id,
        title: '测试',
        requirement: '',
        taskClass: 'urgent',
        leadUnitId: 'qingquan',
        assistUnitIds: [],
        assignedBy: 'xianzhang',
        assignedByUnitId: 'xianlingdao'
      },
      { id: 'a1', type: 'assign', actorId: 'xianzhang', unitId: 'xianlingdao', clientAt: 0 }
    )
    await waitFor(() => readServerState(l.doc))
    const o = connect(server.url, `task:${id}`, other.token)
    await waitFor(() => o.closes.length > 0, 5000, 'close')
    expect(o.closes[0].code).toBe(4403)
    expect(o.doc.getMap('meta').size).toBe(0)
    o.destroy()
    l.destroy()
  })
})
