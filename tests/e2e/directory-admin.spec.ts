/**
 * 系统管理 → 通讯录与账号 (docs/deploy.md, "Accounts"): the admin imports a
 * 10-unit directory from a small .xlsx whose one bad row is refused in the
 * preview; merges two of its units; adds a person and edits them (mobile, a
 * post in a second unit); disables another whose open client is cut off at
 * once; resets a password, which must then be changed at the next login
 * before the app works. Then the three officers of 等保 see only their own part.
 */
import ExcelJS from 'exceljs'
import { test, expect, loginAs, type Page } from './fixtures'
import { openAs } from './helpers'

async function directoryFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('通讯录')
  ws.addRow(['单位', '姓名', '职务', '手机', '角色'])
  for (let i = 0; i < 10; i++) ws.addRow([`新区${i}镇`, `新人${i}`, '收发员', `1370000${String(i).padStart(4, '0')}`, '收发员'])
  ws.addRow(['新区3镇', '错行', '副镇长', '1370000', '收发员']) // row 12: a 7-digit mobile
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('the admin imports a directory, adds a person, disables one and resets another', async ({ browser, server }) => {
  const { page: admin } = await openAs(browser, server.url, 'admin')
  const { page: victim } = await openAs(browser, server.url, 'bahe.clerk')

  await admin.getByTestId('nav-admin').click()
  await admin.getByTestId('nav-admin-directory').click()
  await expect(admin.getByTestId('ops-directory')).toBeVisible()

  // Import: preview names the bad row and why; nothing is written until confirmed.
  await admin.getByTestId('ops-tab-import').click()
  await admin
    .locator('input[type=file]')
    .setInputFiles({ name: '通讯录.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await directoryFile() })
  await expect(admin.getByTestId('ops-import-summary')).toContainText('将新增单位 10 个，新增 10 人，更新 0 人；有 1 行无法导入')
  await expect(admin.getByTestId('ops-import-problem-12')).toContainText('手机号“1370000”无效')
  await admin.getByTestId('ops-import-apply').click()
  await expect(admin.getByTestId('ops-import-done')).toContainText('新增单位 10 个，新增 10 人，更新 0 人，跳过 1 行')
  await admin.getByTestId('ops-tab-units').click()
  await expect(admin.getByText('新区9镇')).toBeVisible()

  // Merge (机构改革): 新区9镇 into 新区8镇, after a confirmation that says who moves.
  const row9 = admin.getByTestId(/^ops-unit-/).filter({ hasText: '新区9镇' })
  await row9.locator('[data-testid^="ops-merge-"]').click()
  await admin.getByTestId('ops-merge-into').locator('input').fill('新区8镇')
  await admin.keyboard.press('Enter')
  await admin.getByTestId('ops-merge-next').click()
  await expect(admin.getByTestId('ops-merge-confirm-text')).toHaveText('确定将「新区9镇」并入「新区8镇」？1 人将转入并需重新登录。')
  await admin.getByTestId('ops-merge-ok').click()
  await expect(row9).toContainText('已并入新区8镇')
  await expect(row9.locator('[data-testid^="ops-merge-"]')).toHaveCount(0)

  // Add a person with two roles; the one-time password is shown once.
  await admin.getByTestId('ops-tab-accounts').click()
  await admin.getByTestId('ops-add-person').click()
  await admin.getByTestId('ops-person-name').fill('郑新')
  await admin.getByTestId('ops-person-username').fill('qingquan.zheng')
  await admin.getByTestId('ops-person-id').fill('qingquan_zheng')
  // The merged unit is out of the pickers.
  await admin.getByTestId('ops-person-unit').locator('input').fill('新区9镇')
  await expect(admin.locator('.ant-select-dropdown:visible .ant-select-item-empty')).toBeVisible()
  await admin.getByTestId('ops-person-unit').locator('input').fill('清泉镇')
  await admin.keyboard.press('Enter')
  await admin.getByTestId('ops-person-roles').click()
  await admin.getByTitle('收发员').click()
  await admin.getByTitle('部门负责人').click()
  await admin.keyboard.press('Escape')
  await admin.getByTestId('ops-person-submit').click()
  await expect(admin.getByTestId('ops-otp-value')).toHaveText(/^[A-Za-z0-9]{12}$/)
  await admin.getByRole('button', { name: /OK|确定|确 定/ }).click()
  await admin.getByTestId('ops-search').locator('input').fill('qingquan.zheng')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await expect(admin.getByTestId('ops-status-qingquan.zheng')).toContainText('待改密码')

  // Edit: a mobile number (a bad one first) and a post in a second unit, saved after a confirmation.
  await admin.getByTestId('ops-edit-qingquan.zheng').click()
  await admin.getByTestId('ops-edit-mobile').fill('1390000')
  await admin.getByTestId('ops-edit-submit').click()
  await expect(admin.getByText('手机号须为11位数字')).toBeVisible()
  await admin.getByTestId('ops-edit-mobile').fill('13900001234')
  await admin.getByTestId('ops-edit-add-post').click()
  await admin.getByTestId('ops-edit-post-unit-0').locator('input').fill('新区1镇')
  await admin.keyboard.press('Enter')
  await admin.getByTestId('ops-edit-post-title-0').fill('挂职副镇长')
  await admin.getByTestId('ops-edit-submit').click()
  await expect(admin.getByTestId('ops-edit-confirm-text')).toContainText('修改将记入操作日志')
  await admin.getByTestId('ops-edit-ok').click()
  await expect(admin.getByTestId('ops-account-qingquan.zheng')).toContainText('13900001234')
  await expect(admin.getByTestId('ops-account-qingquan.zheng')).toContainText('新区1镇挂职副镇长')

  // The person of the merged unit now belongs to the surviving one.
  await admin.getByTestId('ops-search').locator('input').fill('新人9')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await expect(admin.getByTestId('ops-account-13700000009')).toContainText('新区8镇')

  // Disable bahe.clerk: their open client is signed out at once.
  await admin.getByTestId('ops-search').locator('input').fill('bahe.clerk')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await admin.getByTestId('ops-disable-bahe.clerk').click()
  await admin.getByTestId('ops-confirm-disable').click()
  await expect(admin.getByTestId('ops-status-bahe.clerk')).toContainText('已停用')
  // What the person sees: their open client is back at the sign-in page, saying the session ended.
  await expect(victim.getByTestId('login-title')).toBeVisible()
  // Told why, not the generic "登录已过期": the server's refusal reason reaches the sign-in page.
  await expect(victim.getByTestId('login-notice')).toContainText('账号已被停用，请联系管理员')
  await victim.getByTestId('login-username').fill('bahe.clerk')
  await victim.getByTestId('login-password').fill('demo123')
  await victim.getByTestId('login-submit').click()
  await expect(victim.getByTestId('login-error')).toBeVisible()

  // Reset caihe.clerk: the one-time password works once, and must be changed first.
  await admin.getByTestId('ops-search').locator('input').fill('caihe.clerk')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await admin.getByTestId('ops-reset-caihe.clerk').click()
  // The reset's own one-time password: wait for its dialog before reading it.
  // Read it from the dialog that names 何静怡 (caihe.clerk): an earlier one-time password may still be in the page.
  const otpValue = admin.getByTestId('ops-otp').filter({ hasText: '何静怡' }).getByTestId('ops-otp-value')
  await expect(otpValue).toHaveText(/^[A-Za-z0-9]{12}$/)
  const otp = (await otpValue.textContent())!.trim()
  expect(otp).toMatch(/^[A-Za-z0-9]{12}$/)

  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await loginAs(page, server.url, 'caihe.clerk', otp)
  await expect(page.getByTestId('ops-pw-submit')).toBeVisible()
  // The server refuses this account's rooms until the change: the app cannot go online behind the dialog.
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'offline')
  await page.getByTestId('ops-pw-old').fill(otp)
  await page.getByTestId('ops-pw-new').fill('short')
  await page.getByTestId('ops-pw-again').fill('short')
  await page.getByTestId('ops-pw-submit').click()
  await expect(page.getByTestId('ops-pw-error')).toContainText('密码至少10个字符')
  await page.getByTestId('ops-pw-new').fill('Caihe-2026-secure')
  await page.getByTestId('ops-pw-again').fill('Caihe-2026-secure')
  await page.getByTestId('ops-pw-submit').click()
  await expect(page.getByTestId('ops-pw-submit')).toHaveCount(0)
  // Still signed in, and now the rooms open: the person can work.
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
  await ctx.close()
})

/** A new account with one role, past its forced password change (over the API, as the 安全管理员 would hand it out). */
async function officer(url: string, adminToken: string, id: string, role: string): Promise<string> {
  const j = async (path: string, body: unknown, token?: string) =>
    (await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body)
    }).then((r) => r.json())) as Record<string, any>
  const made = await j('/api/admin/accounts', { id: id.replace('.', '_'), username: id, name: `管理${id}`, unitId: 'shuju', roles: [role] }, adminToken)
  expect(made.oneTimePassword, JSON.stringify(made)).toBeTruthy()
  const first = await j('/api/login', { username: id, password: made.oneTimePassword })
  expect(first.mustChangePassword, JSON.stringify(first)).toBe(true)
  const password = `Strong-${id}-2026`
  const changed = await j('/api/password', { oldPassword: made.oneTimePassword, newPassword: password }, first.token)
  expect(changed.mustChangePassword, JSON.stringify(changed)).toBe(false)
  return password
}

async function openDirectory(page: Page) {
  await page.getByTestId('nav-admin').click()
  await page.getByTestId('nav-admin-directory').click()
  await expect(page.getByTestId('ops-directory')).toBeVisible()
}

test('the 系统管理员, 安全管理员 and 审计管理员 each see only their own part', async ({ browser, server }) => {
  const adminToken = (
    (await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo123' })
    }).then((r) => r.json())) as { token: string }
  ).token
  const pw = {
    sys: await officer(server.url, adminToken, 'it.sys', 'sysadmin'),
    sec: await officer(server.url, adminToken, 'it.sec', 'secadmin'),
    aud: await officer(server.url, adminToken, 'it.aud', 'auditadmin')
  }

  const sysCtx = await browser.newContext()
  const sys = await sysCtx.newPage()
  await loginAs(sys, server.url, 'it.sys', pw.sys)
  await openDirectory(sys)
  await expect(sys.getByTestId('ops-tab-import')).toBeVisible()
  await expect(sys.getByTestId('ops-tab-trail')).toHaveCount(0)
  await expect(sys.getByTestId('ops-edit-bahe.clerk')).toBeVisible()
  await expect(sys.getByTestId('ops-disable-bahe.clerk')).toHaveCount(0)
  await expect(sys.getByTestId('ops-reset-bahe.clerk')).toHaveCount(0)
  // The work calendar is configuration: the 系统管理员 keeps it (docs/decisions.md), and may write it.
  await sys.getByTestId('nav-admin-calendar').click()
  await expect(sys.getByTestId('admin-calendar')).toBeVisible()
  await expect(sys.getByTestId('admin-syncing')).toHaveCount(0)
  await expect(sys.getByTestId('admin-ovr-form')).toBeVisible()
  await expect(sys.getByTestId('admin-readonly')).toHaveCount(0)

  const outCtx = await browser.newContext()
  const out = await outCtx.newPage()
  await loginAs(out, server.url, 'qingquan.clerk')
  await expect(out.getByTestId('nav-todo')).toBeVisible()

  const secCtx = await browser.newContext()
  const sec = await secCtx.newPage()
  await loginAs(sec, server.url, 'it.sec', pw.sec)
  await openDirectory(sec)
  // 强制下线: the person's open client is back at sign-in at once, told an administrator ended it.
  await sec.getByTestId('ops-search').locator('input').fill('qingquan.clerk')
  await sec.getByTestId('ops-search').locator('input').press('Enter')
  await sec.getByTestId('ops-end-sessions-qingquan.clerk').click()
  await sec.getByTestId('ops-confirm-end-sessions').click()
  await expect(out.getByTestId('login-notice')).toContainText('会话已被管理员终止')
  await sec.getByTestId('ops-search').locator('input').fill('')
  await sec.getByTestId('ops-search').locator('input').press('Enter')
  await expect(sec.getByTestId('ops-reset-bahe.clerk')).toBeVisible()
  await expect(sec.getByTestId('ops-tab-units')).toHaveCount(0)
  await expect(sec.getByTestId('ops-tab-import')).toHaveCount(0)
  await expect(sec.getByTestId('ops-tab-trail')).toHaveCount(0)
  await expect(sec.getByTestId('ops-add-person')).toHaveCount(0)
  // Not the calendar: no entry in 系统管理, and the page opened anyway only reads.
  await expect(sec.getByTestId('nav-admin-calendar')).toHaveCount(0)
  await sec.goto(`${server.url}/#/admin/calendar`)
  await expect(sec.getByTestId('admin-readonly')).toBeVisible()
  await expect(sec.getByTestId('admin-ovr-form')).toHaveCount(0)

  const audCtx = await browser.newContext()
  const aud = await audCtx.newPage()
  await loginAs(aud, server.url, 'it.aud', pw.aud)
  await openDirectory(aud)
  await expect(aud.getByTestId('ops-logins-bahe.clerk')).toBeVisible()
  await expect(aud.getByTestId('ops-edit-bahe.clerk')).toHaveCount(0)
  await expect(aud.getByTestId('ops-disable-bahe.clerk')).toHaveCount(0)
  await expect(aud.getByTestId('ops-add-person')).toHaveCount(0)
  await aud.getByTestId('ops-tab-trail').click()
  await expect(aud.getByTestId('ops-trail')).toContainText('新增账号 it.sys')
  await expect(aud.getByTestId('ops-trail')).toContainText('新增账号 it.aud')
  await Promise.all([sysCtx.close(), outCtx.close(), secCtx.close(), audCtx.close()])
})
