/**
 * 等保 三员分立 over the real admin API (docs/decisions.md, "Separation of
 * administrative duties"): the 系统管理员 runs people and units, the 安全管理员
 * disables, resets and grants the administrative roles, the 审计管理员 reads
 * the trail of it all and changes nothing. Also editing a person (mobile,
 * posts in two units) and merging units, as the admin pages use them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peopleMap } from '@domain/index-rooms'
import { connect, connectSynced, login, startServer, synced, waitFor, type Session } from './harness'

type Server = Awaited<ReturnType<typeof startServer>>
let server: Server
let admin: Session
const tok: Record<'sys' | 'sec' | 'aud', string> = { sys: '', sec: '', aud: '' }

async function call(path: string, token: string, body?: unknown, raw?: { data: string; type: string }) {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined && !raw ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': raw ? raw.type : 'application/json' },
    body: raw ? raw.data : body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

/** A new account with one role, signed in and past its forced password change; returns its token. */
async function officer(id: string, role: string): Promise<string> {
  const made = await call('/api/admin/accounts', admin.token, { id, username: id, name: `管理${id}`, unitId: 'shuju', roles: [role] })
  expect(made.status).toBe(201)
  const signIn = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: id, password: made.json.oneTimePassword })
  }).then((r) => r.json() as Promise<Record<string, any>>)
  const changed = await call('/api/password', signIn.token, { oldPassword: made.json.oneTimePassword, newPassword: `Strong-${id}-2026` })
  expect(changed.status).toBe(200)
  return changed.json.token
}

beforeAll(async () => {
  server = await startServer()
  admin = await login(server.url, 'admin')
  tok.sys = await officer('sys1', 'sysadmin')
  tok.sec = await officer('sec1', 'secadmin')
  tok.aud = await officer('aud1', 'auditadmin')
})
afterAll(() => server.cleanup())

describe('separation of administrative duties', () => {
  it('the 系统管理员 adds and edits people but cannot disable, reset, grant administrative roles or read the trail', async () => {
    const made = await call('/api/admin/accounts', tok.sys, { id: 'p_li', username: 'li.si', name: '李四', unitId: 'qingquan', roles: ['clerk'] })
    expect(made.status).toBe(201)
    expect((await call('/api/admin/accounts/p_li', tok.sys, { name: '李思', mobile: '13800001111' })).status).toBe(200)
    expect((await call('/api/admin/accounts/p_li/disable', tok.sys, { disabled: true })).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li/end-sessions', tok.sys, {})).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li/reset-password', tok.sys, {})).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li', tok.sys, { roles: ['clerk', 'auditadmin'] })).json.code).toBe('ADMIN_ROLE_NEEDS_SECADMIN')
    expect((await call('/api/admin/accounts', tok.sys, { id: 'p_x', username: 'p.x', name: '某', unitId: 'qingquan', roles: ['admin'] })).json.code).toBe(
      'ADMIN_ROLE_NEEDS_SECADMIN'
    )
    expect((await call('/api/admin/accounts/sys1', tok.sys, { roles: ['sysadmin', 'leader'] })).json.code).toBe('SELF_ROLES')
    expect((await call('/api/admin/trail', tok.sys)).status).toBe(403)
    expect(server.directory().person('p_li')).toMatchObject({ name: '李思', roles: ['clerk'], mobile: '13800001111' })
  })

  it('the 安全管理员 disables, resets and grants administrative roles, but cannot edit a person, import, touch units or read the trail', async () => {
    expect((await call('/api/admin/accounts/p_li/reset-password', tok.sec, {})).status).toBe(200)
    expect((await call('/api/admin/accounts/p_li/disable', tok.sec, { disabled: true })).status).toBe(200)
    expect((await call('/api/admin/accounts/p_li/disable', tok.sec, { disabled: false })).status).toBe(200)
    expect((await call('/api/admin/accounts/p_li', tok.sec, { name: '李五' })).status).toBe(403)
    expect((await call('/api/admin/units', tok.sec, { id: 'u9', name: '新单位', kind: 'township' })).status).toBe(403)
    expect((await call('/api/admin/import/preview?format=csv', tok.sec, undefined, { data: '单位,姓名,职务,手机,角色\n', type: 'text/csv' })).status).toBe(403)
    expect((await call('/api/admin/trail', tok.sec)).status).toBe(403)
    // Granting: yes; one person holding two of the three: no; to oneself: no.
    expect((await call('/api/admin/accounts/p_li', tok.sec, { roles: ['clerk', 'secadmin'] })).status).toBe(200)
    expect((await call('/api/admin/accounts/p_li', tok.sec, { roles: ['clerk', 'secadmin', 'auditadmin'] })).json.code).toBe('ROLES_CONFLICT')
    expect((await call('/api/admin/accounts/sec1', tok.sec, { roles: ['secadmin', 'admin'] })).json.code).toBe('SELF_ROLES')
    expect(server.directory().person('p_li')?.roles).toEqual(['clerk', 'secadmin'])
  })

  it('the 审计管理员 reads the trail with before and after, changes nothing, and its reading is itself recorded', async () => {
    expect((await call('/api/admin/accounts', tok.aud, { id: 'p_y', username: 'p.y', name: '某', unitId: 'qingquan', roles: ['clerk'] })).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li/disable', tok.aud, { disabled: true })).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li', tok.aud, { roles: ['clerk'] })).status).toBe(403)
    expect((await call('/api/admin/accounts/p_li/logins', tok.aud)).status).toBe(200)
    const page = await call('/api/admin/trail', tok.aud)
    expect(page.status).toBe(200)
    const rows = page.json.rows as { seq: number; who: string; summary: string }[]
    const edit = rows.find((r) => r.summary.includes('修改账号 li.si') && r.summary.includes('"name":"李四"'))
    expect(edit?.who).toContain('管理sys1')
    expect(edit?.summary).toMatch(/之前：.*"name":"李四".*之后：.*"name":"李思"/)
    expect(rows.some((r) => r.summary.includes('停用账号 li.si') && r.who.includes('管理sec1'))).toBe(true)
    // Newest first, paged by sequence number.
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => b - a))
    const reads = server.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE room = 'auth' AND summary LIKE '查看管理操作日志：%管理aud1%'").get() as {
      n: number
    }
    expect(reads.n).toBe(1)
  })

  it('the work calendar is configuration: the 系统管理员 writes it, the 安全管理员 and 审计管理员 are refused', async () => {
    const entry = (reason: string) => ({ date: '2027-03-01', work: false, reason, kind: 'local' })
    for (const who of [tok.sec, tok.aud]) {
      const c = await connectSynced(server.url, 'calendar', who)
      c.doc.getMap('overrides').set('2027-03-01', entry('不该由我改'))
      await waitFor(() => c.denials.length > 0, 5000, 'refusal')
      expect(c.denials[0].code).toBe('READ_ONLY')
      c.destroy()
    }
    const sys = await connectSynced(server.url, 'calendar', tok.sys)
    sys.doc.getMap('overrides').set('2027-03-01', entry('县委决定调休'))
    // Another reader sees the 系统管理员's entry: the server accepted and kept it.
    const reader = await connectSynced(server.url, 'calendar', admin.token)
    await waitFor(() => (reader.doc.getMap('overrides').get('2027-03-01') as { reason?: string } | undefined)?.reason === '县委决定调休', 5000, 'entry kept')
    expect(sys.denials).toEqual([])
    sys.destroy()
    reader.destroy()
  })

  it('the import cannot grant administrative roles: the row is refused in the preview', async () => {
    const csv = '单位,姓名,职务,手机,角色\n清泉镇,钱七,收发员,13900000001,收发员\n清泉镇,孙八,职员,13900000002,审计管理员\n'
    const r = await call('/api/admin/import/preview?format=csv', tok.sys, undefined, { data: csv, type: 'text/csv' })
    expect(r.json.newPeople).toHaveLength(1)
    expect(r.json.problems).toEqual([{ row: 3, message: expect.stringContaining('管理员角色（审计管理员）不能通过导入授予') }])
  })
})

describe('editing a person and merging units', () => {
  it('an edit keeps what it does not name, takes a second post, and refuses bad input with a code, writing nothing', async () => {
    const dirClient = connect(server.url, 'directory', admin.token)
    await synced(dirClient)
    const r = await call('/api/admin/accounts/p_li', tok.sys, { title: '副镇长', posts: [{ unitId: 'sanhua', title: '挂职' }] })
    expect(r.status).toBe(200)
    await waitFor(() => peopleMap(dirClient.doc).get('p_li')?.posts?.length === 1, 5000, 'post reaches clients')
    dirClient.destroy()
    expect(server.directory().person('p_li')).toMatchObject({
      name: '李思',
      mobile: '13800001111',
      title: '副镇长',
      posts: [{ unitId: 'sanhua', title: '挂职' }]
    })
    const before = server.db.prepare('SELECT COUNT(*) AS n FROM audit').get()
    for (const [body, code] of [
      [{ mobile: '123' }, 'BAD_MOBILE'],
      [{ posts: [{ unitId: 'qingquan' }] }, 'BAD_POSTS'],
      [{ posts: [{ unitId: 'nowhere' }] }, 'BAD_UNIT'],
      [{ unitId: 'nowhere' }, 'BAD_UNIT'],
      [{ name: '' }, 'BAD_NAME']
    ] as const)
      expect((await call('/api/admin/accounts/p_li', tok.sys, body)).json.code).toBe(code)
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM audit').get()).toEqual(before)
  })

  it('a merge moves main posts and further posts, keeps the merged unit under its name, and is on the trail with the people before and after', async () => {
    const m = await call('/api/admin/units/sanhua/merge', tok.sys, { into: 'bahe' })
    expect(m.status).toBe(200)
    const dir = server.directory()
    expect(dir.unit('sanhua')).toMatchObject({ name: expect.any(String), mergedInto: 'bahe' })
    expect(dir.person('p_li')?.posts).toEqual([{ unitId: 'bahe', title: '挂职' }])
    expect(dir.person('sanhua_clerk')?.unitId).toBe('bahe')
    expect(dir.workingUnitIds.has('sanhua')).toBe(false)
    expect((await call('/api/admin/units/sanhua/merge', tok.sys, { into: 'bahe' })).json.code).toBe('ALREADY_MERGED')
    expect((await call('/api/admin/units/bahe/merge', tok.sec, { into: 'qingquan' })).status).toBe(403)
    const row = (await call('/api/admin/trail', tok.aud)).json.rows.find((r: { summary: string }) => r.summary.includes('单位合并'))
    expect(row.summary).toMatch(/之前：.*"sanhua_clerk".*"unitId":"sanhua".*之后：.*"mergedInto":"bahe".*"unitId":"bahe"/)
  })
})

describe('account expiry (optional forced expiry)', () => {
  it('after the day set, the account neither signs in nor renews; the change is on the trail with before and after', async () => {
    const signIn = () =>
      fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'zhuwa.clerk', password: 'demo123' })
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, any> }))
    const s = await signIn()
    const at = server.clock.now() + 2 * 86_400_000
    expect((await call('/api/admin/accounts/zhuwa_clerk', tok.sys, { expiresAt: at })).status).toBe(200)
    expect((await call('/api/admin/accounts/zhuwa_clerk', tok.sys, { expiresAt: 'soon' })).json.code).toBe('BAD_EXPIRY')
    expect((await call('/api/admin/accounts/zhuwa_clerk', tok.sys, { expiresAt: at })).json.code).toBe('NO_CHANGE')
    const row = (await call('/api/admin/trail', tok.aud)).json.rows.find((r: { summary: string }) => r.summary.includes('修改账号 zhuwa.clerk'))
    expect(row.summary).toMatch(new RegExp(`之前：.*"expiresAt":null.*之后：.*"expiresAt":${at}`))
    expect((await call('/api/admin/accounts', tok.sys)).json.accounts.find((a: { id: string }) => a.id === 'zhuwa_clerk').expiresAt).toBe(at)

    server.clock.advance(2 * 86_400_000 + 1000)
    expect((await signIn()).status).toBe(401)
    const renew = await fetch(`${server.url}/api/token/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: s.json.refreshToken })
    }).then((r) => r.json() as Promise<Record<string, any>>)
    expect(renew).toMatchObject({ code: 'BAD_REFRESH', reason: 'EXPIRED' })
  })
})
