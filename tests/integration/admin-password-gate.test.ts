/**
 * The forced password change is the server's rule, not only the client's
 * dialog (docs/protocol.md, "Close codes"): while an account must change its
 * password, its tokens may only change it, renew and read the account state.
 * Raw clients, so nothing here relies on the app's gate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, login, rawSocket, startServer, synced, type Session } from './harness'

type Server = Awaited<ReturnType<typeof startServer>>
let server: Server
let admin: Session

beforeAll(async () => {
  server = await startServer({ passwordPolicy: { maxAgeDays: 90 } })
  admin = await login(server.url, 'admin')
})
afterAll(() => server.cleanup())

async function call(path: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}
const signIn = (username: string, password: string) =>
  fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }).then(
    async (r) => ({ status: r.status, json: (await r.json()) as Record<string, any> })
  )
const change = (token: string, oldPassword: string, newPassword: string) => call('/api/password', token, { oldPassword, newPassword })

/** What a gated token gets from a room and from the API routes that hold data. */
async function refusals(token: string) {
  const s = await rawSocket(server.url, 'directory', token)
  const closed = await s.closed
  const api = await Promise.all(['/api/admin/accounts', '/api/audit/head', '/api/files?room=task:T1'].map((p) => call(p, token)))
  return { closed, api: api.map((r) => [r.status, r.json.code]) }
}

const GATED = { closed: { code: 4403, reason: 'PASSWORD_CHANGE_REQUIRED' }, api: Array(3).fill([403, 'PASSWORD_CHANGE_REQUIRED']) }

describe('the forced password change, enforced by the server', () => {
  it('a reset account opens no room and calls no API until it changed its password; then its new session works, every gated one ends, and the old passwords are refused', async () => {
    const otp = (await call('/api/admin/accounts/caihe_clerk/reset-password', admin.token, {})).json.oneTimePassword as string
    const first = await signIn('caihe.clerk', otp)
    expect(first.status).toBe(200)
    expect(first.json.mustChangePassword).toBe(true)
    const token = first.json.token as string
    expect(await refusals(token)).toEqual(GATED)
    // What it may do: read its own state, renew (the renewed token is gated the same).
    expect((await call('/api/account', token)).json.mustChangePassword).toBe(true)
    const renewed = await fetch(`${server.url}/api/token/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: first.json.refreshToken })
    }).then((r) => r.json() as Promise<Record<string, any>>)
    expect(renewed.mustChangePassword).toBe(true)
    expect((await refusals(renewed.token)).closed).toEqual(GATED.closed)

    // Someone else who also signed in with the one-time password (it was read over a shoulder).
    const other = await signIn('caihe.clerk', otp)
    // The one-time password cannot be "changed" to itself; a good new one ends every gated
    // session — the other one too — and answers with a new session that works.
    expect((await change(token, otp, otp)).json.code).toBe('PASSWORD_REUSED')
    const changed = await change(token, otp, 'Caihe-first-2026')
    expect(changed.status).toBe(200)
    expect(changed.json.mustChangePassword).toBe(false)
    for (const old of [token, other.json.token as string]) {
      expect((await call('/api/account', old)).status).toBe(401)
      expect((await (await rawSocket(server.url, 'directory', old)).closed).code).toBe(4401)
    }
    const c = connect(server.url, 'directory', changed.json.token)
    await synced(c)
    c.destroy()
    expect((await call('/api/account', changed.json.token)).json.mustChangePassword).toBe(false)
    expect((await call('/api/audit/head', changed.json.token)).json.code).not.toBe('PASSWORD_CHANGE_REQUIRED')
    const trail = server.db.prepare("SELECT summary FROM audit WHERE room = 'auth' AND summary LIKE '修改密码（强制修改%'").all()
    expect(trail).toHaveLength(1)

    // The one-time password no longer signs in; the new one does, without the gate.
    expect((await signIn('caihe.clerk', otp)).status).toBe(401)
    const again = await signIn('caihe.clerk', 'Caihe-first-2026')
    expect(again.json.mustChangePassword).toBe(false)

    // No reuse of the last N (5 by default): each of the earlier passwords is refused.
    let current = 'Caihe-first-2026'
    let tok = again.json.token as string
    for (const next of ['Caihe-second-2026', 'Caihe-third-2026']) {
      const r = await change(tok, current, next)
      expect(r.status).toBe(200)
      tok = r.json.token
      current = next
    }
    for (const old of ['Caihe-first-2026', 'Caihe-second-2026', otp]) expect((await change(tok, current, old)).json.code).toBe('PASSWORD_REUSED')
  })

  it('a new account holding the admin role cannot administer anything with its one-time password', async () => {
    const made = await call('/api/admin/accounts', admin.token, {
      id: 'it_admin2',
      username: 'it.admin2',
      name: '韩新',
      unitId: 'zhengfuban',
      roles: ['admin']
    })
    expect(made.status).toBe(201)
    const s = await signIn('it.admin2', made.json.oneTimePassword)
    expect(await refusals(s.json.token)).toEqual(GATED)
    expect((await call('/api/admin/accounts', s.json.token, { id: 'x9', username: 'x9', name: '某', unitId: 'caihe', roles: ['admin'] })).json.code).toBe(
      'PASSWORD_CHANGE_REQUIRED'
    )
    expect(server.directory().person('x9')).toBeUndefined()
  })

  it('a password older than the policy allows is gated the same until changed', async () => {
    const fresh = await signIn('bahe.clerk', 'demo123')
    // Seeded accounts have no change date; give this one a change now, then let 91 days pass.
    expect((await change(fresh.json.token, 'demo123', 'Bahe-fresh-2026')).status).toBe(200)
    server.clock.advance(91 * 86_400_000)
    const old = await signIn('bahe.clerk', 'Bahe-fresh-2026')
    expect(old.json.mustChangePassword).toBe(true)
    expect(await refusals(old.json.token)).toEqual(GATED)
    const later = await change(old.json.token, 'Bahe-fresh-2026', 'Bahe-later-2026')
    expect(later.status).toBe(200)
    const c = connect(server.url, 'directory', later.json.token)
    await synced(c)
    c.destroy()
  })

  it('a disabled account’s still-unexpired token is refused by every API route, not only by the sockets', async () => {
    const victim = await login(server.url, 'sanhua.clerk')
    const adminNow = await login(server.url, 'admin') // the earlier test moved server time past the first token's life
    expect((await call('/api/audit/head', victim.token)).status).not.toBe(401)
    expect((await call('/api/admin/accounts/sanhua_clerk/disable', adminNow.token, { disabled: true })).status).toBe(200)
    for (const p of ['/api/audit/head', '/api/files?room=task:T1']) expect((await call(p, victim.token)).status).toBe(401)
  })
})
