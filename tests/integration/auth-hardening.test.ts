/**
 * Login and token hardening, each point attacked over raw HTTP / WebSocket
 * against a real server (docs/deploy.md, "Login protection").
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { remindersArray } from '@domain/index-rooms'
import { Writable } from 'node:stream'
import { createLogger } from '@server/logger'
import { connect, login, rawSocket, startServer, synced, waitFor, type Session } from './harness'

type Server = Awaited<ReturnType<typeof startServer>>
let server: Server
const logLines: string[] = []

beforeAll(async () => {
  const base = createLogger(false)
  const capture = (lvl: 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
    logLines.push(JSON.stringify({ lvl, msg, ...data }))
    base[lvl](msg, data)
  }
  // Server time stands still: a back-off never runs out mid-test, however slow the machine.
  const T0 = Date.now()
  server = await startServer({
    clock: () => T0,
    throttle: { free: 5, addressFree: 30, alertAt: 10 },
    logger: { info: capture('info'), warn: capture('warn'), error: capture('error') }
  })
})
afterAll(() => server.cleanup())

/** A raw HTTP call from a chosen loopback address (127.0.0.x are all local on Linux). */
function raw(
  path: string,
  opts: { from?: string; body?: string; contentType?: string; host?: string; method?: string; auth?: string } = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const u = new URL(server.url)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {}
    if (opts.contentType !== undefined) headers['content-type'] = opts.contentType
    if (opts.host) headers.host = opts.host
    if (opts.auth) headers.authorization = `Bearer ${opts.auth}`
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'POST', headers, localAddress: opts.from }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: Record<string, unknown> = {}
        try {
          json = JSON.parse(text)
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, json })
      })
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const tryLogin = (username: string, password: string, from: string) =>
  raw('/api/login', { from, body: JSON.stringify({ username, password }), contentType: 'application/json' })
const auditRows = (like: string) =>
  (server.db.prepare('SELECT summary FROM audit WHERE summary LIKE ?').all(`%${like}%`) as { summary: string }[]).map((r) => r.summary)

describe('login throttling', () => {
  it('a stranger guessing from one address cannot keep the owner out, nor a colleague behind the same NAT', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await tryLogin('qingquan.clerk', 'guess' + i, '127.0.0.2')).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.at(-1)).toBe(429)
    // The same account from another address: the owner gets in.
    expect((await tryLogin('qingquan.clerk', 'demo123', '127.0.0.3')).status).toBe(200)
    // A colleague behind the same address, own account: not throttled.
    expect((await tryLogin('qingquan.head', 'demo123', '127.0.0.2')).status).toBe(200)
  })

  it('throttled attempts are audited, one by one up to a cap, then one note', async () => {
    for (let i = 0; i < 7; i++) await tryLogin('bahe.clerk', 'x' + i, '127.0.0.4')
    const first = auditRows('登录受限：bahe.clerk').length
    expect(first).toBeGreaterThan(0)
    // A script hammering on: the trail grows by a bounded amount.
    for (let i = 0; i < 80; i++) expect((await tryLogin('bahe.clerk', 'y' + i, '127.0.0.4')).status).toBe(429)
    const rows = auditRows('登录受限：bahe.clerk')
    expect(rows.length).toBe(50 + 1)
    expect(rows.at(-1)).toMatch(/不再逐条记录/)
  })

  it('a successful login clears the account counter', async () => {
    for (let i = 0; i < 4; i++) expect((await tryLogin('caihe.clerk', 'bad' + i, '127.0.0.5')).status).toBe(401)
    expect((await tryLogin('caihe.clerk', 'demo123', '127.0.0.5')).status).toBe(200)
    // Without the reset these would be failures 5–8 and end in 429.
    for (let i = 0; i < 4; i++) expect((await tryLogin('caihe.clerk', 'bad' + i, '127.0.0.5')).status).toBe(401)
  })

  it('many failures from many addresses alert the administrators instead of locking the account', async () => {
    for (let i = 0; i < 12; i++) await tryLogin('qingquan.head', 'spray' + i, `127.0.1.${i + 1}`)
    expect((await tryLogin('qingquan.head', 'demo123', '127.0.2.1')).status).toBe(200)
    expect(auditRows('安全提醒').some((s) => s.includes('qingquan.head') || s.includes('清泉镇'))).toBe(true)
    const reminders = remindersArray(server.hub.getRoom('user:admin').doc).toArray()
    expect(reminders.some((r) => r.kind === 'security' && String(r.params?.body ?? '').includes('qingquan.head'))).toBe(true)
  })

  it('spraying one password over many accounts from one address is stopped at the address limit', async () => {
    const people = server.directory().allPeople().slice(0, 32)
    const statuses: number[] = []
    for (const p of people) statuses.push((await tryLogin(p.username, 'Spring2026!', '127.0.3.1')).status)
    // An office behind one address where many people mistype once is not made to wait before the address limit (30 here)…
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401))
    // …and a sprayer past it is.
    expect(statuses.at(-1)).toBe(429)
    // A different address is unaffected.
    expect((await tryLogin('qingquan.clerk', 'demo123', '127.0.3.2')).status).toBe(200)
  })
})

describe('request checks', () => {
  it('login needs application/json (a cross-site form post gets 415)', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', ''])
      expect((await raw('/api/login', { body: JSON.stringify({ username: 'qingquan.clerk', password: 'demo123' }), contentType: ct })).status).toBe(415)
  })

  it('a Host name that is not ours is refused (DNS rebinding), for HTTP and WebSocket', async () => {
    const r = await raw('/api/login', {
      host: 'evil.example:80',
      body: JSON.stringify({ username: 'qingquan.clerk', password: 'demo123' }),
      contentType: 'application/json'
    })
    expect(r.status).toBe(421)
    expect((await raw('/api/health', { host: 'evil.example', method: 'GET' })).status).toBe(421)
    const s = await login(server.url, 'qingquan.clerk')
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws/inbox:qingquan?token=${s.token}`, {
      headers: { host: 'evil.example', origin: 'http://evil.example' }
    })
    const outcome = await new Promise<string>((r) => {
      ws.on('open', () => r('open'))
      ws.on('error', () => r('refused'))
    })
    expect(outcome).toBe('refused')
  })
})

describe('tokens', () => {
  const refresh = (token: string) => raw('/api/token/refresh', { body: JSON.stringify({ refreshToken: token }), contentType: 'application/json' })

  it('refresh tokens are one-time; reuse revokes the family and is audited', async () => {
    const s = await login(server.url, 'bahe.head')
    const r1 = await refresh(s.refreshToken)
    expect(r1.status).toBe(200)
    const second = r1.json.refreshToken as string
    // The first token again (a thief's copy, or the owner's after theft): refused, family revoked.
    const reuse = await refresh(s.refreshToken)
    expect(reuse.status).toBe(401)
    expect(reuse.json.reason).toBe('REUSED')
    const next = await refresh(second)
    expect(next.status).toBe(401)
    expect(next.json.reason).toBe('FAMILY_REVOKED')
    expect(auditRows('续期凭据被重复使用').length).toBe(1)
    // Another login of the same person is its own family and keeps working.
    const other = await login(server.url, 'bahe.head')
    expect((await refresh(other.refreshToken)).status).toBe(200)
  })

  it('disabling an account closes its open sockets and rejects its tokens at once', async () => {
    const admin = await login(server.url, 'admin')
    const victim: Session = await login(server.url, 'caihe.head')
    const c = connect(server.url, 'inbox:caihe', victim.token)
    await synced(c)
    const r = await raw(`/api/admin/accounts/${victim.user.id}/disable`, {
      body: JSON.stringify({ disabled: true }),
      contentType: 'application/json',
      auth: admin.token
    })
    expect(r.status).toBe(200)
    await waitFor(() => c.closes.some((x) => x.code === 4401), 5000, 'socket closed')
    c.destroy()
    const again = await rawSocket(server.url, 'inbox:caihe', victim.token)
    expect(await again.closed).toEqual({ code: 4401, reason: 'TOKEN_REVOKED' })
    expect(again.messages).toHaveLength(0)
    expect((await refresh(victim.refreshToken)).status).toBe(401)
    expect((await tryLogin('caihe.head', 'demo123', '127.0.4.1')).status).toBe(401)
    expect(auditRows('停用账号 caihe.head').length).toBe(1)
    // Re-enabled: a fresh login works, the old token stays dead.
    expect(
      (
        await raw(`/api/admin/accounts/${victim.user.id}/disable`, {
          body: JSON.stringify({ disabled: false }),
          contentType: 'application/json',
          auth: admin.token
        })
      ).status
    ).toBe(200)
    const back = await login(server.url, 'caihe.head')
    const c2 = connect(server.url, 'inbox:caihe', back.token)
    await synced(c2)
    c2.destroy()
    const old = await rawSocket(server.url, 'inbox:caihe', victim.token)
    expect((await old.closed).reason).toBe('TOKEN_REVOKED')
  })

  it('a non-admin cannot use the admin API', async () => {
    const clerk = await login(server.url, 'qingquan.clerk')
    const r = await raw('/api/admin/accounts/bahe_clerk/disable', {
      body: JSON.stringify({ disabled: true }),
      contentType: 'application/json',
      auth: clerk.token
    })
    expect(r.status).toBe(403)
  })

  it('no access or refresh token appears in any log line of ours', async () => {
    const s = await login(server.url, 'qingquan.clerk')
    const c = connect(server.url, 'inbox:qingquan', s.token)
    await synced(c)
    c.destroy()
    await rawSocket(server.url, 'no-such-room', s.token).then((x) => x.closed)
    expect(logLines.length).toBeGreaterThan(0)
    for (const line of logLines) {
      expect(line).not.toContain(s.token)
      expect(line).not.toContain(s.refreshToken)
      expect(line).not.toContain('demo123')
    }
  })
})

describe('the production logger', () => {
  it('masks token query values and secret-named fields in the JSON lines it writes', () => {
    const lines: string[] = []
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) })
    const log = createLogger(true, sink as unknown as Parameters<typeof createLogger>[1])
    log.warn('refused /ws/inbox:x?token=eyJhbGciOi.abc&v=1', {
      url: '/ws/a?token=SECRET123',
      refreshToken: 'R-SECRET',
      password: 'demo123',
      nested: { authorization: 'Bearer Z' },
      room: 'inbox:x'
    })
    const out = lines.join('')
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'refused /ws/inbox:x?token=[REDACTED]&v=1', room: 'inbox:x' })
    for (const secret of ['eyJhbGciOi', 'SECRET123', 'R-SECRET', 'demo123', 'Bearer Z']) expect(out).not.toContain(secret)
  })
})

describe('behind the county nginx', () => {
  it('with trustProxy, throttling counts the forwarded client address, not the proxy', async () => {
    const proxied = await startServer({ trustProxy: true })
    try {
      const via = (password: string, xff: string) =>
        fetch(`${proxied.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
          body: JSON.stringify({ username: 'qingquan.clerk', password })
        }).then((r) => r.status)
      let last = 0
      for (let i = 0; i < 7; i++) last = await via('guess' + i, '10.1.1.1')
      expect(last).toBe(429)
      // Same proxy, another office: the owner gets in.
      expect(await via('demo123', '10.2.2.2')).toBe(200)
    } finally {
      await proxied.cleanup()
    }
  })
})
