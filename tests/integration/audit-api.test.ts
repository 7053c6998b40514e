/** Reviewers fetch a record's trail over HTTP and replay it as it was at time T; others get 403. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendEvent, readServerState } from '@domain/task'
import { connectSynced, createTask, login, startServer, waitFor, type TestServer } from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00')
let now = T0
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => now })
})
afterAll(() => server.cleanup())

describe('audit API', () => {
  it('trail with a chain check, replay at T, 403 for everyone but reviewers', async () => {
    const leader = await login(server.url, 'xianzhang')
    const { id, client } = await createTask(server.url, leader, { title: '回放测试' })
    now = T0 + 3600_000 // tokens are short-lived: log in again an hour later
    const clerk = await login(server.url, 'qingquan.clerk')
    const c = await connectSynced(server.url, `task:${id}`, clerk.token)
    appendEvent(c.doc, { id: `${id}-sign`, type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    await waitFor(() => readServerState(client.doc)?.status === 'in_progress')

    const reviewer = await login(server.url, 'jiwei1')
    const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    const trail = await get(`/api/audit/trail?room=task:${id}`, reviewer.token)
    expect(trail.status).toBe(200)
    const body = (await trail.json()) as { verified: boolean; records: { summary: string; kind: string; at: number }[] }
    expect(body.verified).toBe(true)
    expect(body.records.filter((r) => r.kind === 'client').map((r) => [r.summary.includes('签收') ? 'sign' : 'assign', r.at])).toEqual([
      ['assign', T0],
      ['sign', T0 + 3600_000]
    ])

    type Replay = { meta: { title: string } | null; state: { status: string } | null }
    const at = async (t: number) => (await (await get(`/api/audit/replay?room=task:${id}&at=${t}`, reviewer.token)).json()) as Replay
    expect((await at(T0 - 1)).meta).toBeNull()
    const half = await at(T0 + 1800_000)
    expect(half.meta?.title).toBe('回放测试')
    expect(half.state?.status).toBe('assigned')
    expect((await at(T0 + 3600_000)).state?.status).toBe('in_progress')

    for (const who of [clerk, await login(server.url, 'xianzhang')]) expect((await get(`/api/audit/trail?room=task:${id}`, who.token)).status).toBe(403)
    expect((await get(`/api/audit/trail?room=task:${id}`)).status).toBe(401)
    c.destroy()
    client.destroy()
  })
})
