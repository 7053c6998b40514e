/**
 * Administration over the real HTTP API: accounts, passwords, units, and the
 * directory import — each change reaching clients through the directory room
 * and landing on the admin trail with before and after.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unitNameAt, type Person, type Unit } from '@domain/directory'
import { peopleMap, unitsMap } from '@domain/index-rooms'
import { connect, createTask, login, rawSocket, startServer, synced, waitFor, type Session } from './harness'

type Server = Awaited<ReturnType<typeof startServer>>
let server: Server
let admin: Session

beforeAll(async () => {
  server = await startServer()
  admin = await login(server.url, 'admin')
})
afterAll(() => server.cleanup())

async function call(path: string, body?: unknown, token = admin.token, raw?: { data: Buffer | string; type: string }) {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined && !raw ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': raw ? raw.type : 'application/json' },
    body: raw ? raw.data : body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}
const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    json: (await r.json()) as Record<string, any>
  }))
const adminRows = (like: string) =>
  (server.db.prepare("SELECT summary FROM audit WHERE room = 'admin' AND summary LIKE ?").all(`%${like}%`) as { summary: string }[]).map((r) => r.summary)

describe('accounts', () => {
  it('adds a person with a one-time password that must be changed at first login, within the policy', async () => {
    const dirClient = connect(server.url, 'directory', admin.token)
    await synced(dirClient)
    const r = await call('/api/admin/accounts', {
      id: 'qingquan_clerk2',
      username: 'qingquan.clerk2',
      name: '李新',
      unitId: 'qingquan',
      roles: ['clerk', 'head'],
      title: '收发员'
    })
    expect(r.status).toBe(201)
    const otp = r.json.oneTimePassword as string
    await waitFor(() => peopleMap(dirClient.doc).get('qingquan_clerk2'), 5000, 'new person on clients')
    dirClient.destroy()
    expect(adminRows('新增账号 qingquan.clerk2')).toHaveLength(1)

    const first = await post('/api/login', { username: 'qingquan.clerk2', password: otp })
    expect(first.status).toBe(200)
    expect(first.json.mustChangePassword).toBe(true)
    const change = (newPassword: string, token = first.json.token as string) =>
      fetch(`${server.url}/api/password`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ oldPassword: otp, newPassword })
      }).then(async (x) => ({ status: x.status, json: (await x.json()) as Record<string, any> }))
    expect((await change('short')).json.code).toBe('PASSWORD_TOO_SHORT')
    expect((await change('alllowercaseletters')).json.code).toBe('PASSWORD_TOO_SIMPLE')
    expect((await change(otp)).json.code).toBe('PASSWORD_REUSED')
    const ok = await change('Qingquan-2026-new')
    expect(ok.status).toBe(200)
    expect(ok.json.mustChangePassword).toBe(false)
    expect((await post('/api/login', { username: 'qingquan.clerk2', password: 'Qingquan-2026-new' })).json.mustChangePassword).toBe(false)
    // The one-time password is gone.
    expect((await post('/api/login', { username: 'qingquan.clerk2', password: otp })).status).toBe(401)
  })

  it('a reset issues a one-time password, ends every session, and is forced to change again', async () => {
    const victim = await login(server.url, 'bahe.clerk')
    const c = connect(server.url, 'inbox:bahe', victim.token)
    await synced(c)
    const r = await call('/api/admin/accounts/bahe_clerk/reset-password', {})
    expect(r.status).toBe(200)
    await waitFor(() => c.closes.some((x) => x.code === 4401), 5000, 'old session closed')
    c.destroy()
    expect((await post('/api/login', { username: 'bahe.clerk', password: 'demo123' })).status).toBe(401)
    const fresh = await post('/api/login', { username: 'bahe.clerk', password: r.json.oneTimePassword })
    expect(fresh.json.mustChangePassword).toBe(true)
    const hist = await call('/api/admin/accounts/bahe_clerk/logins')
    expect(hist.json.logins.map((l: { outcome: string }) => l.outcome).slice(0, 2)).toEqual(['ok', 'bad_password'])
  })

  it('a cut-off session is told why when it asks to renew: disabled, ended by an administrator, or its password changed elsewhere', async () => {
    const renew = (s: Session) => post('/api/token/refresh', { refreshToken: s.refreshToken })
    const disabled = await login(server.url, 'sanhua.clerk')
    expect((await call('/api/admin/accounts/sanhua_clerk/disable', { disabled: true })).status).toBe(200)
    expect((await renew(disabled)).json).toMatchObject({ code: 'BAD_REFRESH', reason: 'DISABLED', message: '账号已被停用，请联系管理员' })
    expect((await call('/api/admin/accounts/sanhua_clerk/disable', { disabled: false })).status).toBe(200)

    const ended = await login(server.url, 'zhuwa.clerk')
    const otp = (await call('/api/admin/accounts/zhuwa_clerk/reset-password', {})).json.oneTimePassword as string
    expect((await renew(ended)).json).toMatchObject({ code: 'BAD_REFRESH', reason: 'REVOKED', message: '会话已被管理员终止，请重新登录' })

    // 强制下线: the sessions end, open sockets close at once, the account stays usable.
    const lost = await login(server.url, 'qingquan.clerk')
    const sock = connect(server.url, 'inbox:qingquan', lost.token)
    await synced(sock)
    const end = await call('/api/admin/accounts/qingquan_clerk/end-sessions', {})
    expect(end.status).toBe(200)
    await waitFor(() => sock.closes.some((x) => x.code === 4401), 5000, 'open socket closed')
    sock.destroy()
    expect((await renew(lost)).json).toMatchObject({ code: 'BAD_REFRESH', reason: 'REVOKED' })
    expect((await post('/api/login', { username: 'qingquan.clerk', password: 'demo123' })).status).toBe(200)
    expect(adminRows('强制下线 qingquan.clerk')).toHaveLength(1)
    expect((await call('/api/admin/accounts/admin/end-sessions', {})).json.code).toBe('CANNOT_END_OWN_SESSIONS')

    // The owner signs in on two computers and changes the password on one: the other is told so, not blamed on an admin.
    const here = await post('/api/login', { username: 'zhuwa.clerk', password: otp })
    const there = await post('/api/login', { username: 'zhuwa.clerk', password: otp })
    server.clock.advance(1000)
    const changed = await fetch(`${server.url}/api/password`, {
      method: 'POST',
      headers: { authorization: `Bearer ${here.json.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ oldPassword: otp, newPassword: 'Zhuwa-2026-new' })
    })
    expect(changed.status).toBe(200)
    expect((await post('/api/token/refresh', { refreshToken: there.json.refreshToken })).json).toMatchObject({
      code: 'BAD_REFRESH',
      reason: 'PASSWORD_CHANGED'
    })
  })

  it('several roles and bad input: clear codes, nothing written', async () => {
    const before = server.db.prepare('SELECT COUNT(*) AS n FROM audit').get()
    expect((await call('/api/admin/accounts', { id: 'x1', username: 'x1', name: '某', unitId: 'nowhere', roles: ['clerk'] })).json.code).toBe('BAD_UNIT')
    expect((await call('/api/admin/accounts', { id: 'x1', username: 'x1', name: '某', unitId: 'qingquan', roles: ['king'] })).json.code).toBe('BAD_ROLES')
    expect((await call('/api/admin/accounts', { id: 'x1', username: 'qingquan.clerk', name: '某', unitId: 'qingquan', roles: ['clerk'] })).json.code).toBe(
      'USERNAME_TAKEN'
    )
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM audit').get()).toEqual(before)
    const clerk = await login(server.url, 'qingquan.clerk')
    expect((await call('/api/admin/accounts', undefined, clerk.token)).status).toBe(403)
  })

  it('the administrator cannot open a task record (nor therefore edit it)', async () => {
    const leader = await login(server.url, 'xianzhang')
    const t = await createTask(server.url, leader)
    t.client.destroy()
    const s = await rawSocket(server.url, `task:${t.id}`, admin.token)
    expect((await s.closed).code).toBe(4403)
  })
})

describe('units', () => {
  it('a renamed unit keeps its old name for records of the time; a merge moves its people', async () => {
    const t0 = server.clock.now()
    const created = await call('/api/admin/units', { id: 'newtown', name: '新城乡', kind: 'township', shortName: '新城', docCode: '新政' })
    expect(created.status).toBe(201)
    server.clock.advance(60_000)
    const renamed = await call('/api/admin/units/newtown', { name: '新城镇' })
    expect(renamed.status).toBe(200)
    const u = unitsMap(server.hub.getRoom('directory').doc).get('newtown') as Unit
    expect(u.name).toBe('新城镇')
    expect(unitNameAt(u, t0)).toBe('新城乡')
    expect(unitNameAt(u, server.clock.now())).toBe('新城镇')
    expect(adminRows('单位更名 新城乡 → 新城镇')).toHaveLength(1)

    expect(
      (await call('/api/admin/accounts', { id: 'newtown_clerk', username: 'newtown.clerk', name: '赵六', unitId: 'newtown', roles: ['clerk'] })).status
    ).toBe(201)
    const m = await call('/api/admin/units/newtown/merge', { into: 'qingquan' })
    expect(m.json.moved).toBe(1)
    const dir = server.directory()
    expect(dir.person('newtown_clerk')?.unitId).toBe('qingquan')
    expect(dir.unit('newtown')?.mergedInto).toBe('qingquan')
    expect(dir.workingUnitIds.has('newtown')).toBe(false)
  })
})

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('通讯录')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('directory import', () => {
  it('an .xlsx of 10 units: preview lists the bad row, apply writes the rest as one audited change', async () => {
    const rows = [['单位', '姓名', '职务', '手机', '角色']]
    for (let i = 0; i < 10; i++) rows.push([`测试${i}镇`, `人员${i}`, '收发员', `1380000${String(i).padStart(4, '0')}`, '收发员'])
    rows.push(['测试0镇', '人员x', '副镇长', '1380000000', '部门负责人']) // 10 digits
    rows.push(['测试1镇', '人员1', '兼职', '13800000000', '部门负责人、收发员']) // same mobile as 人员0, other name
    rows.push(['测试2镇', '人员0', '兼职', '13800000000', '部门负责人']) // 人员0's second post
    const data = await xlsx(rows)
    const preview = await call('/api/admin/import/preview?format=xlsx', undefined, admin.token, { data, type: 'application/octet-stream' })
    expect(preview.status).toBe(200)
    expect(preview.json.problems.map((p: { row: number }) => p.row)).toEqual([12, 13])
    expect(preview.json.problems[0].message).toMatch(/手机号/)
    expect(preview.json.newUnits).toHaveLength(10)
    expect(preview.json.newPeople).toHaveLength(10)
    const p0 = (preview.json.newPeople as Person[]).find((p) => p.mobile === '13800000000')!
    expect(p0.posts).toHaveLength(1)
    expect(p0.roles).toEqual(['clerk', 'head'])
    // Nothing written by a preview.
    expect(server.directory().personByUsername('13800000000')).toBeUndefined()

    const auditBefore = (server.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n
    const applied = await call('/api/admin/import/apply?format=xlsx', undefined, admin.token, { data, type: 'application/octet-stream' })
    expect(applied.json).toEqual({ units: 10, added: 10, updated: 0, skipped: 2 })
    const auditAfter = (server.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n
    expect(auditAfter - auditBefore).toBe(2) // one directory update + one admin row
    expect(server.directory().personByUsername('13800000009')?.name).toBe('人员9')
    // Imported accounts have no password until the admin issues one.
    expect((await post('/api/login', { username: '13800000009', password: '' })).status).toBe(401)
    const reset = await call(`/api/admin/accounts/p13800000009/reset-password`, {})
    expect((await post('/api/login', { username: '13800000009', password: reset.json.oneTimePassword })).json.mustChangePassword).toBe(true)
  })

  it('CSV with a wrong header or format is refused with a code', async () => {
    const bad = await call('/api/admin/import/preview?format=csv', undefined, admin.token, { data: '姓名,单位\n张三,清泉镇\n', type: 'text/csv' })
    expect(bad.json.code).toBe('BAD_HEADER')
    const fmt = await call('/api/admin/import/preview?format=doc', undefined, admin.token, { data: 'x', type: 'text/plain' })
    expect(fmt.json.code).toBe('BAD_FORMAT')
    const ok = await call('/api/admin/import/preview?format=csv', undefined, admin.token, {
      data: '\uFEFF单位,姓名,职务,手机,角色\n"清泉镇",王五,"收发员, 兼",13911112222,收发员\n',
      type: 'text/csv'
    })
    expect(ok.json.problems).toEqual([])
    expect(ok.json.newPeople[0]).toMatchObject({ unitId: 'qingquan', title: '收发员, 兼' })
  })
})
