/**
 * 系统管理 → 通讯录与账号 (docs/deploy.md, "Accounts"): the admin imports a
 * 10-unit directory from a small .xlsx whose one bad row is refused in the
 * preview; adds a person; disables another whose open client is cut off at
 * once; resets a password, which must then be changed at the next login.
 */
import ExcelJS from 'exceljs'
import { test, expect, loginAs } from './fixtures'
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

  // Add a person with two roles; the one-time password is shown once.
  await admin.getByTestId('ops-tab-accounts').click()
  await admin.getByTestId('ops-add-person').click()
  await admin.getByTestId('ops-person-name').fill('郑新')
  await admin.getByTestId('ops-person-username').fill('qingquan.zheng')
  await admin.getByTestId('ops-person-id').fill('qingquan_zheng')
  await admin.getByTestId('ops-person-unit').click()
  await admin.keyboard.type('清泉镇')
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

  // Disable bahe.clerk: their open client is signed out at once.
  await admin.getByTestId('ops-search').locator('input').fill('bahe.clerk')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await admin.getByTestId('ops-disable-bahe.clerk').click()
  await admin.getByTestId('ops-confirm-disable').click()
  await expect(admin.getByTestId('ops-status-bahe.clerk')).toContainText('已停用')
  await expect(victim.getByTestId('login-title')).toBeVisible()

  // Reset caihe.clerk: the one-time password works once, and must be changed first.
  await admin.getByTestId('ops-search').locator('input').fill('caihe.clerk')
  await admin.getByTestId('ops-search').locator('input').press('Enter')
  await admin.getByTestId('ops-reset-caihe.clerk').click()
  // The reset's own one-time password: wait for its dialog before reading it.
  await expect(admin.getByTestId('ops-otp-value')).toHaveText(/^[A-Za-z0-9]{12}$/)
  const otp = (await admin.getByTestId('ops-otp-value').textContent())!.trim()
  expect(otp).toMatch(/^[A-Za-z0-9]{12}$/)

  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await loginAs(page, server.url, 'caihe.clerk', otp)
  await expect(page.getByTestId('ops-pw-submit')).toBeVisible()
  await page.getByTestId('ops-pw-old').fill(otp)
  await page.getByTestId('ops-pw-new').fill('short')
  await page.getByTestId('ops-pw-again').fill('short')
  await page.getByTestId('ops-pw-submit').click()
  await expect(page.getByTestId('ops-pw-error')).toContainText('密码至少10个字符')
  await page.getByTestId('ops-pw-new').fill('Caihe-2026-secure')
  await page.getByTestId('ops-pw-again').fill('Caihe-2026-secure')
  await page.getByTestId('ops-pw-submit').click()
  await expect(page.getByTestId('ops-pw-submit')).toHaveCount(0)
  // Still signed in, now with the new password on record.
  await expect(page.getByTestId('conn-state')).toBeVisible()
  await ctx.close()
})
