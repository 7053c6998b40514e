/**
 * 归档 in a real browser (docs/decisions.md, "Archive"): a cancelled task, a year and more later,
 * is archived by the server; it leaves the leader's lists, 归档查询 finds it, and it opens read-only
 * (no actions, the archived banner) — fetched on demand, since it is no longer synced with the lists.
 */
import { expect, loginAs, test } from './fixtures'
import { assignTask, openAs } from './helpers'

test('a long-closed task is archived, found by 归档查询 and opens read-only', async ({ browser, page, server }) => {
  await loginAs(page, server.url, 'xianzhang')
  const id = await assignTask(page, { title: '归档演示：春季植树', lead: '清泉镇' })
  await page.getByTestId('action-cancel').click()
  await page.getByTestId('field-reason').fill('计划调整，不再办理')
  await page.getByTestId('action-submit').click()
  await expect(page.getByTestId('task-page')).toContainText('已撤销')
  const openId = await assignTask(page, { title: '归档演示：仍在办理', lead: '清泉镇' })

  // A year and a month later: the server archives it (the test clock runs the hourly job).
  await server.advanceClock(400 * 86_400_000)
  // The session expired long ago on the server's clock: the leader signs in afresh.
  const { page: later } = await openAs(browser, server.url, 'xianzhang')

  // Out of the lists about current work.
  await later.getByTestId('nav-tasks').click()
  await expect(later.getByTestId(`task-row-${openId}`)).toBeVisible()
  await expect(later.getByTestId(`task-row-${id}`)).toHaveCount(0)

  // 归档查询 finds it; it opens read-only.
  await later.getByTestId('nav-archive').click()
  await later.getByTestId('archive-q').fill('植树')
  await later.getByTestId('archive-search').click()
  await later.getByTestId(`archive-row-${id}`).click()
  await expect(later.getByTestId('task-heading')).toContainText('归档演示：春季植树')
  await expect(later.getByTestId('archived-banner')).toBeVisible()
  await expect(later.getByTestId('action-cancel')).toHaveCount(0)
})

test('an expired notice is archived: off the boards, found by 归档查询 as 通知, opens read-only', async ({ browser, page, server }) => {
  const TITLE = '归档演示：国庆假期值班安排的通知'
  await loginAs(page, server.url, 'zhengfuban.clerk')
  await page.goto(`${server.url}/#/notices`)
  await page.getByTestId('notice-new-tab').click()
  await page.getByTestId('notice-title').fill(TITLE)
  await page.locator('[data-testid="notice-body"] .ProseMirror').fill('国庆期间各单位安排专人值班。')
  await page.getByTestId('notice-presets').getByText('全部乡镇').click()
  await page.getByTestId('notice-expires').fill('2026-10-08')
  await page.getByTestId('notice-publish').click()
  await expect(page.getByTestId('notice-page-title')).toHaveText(TITLE)
  const id = /#\/notices\/([A-Za-z0-9_-]+)/.exec(page.url())![1]

  // More than a year after its expiry day: the server archives it (the test clock runs the hourly job).
  await server.advanceClock(400 * 86_400_000)
  const { page: reader } = await openAs(browser, server.url, 'qingquan.clerk')
  await reader.goto(`${server.url}/#/notices`)
  await expect(reader.getByTestId('notice-row').filter({ hasText: TITLE })).toHaveCount(0)

  // Its audience finds it in 归档查询, marked 通知, and it opens read-only.
  await reader.getByTestId('nav-archive').click()
  await reader.getByTestId('archive-q').fill('国庆假期值班')
  await reader.getByTestId('archive-search').click()
  await expect(reader.getByTestId(`archive-row-${id}`).getByTestId('archive-kind-tag')).toHaveText('通知')
  await reader.getByTestId(`archive-row-${id}`).click()
  await expect(reader.getByTestId('notice-page-title')).toHaveText(TITLE)
  await expect(reader.getByTestId('archived-banner')).toBeVisible()

  // The publisher sees it read-only too: no withdraw, no 更正.
  const { page: office } = await openAs(browser, server.url, 'zhengfuban.clerk')
  await office.goto(`${server.url}/#/notices/${id}`)
  await expect(office.getByTestId('archived-banner')).toBeVisible()
  await expect(office.getByTestId('notice-withdraw')).toHaveCount(0)
  await expect(office.getByTestId('notice-correct')).toHaveCount(0)
})
