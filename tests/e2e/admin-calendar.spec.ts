/**
 * The administrator's page (系统管理 → 工作日历): the admin sees the
 * published schedule (休/班), adds a local exception with its reason, adds a
 * 代办件 type, marks a provisional year's official schedule complete. A clerk
 * has no 系统管理 entry; opening the page anyway shows it read-only, with the
 * admin's changes as the server holds them. After a reload they are still there;
 * a removal reaches the clerk live. A leader assigning meanwhile gets the new type
 * in the form and a server deadline that honours the exception.
 */
import { test, expect, type Page } from './fixtures'
import { assignTask, openAs } from './helpers'

const REASON = '县委决定：9月28日全县集中开展防汛检查，机关放假一天'

async function waitSynced(page: Page) {
  await expect(page.getByTestId('admin-calendar')).toBeVisible()
  await expect(page.getByTestId('admin-syncing')).toHaveCount(0)
}

test('the admin edits the work calendar and the 代办件 table; others only read them', async ({ browser, server }) => {
  const { page: admin } = await openAs(browser, server.url, 'admin')

  // 系统管理 → 工作日历 (server clock: 2026-09-21).
  await admin.getByTestId('nav-admin').click()
  await admin.getByTestId('nav-admin-calendar').click()
  await waitSynced(admin)
  await expect(admin.getByTestId('admin-month-title')).toHaveText('2026 年 9 月')
  await expect(admin.getByTestId('admin-year-status')).toContainText('已内置国务院公布的 2026 年节假日安排')
  await expect(admin.getByTestId('day-2026-09-20')).toHaveAttribute('data-mark', 'work') // 国庆节调休上班 (Sunday)
  await expect(admin.getByTestId('day-2026-10-01')).toHaveAttribute('data-mark', 'rest')
  await expect(admin.getByTestId('day-2026-09-28')).toHaveAttribute('data-work', '1')

  // A local exception: 2026-09-28 (Monday) becomes a day off, with the county's reason.
  await admin.getByTestId('day-2026-09-28').click()
  await expect(admin.getByTestId('admin-ovr-date')).toHaveValue('2026-09-28')
  await admin.getByTestId('admin-ovr-submit').click()
  await expect(admin.getByTestId('admin-ovr-form')).toContainText('请填写原因')
  await admin.getByTestId('admin-ovr-reason').fill(REASON)
  await admin.getByTestId('admin-ovr-submit').click()
  const row = admin.getByTestId('admin-ovr-row-2026-09-28')
  await expect(row).toContainText(REASON)
  await expect(row).toContainText('放假')
  await expect(row).toContainText('本地例外')
  await expect(admin.getByTestId('day-2026-09-28')).toHaveAttribute('data-mark', 'rest')
  await expect(admin.getByTestId('day-2026-09-28')).toContainText('县委决定')

  // A new 代办件 type; an incomplete row is explained, not written.
  const agency = admin.getByTestId('admin-agency')
  await expect(agency).toContainText('默认时限表')
  await admin.getByTestId('admin-agency-add').click()
  await admin.getByTestId('admin-agency-id-3').fill('survey')
  await admin.getByTestId('admin-agency-save').click()
  await expect(agency.getByTestId('admin-agency-error').first()).toContainText('请填写名称')
  await admin.getByTestId('admin-agency-label-3').fill('调研材料报送')
  await admin.getByTestId('admin-agency-days-3').fill('7')
  await admin.getByTestId('admin-agency-save').click()
  await expect(agency).toContainText('管理员维护')
  await expect(admin.getByTestId('admin-agency-save')).toBeDisabled()

  // 2027 has no published schedule: provisional until the admin marks it complete.
  await admin.getByTestId('admin-year').click()
  await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2027 年' }).click()
  await expect(admin.getByTestId('admin-provisional')).toContainText('2027 年份无官方数据，期限为暂定')
  await expect(admin.getByTestId('day-2027-09-01')).toHaveClass(/qf-cal-prov/)
  await admin.getByTestId('admin-official-switch').click()
  await expect(admin.getByTestId('admin-year-status')).toContainText('2027 年官方安排已由管理员录入完整')
  await expect(admin.getByTestId('admin-denial')).toHaveCount(0)

  // A clerk: no 系统管理 in the sidebar; the page, opened anyway, is read-only and shows the server's data.
  const { page: clerk } = await openAs(browser, server.url, 'qingquan.clerk')
  await expect(clerk.getByTestId('nav-todo')).toBeVisible()
  await expect(clerk.getByTestId('nav-admin')).toHaveCount(0)
  await expect(clerk.getByTestId('nav-admin-calendar')).toHaveCount(0)
  await clerk.goto(`${server.url}/#/admin/calendar`)
  await waitSynced(clerk)
  await expect(clerk.getByTestId('admin-readonly')).toBeVisible()
  await expect(clerk.getByTestId('admin-ovr-form')).toHaveCount(0)
  await expect(clerk.getByTestId('admin-agency-save')).toHaveCount(0)
  await expect(clerk.getByTestId('admin-ovr-row-2026-09-28')).toContainText(REASON)
  await expect(clerk.getByTestId('admin-agency-row-survey')).toContainText('7 个工作日')
  await expect(clerk.getByTestId('admin-ovr-remove-2026-09-28')).toHaveCount(0)

  // A leader's assign form offers the new type, and the server's deadline follows both the
  // table (7 working days) and the exception: from Monday 2026-09-21 count 22, 23, 24 (中秋
  // 25–27 off), 29, 30 (the 28th is now off), then 国庆 until 10-07, 10-08, 10-09 — due
  // 10-09; without the exception it would be 10-08.
  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  await assignTask(leader, { title: '报送秋季农业生产调研材料', lead: '清泉镇', agencyType: '调研材料报送' })
  await expect(leader.getByTestId('task-due')).toContainText('2026-10-09')

  // The admin's changes survive a reload.
  await admin.reload()
  await waitSynced(admin)
  await expect(admin.getByTestId('admin-ovr-row-2026-09-28')).toContainText(REASON)
  await expect(admin.getByTestId('admin-agency-row-survey')).toBeVisible()

  // Removing the exception: gone for the clerk too, live.
  await admin.getByTestId('admin-ovr-remove-2026-09-28').click()
  await admin.getByTestId('admin-ovr-remove-ok').click()
  await expect(admin.getByTestId('admin-ovr-row-2026-09-28')).toHaveCount(0)
  await expect(clerk.getByTestId('admin-ovr-row-2026-09-28')).toHaveCount(0)
  await expect(clerk.getByTestId('day-2026-09-28')).toHaveAttribute('data-work', '1')
})
