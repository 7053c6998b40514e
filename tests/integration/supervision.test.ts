/**
 * Supervision on the server. The server's injected clock is moved
 * through yellow and red; warning levels land in the record and the index
 * rooms with nobody connected, and each responsible person is reminded once
 * per level — never a flood.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemsMap, remindersArray } from '@domain/index-rooms'
import { readServerState } from '@domain/task'
import { connectSynced, createTask, login, startServer, waitFor, type TestServer } from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00') // due 2026-10-19
let now = T0
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => now })
})
afterAll(() => server.cleanup())

const reminders = (userId: string) => remindersArray(server.hub.getRoom(`user:${userId}`).doc).toArray()

describe('warning levels as server time passes', () => {
  it('turns yellow then red, reminding each responsible person once per level', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '秋季防火检查', assistUnitIds: ['yingji'] })
    client.destroy() // nobody connected from here on

    now = Date.parse('2026-10-13T09:00:00+08:00') // Tue: 4 working days left (14,15,16,19)
    expect(server.supervisor.tick().changed).toEqual([])

    now = Date.parse('2026-10-14T09:00:00+08:00') // Wed: 3 left → yellow
    const t1 = server.supervisor.tick()
    expect(t1.changed).toEqual([{ id, from: 'normal', to: 'yellow' }])
    const oversight = itemsMap(server.hub.getRoom('oversight:2026').doc).get(id)!
    expect(oversight.warning.level).toBe('yellow')
    expect(itemsMap(server.hub.getRoom('inbox:yingji').doc).get(id)?.warning.level).toBe('yellow')

    // Ticking again the same day changes nothing and sends nothing.
    for (let i = 0; i < 5; i++) expect(server.supervisor.tick().reminders).toBe(0)

    now = Date.parse('2026-10-20T00:30:00+08:00') // just after the due day ended → red
    const t2 = server.supervisor.tick()
    expect(t2.changed).toEqual([{ id, from: 'yellow', to: 'red' }])
    expect(server.supervisor.tick().reminders).toBe(0)

    const clerkReminders = reminders('qingquan_clerk').filter((r) => r.recordId === id)
    // The new assignment first (in the bell as well as on the desktop), then one per level.
    expect(clerkReminders.map((r) => r.kind)).toEqual(['assigned', 'yellow', 'red'])
    expect(
      reminders('yingji_head')
        .filter((r) => r.recordId === id)
        .map((r) => r.kind)
    ).toEqual(['assigned', 'yellow', 'red'])
    // The assigning leader hears about red only.
    expect(
      reminders('xianzhang')
        .filter((r) => r.recordId === id)
        .map((r) => r.kind)
    ).toEqual(['red'])
    // The trail the discipline commission reads says it in Chinese, once per change.
    const changes = server.audit
      .trail(`task:${id}`)
      .map((r) => r.summary)
      .filter((s) => s.startsWith('督办：预警'))
    expect(changes).toEqual([expect.stringContaining('预警由正常变为临期（黄色）'), expect.stringContaining('预警由临期（黄色）变为超期（红色）')])
    // Reminders travel as codes, but their rows on the trail are worded in Chinese too.
    expect(server.audit.trail('user:qingquan_clerk').map((r) => r.summary)).toEqual(
      expect.arrayContaining(['提醒：临期：秋季防火检查', '提醒：超期：秋季防火检查'])
    )

    const clerk = await login(server.url, 'qingquan.clerk')
    const t = await connectSynced(server.url, `task:${id}`, clerk.token)
    const st = await waitFor(() => readServerState(t.doc))
    expect(st.warning).toEqual({ level: 'red', lateWorkingDays: 1 })
    t.destroy()
  })

  it('sends at most one digest per person per day', () => {
    now = Date.parse('2026-10-21T09:00:00+08:00')
    const first = server.supervisor.tick()
    expect(first.digests).toBeGreaterThan(0)
    expect(server.supervisor.tick().digests).toBe(0)
    const digestsOn = (day: string) => reminders('qingquan_clerk').filter((r) => r.kind === 'digest' && r.params?.date === day)
    expect(digestsOn('2026-10-21')).toHaveLength(1)
    // The server sends a code and its numbers; each client words it (renderer/src/core/sync/reminderText.ts).
    expect(digestsOn('2026-10-21')[0]).toMatchObject({ code: 'digest', params: { red: 1 } })
    now = Date.parse('2026-10-22T09:00:00+08:00')
    server.supervisor.tick()
    server.supervisor.tick()
    expect(digestsOn('2026-10-22')).toHaveLength(1)
  })
})
