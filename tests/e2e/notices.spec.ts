/**
 * 通知公告 end to end (the flow): the county office publishes a meeting
 * notice to all townships with a 回执 and a deadline; three township clerks
 * read it, two confirm (one with an attachment); the publisher sees the exact
 * tally live and reminds the unread, the reminder arriving once; the clock
 * passes the deadline and the missing 回执 is red for the publisher and, per
 * unit, in the reviewer's 纪委监委 workspace; a withdrawal is seen by every reader.
 */
import { openAs, notifications } from './helpers'
import { expect, loginAs, test } from './fixtures'

const TITLE = '关于召开全县防汛工作会议的通知'

test('notice: publish to all townships, read, confirm, remind, overdue, withdraw', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const readers = await Promise.all(['qingquan.clerk', 'sanhua.clerk', 'bahe.clerk'].map((u) => openAs(browser, server.url, u)))
  const { page: office } = await openAs(browser, server.url, 'zhengfuban.clerk')

  // 1. Publish: all townships, 回执 with optional text and file, three working days.
  await office.goto(`${server.url}/#/notices`)
  await office.getByTestId('notice-new-tab').click()
  await office.getByTestId('notice-title').fill(TITLE)
  await office.locator('[data-testid="notice-body"] .ProseMirror').fill('定于9月24日上午9时在县政府三楼会议室召开全县防汛工作会议。\n请各乡镇主要负责人参会。')
  await office.getByTestId('notice-presets').getByText('全部乡镇').click()
  await office.getByTestId('notice-receipt').click()
  await office.getByTestId('notice-deadline-mode').getByText('发布后工作日数').click()
  await office.getByTestId('notice-deadline-days').fill('3')
  await office.getByTestId('notice-publish').click()
  await expect(office.getByTestId('notice-page-title')).toHaveText(TITLE)
  const id = /#\/notices\/([A-Za-z0-9_-]+)/.exec(office.url())![1]
  await expect(office.getByTestId('notice-tally-summary')).toContainText('应收 32 人 · 已读 0 · 未读 32 · 已回执 0')

  // 2. It arrives live with a desktop notification; three clerks open it, two confirm.
  for (const { page } of readers) {
    await expect.poll(async () => (await notifications(page)).filter((n) => n.title === `新通知：${TITLE}`).length).toBe(1)
    // Counts on what needs action: unread and 回执 to give.
    await expect(page.getByTestId('nav-count-notices')).toHaveAttribute('data-count', '2')
    await page.goto(`${server.url}/#/notices`)
    await page.getByTestId('notice-row').filter({ hasText: TITLE }).click()
    await expect(page.getByTestId('notice-read-at')).toContainText('已于 2026-09-21')
  }
  const [qq, sh, bh] = readers.map((r) => r.page)
  await qq.getByTestId('notice-receipt-text').fill('李德胜、王丽华参会')
  await qq.getByTestId('notice-confirm').click()
  await expect(qq.getByTestId('notice-receipt-done')).toContainText('已于 2026-09-21')
  await expect(qq.getByTestId('nav-count-notices')).toHaveCount(0)
  await expect(bh.getByTestId('nav-count-notices')).toHaveAttribute('data-count', '1')
  await sh
    .getByTestId('notice-receipt-files')
    .locator('input[type=file]')
    .setInputFiles({ name: '散花镇参会名单.txt', mimeType: 'text/plain', buffer: Buffer.from('张雪琴\n') })
  await expect(sh.getByTestId('notice-receipt-files')).toContainText('散花镇参会名单.txt')
  await sh.getByTestId('notice-confirm').click()
  await expect(sh.getByTestId('notice-receipt-done')).toBeVisible()

  // 3. The publisher's tally, live and exact; remind the unread (and the unconfirmed) — it arrives once.
  await expect(office.getByTestId('notice-tally-summary')).toContainText('应收 32 人 · 已读 3 · 未读 29 · 已回执 2 · 逾期 0')
  await office.getByText('按人员').click()
  await expect(office.getByTestId('tally-status-sanhua_clerk')).toHaveText('已回执')
  await expect(office.getByTestId('tally-status-bahe_clerk')).toHaveText('已读')
  await office.getByTestId('notice-remind').click()
  await expect(office.getByTestId('notice-remind-limit')).toContainText('后可再次提醒')
  await expect(office.getByTestId('notice-remind')).toBeDisabled()
  await expect.poll(async () => (await notifications(bh)).filter((n) => n.title === `请阅读通知：${TITLE}`).length).toBe(1)

  // 4. The clock passes the deadline (Thu 24 Sep): the missing 回执 is red for the publisher and the reviewer.
  await server.setClock(Date.parse('2026-09-25T09:00:00+08:00'))
  // The overdue reminder travels in the same per-person reminders room, after the 提醒: once it is
  // here, a second copy of the 提醒 would have arrived before it. So "it arrives once" needs no sleep.
  await expect.poll(async () => (await notifications(bh)).filter((n) => n.title === `回执已逾期：${TITLE}`).length).toBe(1)
  expect((await notifications(bh)).filter((n) => n.title === `请阅读通知：${TITLE}`)).toHaveLength(1)
  expect((await notifications(qq)).filter((n) => n.title === `请阅读通知：${TITLE}`)).toHaveLength(0)
  const pubCtx = await browser.newContext()
  const pub = await pubCtx.newPage()
  await loginAs(pub, server.url, 'zhengfuban.clerk')
  await pub.goto(`${server.url}/#/notices/${id}`)
  await pub.getByText('按人员').click()
  await expect(pub.getByTestId('tally-red-bahe_clerk')).toBeVisible()
  await expect(pub.getByTestId('tally-red-qingquan_clerk')).toHaveCount(0)
  const rvCtx = await browser.newContext()
  const rv = await rvCtx.newPage()
  await loginAs(rv, server.url, 'jiwei1')
  // The reviewer's 纪委监委 workspace: the notice is red, and per unit the missing 回执 (bahe: both unconfirmed).
  await rv.goto(`${server.url}/#/oversight`)
  await rv.getByTestId('oversight-tab-notices').click()
  await expect(rv.getByTestId('notice-kpi-red')).toHaveAttribute('data-value', '1')
  const row = rv.getByTestId('notice-ov-row').filter({ hasText: TITLE })
  await expect(row.getByTestId('notice-ov-level')).toHaveAttribute('data-level', 'red')
  await row.locator('.ant-table-row-expand-icon').click()
  await expect(rv.getByTestId('notice-gap-bahe')).toHaveAttribute('data-level', 'red')
  await expect(rv.getByTestId('notice-gap-missing-bahe')).toHaveText('2')
  await expect(rv.getByTestId('notice-gap-missing-sanhua')).toHaveText('1')
  await row.getByTestId('notice-ov-title').click()
  await rv.getByText('按人员').click()
  await expect(rv.getByTestId('tally-red-bahe_clerk')).toBeVisible()
  await expect(rv.getByTestId('notice-remind')).toHaveCount(0)

  // 5. Withdrawal: every reader sees it.
  await pub.getByTestId('notice-withdraw').click()
  await pub.getByTestId('notice-reason').fill('会议改期，另行通知')
  await pub.getByTestId('notice-reason-ok').click()
  for (const page of [qq, sh, bh]) await expect(page.getByTestId('notice-withdrawn')).toContainText('会议改期，另行通知')
  await pubCtx.close()
  await rvCtx.close()
})
