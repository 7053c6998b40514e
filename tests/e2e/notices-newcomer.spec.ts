/**
 * A notice to a unit follows the unit (docs/decisions.md): the county office
 * publishes to all townships with a 回执; afterwards the 系统管理员 moves 教育局's
 * clerk into 清泉镇 (the admin API the directory page uses). In her browser the
 * row on 清泉镇's 公告栏 opens, her read is recorded and she signs the 回执; the
 * publisher's tally counts her apart (后加入), not among the 32 it went to.
 */
import { openAs } from './helpers'
import { expect, test } from './fixtures'

const TITLE = '关于报送防汛值班人员名单的通知'

test('notice: someone moved into an addressed unit opens and signs it; the tally counts them apart', async ({ browser, server }) => {
  test.setTimeout(120_000)
  const { page: office } = await openAs(browser, server.url, 'zhengfuban.clerk')
  await office.goto(`${server.url}/#/notices`)
  await office.getByTestId('notice-new-tab').click()
  await office.getByTestId('notice-title').fill(TITLE)
  await office.locator('[data-testid="notice-body"] .ProseMirror').fill('请各乡镇于9月24日前报送防汛值班人员名单。')
  await office.getByTestId('notice-presets').getByText('全部乡镇').click()
  await office.getByTestId('notice-receipt').click()
  await office.getByTestId('notice-publish').click()
  await expect(office.getByTestId('notice-page-title')).toHaveText(TITLE)
  await expect(office.getByTestId('notice-tally-summary')).toContainText('应收 32 人 · 已读 0')

  // Moved after publishing, as the directory page does it (her sessions end; she signs in again).
  const login = (await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo123' })
  }).then((r) => r.json())) as { token: string }
  const moved = await fetch(`${server.url}/api/admin/accounts/jiaoyuju_clerk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ unitId: 'qingquan' })
  })
  expect(moved.status).toBe(200)

  const { page: ren } = await openAs(browser, server.url, 'jiaoyuju.clerk')
  await ren.goto(`${server.url}/#/notices`)
  await ren.getByTestId('notice-row').filter({ hasText: TITLE }).click()
  await expect(ren.getByTestId('notice-page-title')).toHaveText(TITLE)
  await expect(ren.getByTestId('notice-read-at')).toContainText('已于 2026-09-21')
  await ren.getByTestId('notice-confirm').click()
  await expect(ren.getByTestId('notice-receipt-done')).toContainText('已于 2026-09-21')

  // The publisher: still 32 owed, none of them confirmed; her 回执 shown apart.
  await expect(office.getByTestId('notice-tally-joined')).toContainText('另有后加入 1 人已阅')
  await expect(office.getByTestId('notice-tally-summary')).toContainText('应收 32 人 · 已读 0 · 未读 32 · 已回执 0')
  await office.getByText('按人员').click()
  await expect(office.getByTestId('tally-status-jiaoyuju_clerk')).toHaveText('已回执')
  await expect(office.getByTestId('tally-joined-jiaoyuju_clerk')).toHaveText('后加入')
})
