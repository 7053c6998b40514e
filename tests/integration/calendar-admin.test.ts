/**
 * An administrator enters the official schedule for a year that had
 * no published data; provisional deadlines are recomputed by the server and
 * the change, with its reason, appears in the affected record's trail.
 * Non-admins cannot touch the calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readServerState } from '@domain/task'
import { itemsMap } from '@domain/index-rooms'
import { connectSynced, createTask, login, startServer, waitFor, type TestServer } from './harness'

const T0 = Date.parse('2026-12-28T10:00:00+08:00')
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => T0 })
})
afterAll(() => server.cleanup())

describe('calendar room', () => {
  it('a clerk cannot write the calendar', async () => {
    const clerk = await login(server.url, 'qingquan.clerk')
    const c = await connectSynced(server.url, 'calendar', clerk.token)
    c.doc.getMap('overrides').set('2027-01-04', { date: '2027-01-04', work: false, reason: '想放假', kind: 'local' })
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('READ_ONLY')
    c.destroy()
  })

  it('an admin entry without a reason is refused', async () => {
    const admin = await login(server.url, 'admin')
    const c = await connectSynced(server.url, 'calendar', admin.token)
    c.doc.getMap('overrides').set('2027-01-04', { date: '2027-01-04', work: false, kind: 'official' })
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('BAD_OVERRIDE')
    c.destroy()
  })

  it('the official schedule makes a provisional deadline final, with the reason on the record', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '跨年任务' })
    const before = readServerState(client.doc)!
    expect(before.deadline.provisional).toBe(true)
    expect(before.deadline.dueDate).toBe('2027-01-19')

    const admin = await login(server.url, 'admin')
    const c = await connectSynced(server.url, 'calendar', admin.token)
    c.doc.transact(() => {
      c.doc.getMap('overrides').set('2027-01-04', { date: '2027-01-04', work: false, reason: '国办发明电〔2026〕7号 元旦调休', kind: 'official' })
      c.doc.getMap('meta').set('officialYears', [2027])
    })
    const after = await waitFor(() => {
      const s = readServerState(client.doc)
      return s && !s.deadline.provisional ? s : null
    })
    expect(after.deadline.dueDate).toBe('2027-01-20')
    expect(after.originalDeadline.dueDate).toBe('2027-01-20')
    const trail = server.audit.trail(`task:${id}`).map((r) => r.summary)
    expect(trail.at(-1)).toContain('由 2027-01-19（暂定） 改为 2027-01-20')
    expect(trail.at(-1)).toContain('国办发明电〔2026〕7号 元旦调休')
    expect(itemsMap(server.hub.getRoom('oversight:2026').doc).get(id)?.provisional).toBe(false)
    expect(c.denials).toEqual([])
    c.destroy()
    client.destroy()
  })
})

describe('the 代办件 time-limit table', () => {
  it('an admin edits it; new items use it, items already issued keep their deadline', async () => {
    const leader = await login(server.url, 'xianzhang')
    const before = await createTask(server.url, leader, { taskClass: 'agency', agencyType: 'letter' })
    const due0 = readServerState(before.client.doc)!.deadline.dueDate
    const admin = await login(server.url, 'admin')
    const c = await connectSynced(server.url, 'calendar', admin.token)
    c.doc.getMap('meta').set('agencyTypes', { letter: { label: '函件办理', workingDays: 2 }, survey: { label: '调研材料报送', workingDays: 7 } })
    await waitFor(() => server.audit.trail('calendar').some((r) => r.summary.includes('调研材料报送7个工作日')))
    const after = await createTask(server.url, leader, { taskClass: 'agency', agencyType: 'survey' })
    // Assigned 2026-12-28 (Mon): 7 working days, skipping 01-01 and the admin's 01-04 → 2027-01-08.
    expect(readServerState(after.client.doc)!.deadline.dueDate).toBe('2027-01-08')
    expect(readServerState(before.client.doc)!.deadline.dueDate).toBe(due0)
    c.doc.getMap('meta').set('agencyTypes', { bad: { label: '', workingDays: -1 } })
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('BAD_AGENCY_TYPES')
    for (const x of [c, before.client, after.client]) x.destroy()
  })
})
