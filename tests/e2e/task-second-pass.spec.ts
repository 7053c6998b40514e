/**
 * 交办件, second pass (docs/decisions.md), in a real browser against a real server: the
 * 工作台, the assign form's deadline preview and earlier date (a past date explained), the
 * server's number shown and found with any brackets, the bell listing the new assignment,
 * the county-wide read of a top leader, and the 督办单 print. Screens are also captured at
 * 1366×768 with 125% scaling (viewport 1093×614, deviceScaleFactor 1.25).
 */
import { test, expect } from './fixtures'
import { loginAs } from './fixtures'
import { openAs, pickUnit, recordNotifications } from './helpers'

test('工作台, earlier deadline, number, bell, county-wide read, 督办单', async ({ browser, server }) => {
  test.setTimeout(240_000) // five users, one after another, on a loaded machine
  const errors: string[] = []
  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  leader.on('pageerror', (e) => errors.push(String(e)))

  // The start page is the 工作台 with the leader's shortcut.
  await expect(leader.getByTestId('home-page')).toBeVisible()
  await leader.getByTestId('home-assign').click()

  // Failed validation: the form says what is missing, nothing is thrown.
  await leader.getByTestId('assign-submit').click()
  await expect(leader.getByTestId('assign-form').locator('.ant-form-item-explain-error').first()).toBeVisible()

  await leader.getByTestId('assign-title').fill('关于开展汛后水毁设施排查的交办')
  // The preview is the server's rule: 15 working days from 2026-09-21.
  await expect(leader.getByTestId('assign-rule-deadline')).toHaveAttribute('data-date', '2026-10-19')
  await leader.getByTestId('assign-earlier').click()
  // The picker marks the 国庆 days off (休) and the make-up Saturday (班).
  await leader.getByTestId('assign-due-by').click()
  await leader.keyboard.type('2026-09-18')
  await leader.keyboard.press('Enter')
  await expect(leader.getByText('不能选择今天之前的日期')).toBeVisible()
  await leader.getByTestId('assign-due-by').click()
  await leader.keyboard.press('Control+A')
  await leader.keyboard.type('2026-10-20')
  await leader.keyboard.press('Enter')
  await expect(leader.getByText('不能晚于规定期限 2026-10-19')).toBeVisible()
  await leader.getByTestId('assign-due-by').click()
  await leader.keyboard.press('Control+A')
  await leader.keyboard.type('2026-10-09')
  await expect(leader.locator('[data-testid="day-off-2026-10-07"]').first()).toBeVisible()
  await expect(leader.locator('[data-testid="day-makeUp-2026-10-10"]').first()).toBeVisible()
  await leader.keyboard.press('Enter')
  await expect(leader.locator('.ant-picker-dropdown:visible')).toHaveCount(0)
  await pickUnit(leader, 'assign-lead', '清泉镇')
  await leader.getByTestId('assign-submit').click()
  await expect(leader.getByTestId('task-heading')).toContainText('汛后水毁')
  const id = /#\/tasks\/([A-Za-z0-9_-]+)/.exec(leader.url())![1]
  await expect(leader.getByTestId('task-due')).toContainText('2026-10-09')
  await expect(leader.getByTestId('task-number')).toHaveText('交办〔2026〕1号')

  // Found by its number typed with square brackets.
  await leader.getByTestId('nav-tasks').click()
  await leader.getByTestId('task-search').locator('input').fill('交办[2026]1号')
  await expect(leader.getByTestId(`task-row-${id}`)).toBeVisible()
  await leader.getByTestId('task-search').locator('input').fill('交办[2026]2号')
  await expect(leader.getByTestId(`task-row-${id}`)).toBeHidden()

  // The clerk: the new assignment is in the bell, and the 待办 row says 签收.
  const ctx = await browser.newContext({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 })
  await recordNotifications(ctx)
  const clerk = await ctx.newPage()
  clerk.on('pageerror', (e) => errors.push(String(e)))
  await loginAs(clerk, server.url, 'qingquan.clerk')
  await expect(clerk.getByTestId('task-list-todo').getByTestId('task-awaited')).toHaveAttribute('data-awaited', 'sign')
  await expect(clerk.getByTestId('home-count-todo')).toHaveAttribute('data-count', '1')
  await clerk.screenshot({ path: '/tmp/qf-home-1366-125.png' })
  await clerk.getByTestId('reminders-bell').click()
  await expect(clerk.getByTestId('reminders-list')).toContainText('新交办：交办〔2026〕1号')
  await clerk.keyboard.press('Escape')
  await clerk.getByTestId('nav-tasks').click()
  await expect(clerk.getByTestId(`task-row-${id}`)).toBeVisible()
  await clerk.screenshot({ path: '/tmp/qf-tasks-1366-125.png' })
  // All six tabs visible at this size (the search sits above them, not beside).
  await expect(clerk.getByTestId('tab-cancelled')).toBeVisible()
  await clerk.getByTestId(`task-row-${id}`).getByTestId('task-title').click()
  await expect(clerk.getByTestId('task-page')).toBeVisible()
  await clerk.screenshot({ path: '/tmp/qf-task-1366-125.png' })
  // The extension form explains a date that is too early instead of hiding it; an empty
  // submit shows what is missing and throws nothing.
  await clerk.getByTestId('action-sign').click()
  await expect(clerk.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')
  await clerk.getByTestId('action-extension_request').click()
  await clerk.getByTestId('action-submit').click()
  await expect(clerk.getByTestId('action-form-extension_request').locator('.ant-form-item-explain-error').first()).toBeVisible()
  await clerk.getByTestId('field-proposed-date').click()
  await clerk.keyboard.type('2026-09-30')
  await clerk.keyboard.press('Enter')
  await expect(clerk.getByText('申请的期限必须晚于当前期限（2026-10-09）和今天')).toBeVisible()
  await clerk.keyboard.press('Escape')

  // 县委书记: county-wide, read-only.
  const { page: shuji } = await openAs(browser, server.url, 'shuji')
  await shuji.goto(`${server.url}/#/tasks/${id}`)
  await expect(shuji.getByTestId('task-heading')).toContainText('汛后水毁')
  await expect(shuji.getByTestId('task-warning')).toHaveAttribute('data-level', 'normal')
  await expect(shuji.getByTestId('task-actions')).toHaveCount(0)

  // 督办单: printed through the oversight print path; on paper only the sheet shows.
  await leader.goto(`${server.url}/#/tasks/${id}`)
  await leader.evaluate(() => {
    const w = window as unknown as { __printed: string[]; print: () => void }
    w.__printed = []
    w.print = () => void w.__printed.push(document.title)
  })
  await leader.getByTestId('task-print').click()
  await expect
    .poll(() => leader.evaluate(() => (window as unknown as { __printed: string[] }).__printed))
    .toEqual([expect.stringContaining('督办单 交办〔2026〕1号')])
  await leader.emulateMedia({ media: 'print' })
  await expect(leader.getByTestId('supervision-sheet')).toBeVisible()
  await expect(leader.getByTestId('task-page')).toBeHidden()
  await expect(leader.getByTestId('sheet-number')).toHaveText('交办〔2026〕1号')
  await expect(leader.getByTestId('sheet-step')).toHaveCount(2) // 交办, 签收
  await leader.screenshot({ path: '/tmp/qf-sheet-print.png', fullPage: true })
  await leader.emulateMedia({ media: 'screen' })

  // 督查室 at 1366×768, 125%: the efficiency table shows its last column.
  const octx = await browser.newContext({ viewport: { width: 1093, height: 614 }, deviceScaleFactor: 1.25 })
  const ov = await octx.newPage()
  await loginAs(ov, server.url, 'duchashi')
  await ov.getByTestId('nav-oversight').click()
  await ov.getByTestId('oversight-tab-efficiency').click()
  await expect(ov.getByTestId('oversight-workspace')).toBeVisible()
  const lastHeader = ov.getByTestId('oversight-workspace').locator('.ant-table-thead th').last()
  await lastHeader.scrollIntoViewIfNeeded()
  const box = (await lastHeader.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(1093)
  await ov.screenshot({ path: '/tmp/qf-efficiency-1366-125.png' })
  // 全部事项 opens on a sub-tab that has something in it (办理中 here), not on an empty 超期.
  await ov.getByTestId('oversight-tab-all').click()
  await expect(ov.getByTestId('task-list-oversight-doing').getByTestId(`task-row-${id}`)).toBeVisible()
  await ov.getByTestId('nav-tasks').click()
  await expect(ov.getByTestId(`task-row-${id}`)).toBeVisible()
  await ov.screenshot({ path: '/tmp/qf-county-1366-125.png' })

  expect(errors).toEqual([])
})

test('代录: 督查室 records a leader’s instruction; the leader is reminded and corrects it', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const { page: sup } = await openAs(browser, server.url, 'duchashi')
  // 督查室's 工作台 offers its own tools, not an empty 待办.
  await expect(sup.getByTestId('home-page')).toBeVisible()
  await expect(sup.getByTestId('nav-todo')).toHaveCount(0)
  await sup.getByTestId('home-proxy-assign').click()
  await sup.getByTestId('assign-for-leader').click()
  await sup.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '曾新民' }).first().click()
  await sup.getByTestId('assign-title').fill('县长批示：整治校园周边环境')
  await pickUnit(sup, 'assign-lead', '清泉镇')
  await sup.getByTestId('assign-submit').click()
  await expect(sup.getByTestId('task-heading')).toContainText('整治校园周边环境')
  await expect(sup.getByTestId('task-assigned-by')).toContainText('曾新民')
  await expect(sup.getByTestId('task-recorded-by')).toContainText('邓晓燕')
  await expect(sup.getByTestId('event-recorded-for')).toContainText('曾新民')
  const id = /#\/tasks\/([A-Za-z0-9_-]+)/.exec(sup.url())![1]

  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  await leader.getByTestId('reminders-bell').click()
  await expect(leader.getByTestId('reminders-list')).toContainText('代录待核对')
  await leader.getByTestId('reminders-list').getByText('代录待核对').first().click()
  await expect(leader.getByTestId('task-page')).toHaveAttribute('data-task-id', id)
  await leader.getByTestId('action-correct').click()
  await leader.getByTestId('field-title').fill('县长批示：整治校园周边交通秩序')
  await leader.getByTestId('field-reason').fill('口头交办记录有误')
  await leader.getByTestId('action-submit').click()
  await expect(leader.getByTestId('task-heading')).toHaveText('县长批示：整治校园周边交通秩序')
  await expect(sup.getByTestId('task-heading')).toHaveText('县长批示：整治校园周边交通秩序')
})
