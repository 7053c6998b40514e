/**
 * The server as notary. Each attack is made by a client that
 * misbehaves on purpose; each must be refused, recorded, and leave the
 * legitimate clients in the room unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { appendEvent, eventsArray, metaMap, readServerState, receiptsMap, serverMap } from '@domain/task'
import { itemsMap } from '@domain/index-rooms'
import { TokenService } from '@server/auth/tokens'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect, connectSynced, createTask, login, rawSocket, startServer, waitFor, type Session, type TestServer } from './harness'

let server: TestServer
let leader: Session
let clerk: Session
const T0 = Date.parse('2026-09-21T10:00:00+08:00')
beforeAll(async () => {
  server = await startServer({ clock: () => T0 })
  leader = await login(server.url, 'xianzhang')
  clerk = await login(server.url, 'qingquan.clerk')
})
afterAll(() => server.cleanup())

const refusedRows = (room: string) => server.audit.trail(room).filter((r) => r.kind === 'refused')

/** A legit observer plus an attacker in the same task room. */
async function scene() {
  const { id, client: observer } = await createTask(server.url, leader)
  const room = `task:${id}`
  const attacker = await connectSynced(server.url, room, clerk.token)
  return { id, room, observer, attacker }
}

async function expectRefused(room: string, attacker: ReturnType<typeof connect>, code: string, observer: ReturnType<typeof connect>) {
  await waitFor(() => attacker.denials.length > 0, 5000, 'permission denied')
  expect(attacker.denials[0].code).toBe(code)
  expect(refusedRows(room).at(-1)?.summary).toContain(code)
  // Nothing reached the legitimate client.
  await new Promise((r) => setTimeout(r, 100))
  expect(eventsArray(observer.doc).length).toBe(1)
  expect(readServerState(observer.doc)?.status).toBe('assigned')
}

describe('refused and recorded', () => {
  it('forged actor: signing in another person’s name', async () => {
    const { room, observer, attacker } = await scene()
    appendEvent(attacker.doc, { id: 'f1', type: 'sign', actorId: 'qingquan_head', unitId: 'qingquan', clientAt: T0 })
    await expectRefused(room, attacker, 'FORGED_ACTOR', observer)
  })

  it('deleting an event', async () => {
    const { room, observer, attacker } = await scene()
    eventsArray(attacker.doc).delete(0, 1)
    await expectRefused(room, attacker, 'APPEND_ONLY', observer)
  })

  it('editing the deadline (server state) or a receipt time', async () => {
    const { room, observer, attacker } = await scene()
    const st = readServerState(attacker.doc)!
    serverMap(attacker.doc).set('state', { ...st, deadline: { ...st.deadline, dueDate: '2027-12-31' } })
    await expectRefused(room, attacker, 'APPEND_ONLY', observer)
    const s2 = await scene()
    receiptsMap(s2.attacker.doc).set('backdated', { seq: 99, at: 0 })
    await expectRefused(s2.room, s2.attacker, 'SERVER_FIELD', s2.observer)
  })

  it('rewriting what was issued (meta)', async () => {
    const { room, observer, attacker } = await scene()
    metaMap(attacker.doc).set('requirement', '改过的要求')
    await expectRefused(room, attacker, 'APPEND_ONLY', observer)
  })

  it('backdating: a client clock 30 days off moves no server time', async () => {
    const { room, observer, attacker } = await scene()
    appendEvent(attacker.doc, { id: 'b1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: T0 - 30 * 86400_000 })
    await waitFor(() => readServerState(observer.doc)?.status === 'in_progress')
    const st = readServerState(observer.doc)!
    expect(st.signed.qingquan.at).toBe(T0)
    expect(receiptsMap(observer.doc).get('b1')?.at).toBe(T0)
    expect(refusedRows(room)).toHaveLength(0)
  })

  it('an illegal transition: a clerk accepting completion', async () => {
    const { room, observer, attacker } = await scene()
    appendEvent(attacker.doc, { id: 'x1', type: 'accept', actorId: clerk.user.id, unitId: 'qingquan', clientAt: T0 })
    await expectRefused(room, attacker, 'NOT_ASSIGNER', observer)
  })

  it('reading or writing another unit’s record: refused at connect', async () => {
    const { room } = await scene()
    const other = await login(server.url, 'bahe.clerk')
    const c = connect(server.url, room, other.token)
    await waitFor(() => c.closes.length > 0)
    expect(c.closes[0].code).toBe(4403)
    expect(metaMap(c.doc).size).toBe(0)
    expect(server.audit.trail(room).some((r) => r.kind === 'event' && r.summary.includes('无权查看'))).toBe(true)
    c.destroy()
  })

  it('writing an index room', async () => {
    await createTask(server.url, leader)
    const c = await connectSynced(server.url, 'inbox:qingquan', clerk.token)
    const n = itemsMap(c.doc).size
    itemsMap(c.doc).set('fake', { title: '伪造' } as never)
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('READ_ONLY')
    const other = await connectSynced(server.url, 'inbox:qingquan', clerk.token)
    expect(itemsMap(other.doc).size).toBe(n)
    expect(itemsMap(other.doc).has('fake')).toBe(false)
    c.destroy()
    other.destroy()
  })

  it('a discipline reviewer can read but not write', async () => {
    const { room, observer } = await scene()
    const reviewer = await login(server.url, 'jiwei1')
    const r = await connectSynced(server.url, room, reviewer.token)
    expect(metaMap(r.doc).get('title')).toBe('测试任务')
    appendEvent(r.doc, { id: 'r1', type: 'chase', actorId: reviewer.user.id, unitId: reviewer.user.unitId, clientAt: T0 })
    await waitFor(() => r.denials.length > 0)
    expect(r.denials[0].code).toBe('READ_ONLY')
    expect(refusedRows(room)).toHaveLength(1)
    expect(eventsArray(observer.doc).length).toBe(1)
    r.destroy()
  })
})

describe('identity', () => {
  it('wrong credentials: one answer for unknown user and wrong password; repeated failures slowed', async () => {
    const post = (username: string, password: string) =>
      fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    const a = await post('nobody', 'demo123')
    const b = await post('bahe.head', 'wrong')
    expect([a.status, b.status]).toEqual([401, 401])
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { code: string }[]
    expect(ja.code).toBe(jb.code)
    let last = 0
    for (let i = 0; i < 6; i++) last = (await post('caihe.head', 'wrong')).status
    expect(last).toBe(429)
    // Even the right password waits while throttled.
    expect((await post('caihe.head', 'demo123')).status).toBe(429)
  })

  it('expired and forged tokens are refused before any document byte', async () => {
    const secret = readFileSync(join(server.dataDir, 'token-secret.key'))
    const expired = new TokenService(secret).issue('access', { sub: 'qingquan_clerk', unit: 'qingquan', roles: ['clerk'], name: 'x' }, T0 - 3600_000).token
    const forged = new TokenService(Buffer.alloc(32, 7)).issue('access', { sub: 'xianzhang', unit: 'xianlingdao', roles: ['leader'], name: 'x' }, T0).token
    for (const [token, code] of [
      [expired, 'TOKEN_EXPIRED'],
      [forged, 'TOKEN_FORGED'],
      [null, 'TOKEN_MISSING'],
      [clerk.refreshToken, 'TOKEN_WRONG_TYPE']
    ] as const) {
      const s = await rawSocket(server.url, 'inbox:qingquan', token)
      const closed = await s.closed
      expect(closed).toEqual({ code: 4401, reason: code })
      expect(s.messages).toHaveLength(0)
    }
  })

  it('token renewal gives a working token; a bad refresh token gets 401', async () => {
    const r = await fetch(`${server.url}/api/token/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: clerk.refreshToken })
    })
    expect(r.status).toBe(200)
    const s = (await r.json()) as Session
    const c = await connectSynced(server.url, 'inbox:qingquan', s.token)
    c.destroy()
    const bad = await fetch(`${server.url}/api/token/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: clerk.token })
    })
    expect(bad.status).toBe(401)
  })

  it('presence cannot impersonate: the user field is the authenticated one', async () => {
    const { room, observer } = await scene()
    const c = await connectSynced(server.url, room, clerk.token)
    c.provider.awareness.setLocalStateField('user', { id: 'xianzhang', name: '县长', unitId: 'xianlingdao' })
    const seen = await waitFor(() => [...observer.provider.awareness.getStates().values()].find((s) => (s as { user?: { id: string } }).user), 5000, 'presence')
    expect((seen as { user: { id: string; unitId: string } }).user).toEqual({ id: clerk.user.id, name: clerk.user.name, unitId: 'qingquan' })
    c.destroy()
  })
})

describe('bad input never takes the server down', () => {
  const frames: [string, Uint8Array, number][] = [
    ['garbage bytes', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 4400],
    ['unknown message type', new Uint8Array([9, 1, 2]), 4400],
    ['truncated sync frame', new Uint8Array([0, 2, 50, 1, 2]), 4400],
    ['unknown sync step', new Uint8Array([0, 7, 0]), 4400]
  ]
  it.each(frames)('%s closes that connection only', async (_name, bytes, code) => {
    const s = await rawSocket(server.url, 'inbox:qingquan', clerk.token)
    s.ws.send(bytes)
    expect((await s.closed).code).toBe(code)
    const ok = await connectSynced(server.url, 'inbox:qingquan', clerk.token)
    ok.destroy()
  })

  it('an oversized message is cut off with 1009', async () => {
    const s = await rawSocket(server.url, 'inbox:qingquan', clerk.token)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, new Uint8Array(600 * 1024))
    s.ws.send(encoding.toUint8Array(e))
    expect((await s.closed).code).toBe(1009)
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
  })

  it('absurd room names are refused', async () => {
    for (const room of ['nope', 'task:' + 'x'.repeat(200), 'task:..%2F..', 'inbox:%E4%B8%AD']) {
      const s = await rawSocket(server.url, room, clerk.token)
      expect((await s.closed).code).toBe(4404)
    }
  })

  it('a flood closes the flooding connection with 4429', async () => {
    const s = await rawSocket(server.url, 'inbox:qingquan', clerk.token)
    const q = new Uint8Array([3]) // query awareness: cheap, legal
    for (let i = 0; i < 5000 && s.ws.readyState === s.ws.OPEN; i++) s.ws.send(q)
    expect((await s.closed).code).toBe(4429)
    const ok = await connectSynced(server.url, 'inbox:qingquan', clerk.token)
    ok.destroy()
  })
})

describe('durability', () => {
  it('a restart on the same data folder restores records and index rooms', async () => {
    const { id } = await createTask(server.url, leader, { title: '重启后仍在' })
    const dir = server.dataDir
    await server.close()
    server = Object.assign(await startServer({ dataDir: dir, clock: () => T0 }), { cleanup: server.cleanup })
    const s = await login(server.url, 'qingquan.clerk')
    const c = await connectSynced(server.url, 'inbox:qingquan', s.token)
    expect(itemsMap(c.doc).get(id)?.title).toBe('重启后仍在')
    const t = await connectSynced(server.url, `task:${id}`, s.token)
    expect(readServerState(t.doc)?.deadline.dueDate).toBe('2026-10-19')
    c.destroy()
    t.destroy()
  })
})

void Y

describe('page origins', () => {
  it('the desktop shell origin may call the API cross-origin; another site may not open a socket', async () => {
    const pre = await fetch(`${server.url}/api/login`, { method: 'OPTIONS', headers: { origin: 'app://qingfeng', 'access-control-request-method': 'POST' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('app://qingfeng')
    const evil = await fetch(`${server.url}/api/login`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })
    expect(evil.status).toBe(403)
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    const WebSocket = (await import('ws')).default
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/inbox:qingquan?token=${clerk.token}`, { headers: { origin: 'https://evil.example' } })
    const closed = await new Promise<number>((r) => ws.on('close', (code: number) => r(code)))
    expect(closed).toBe(4403)
  })
})
