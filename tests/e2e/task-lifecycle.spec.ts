/**
 * Several users at once: a leader assigns to a township (lead)
 * and a county department (assisting); both sign; progress; an extension is
 * asked and granted; completion; acceptance — on time. A second task is driven
 * past its deadline by the server's test clock: red in every view, and the
 * reminder arrives once.
 */
import { test, expect, type Page } from './fixtures'
import { assignTask, notifications, openAs } from './helpers'

async function act(page: Page, action: string, fill: (p: Page) => Promise<void> = async () => {}) {
  await page.getByTestId(`action-${action}`).click()
  await fill(page)
  await page.getByTestId('action-submit').click()
  await expect(page.getByTestId(`action-form-${action}`)).toBeHidden()
}

const openTask = async (page: Page, id: string) => {
  await page.getByTestId('nav-tasks').click()
  await page.getByTestId(`task-row-${id}`).getByTestId('task-title').click()
  await expect(page.getByTestId('task-page')).toBeVisible()
}

test('the whole life of a task, on time', async ({ browser, server }) => {
  const ctx = async (u: string) => (await openAs(browser, server.url, u)).page
  const [leader, lead, assist] = await Promise.all([ctx('xianzhang'), ctx('qingquan.clerk'), ctx('jiaoyuju.clerk')])

  const id = await assignTask(leader, { title: '开展秋季校园安全大排查', lead: '清泉镇', assist: ['县教育局'] })
  await expect(leader.getByTestId('task-due')).toContainText('2026-10-19')

  // Both units sign; the leader sees the lead unit's signature turn the task to 办理中.
  await openTask(assist, id)
  await assist.getByTestId('action-sign').click()
  await openTask(lead, id)
  await expect(lead.getByTestId('task-presence')).toContainText(/.+/)
  await lead.getByTestId('action-sign').click()
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')

  // Progress from each unit, each its own part.
  await act(assist, 'progress', (p) => p.getByTestId('field-text').fill('县教育局已下发排查通知至全镇各校。'))
  await act(lead, 'progress', (p) => p.getByTestId('field-text').fill('清泉镇已完成8所学校现场排查。'))
  await expect(leader.getByTestId('task-timeline').getByTestId('event-progress')).toHaveCount(2)

  // The lead unit asks for an extension; the leader grants it; the original deadline stays visible.
  await act(lead, 'extension_request', async (p) => {
    await p.getByTestId('field-proposed-date').click()
    await p.keyboard.type('2026-10-30')
    await p.keyboard.press('Enter')
    await p.getByTestId('field-reason').fill('需等待县住建局房屋安全鉴定结果。')
  })
  await expect(leader.getByTestId('pending-extension')).toBeVisible()
  await act(leader, 'extension_decision', async (p) => {
    await p.getByTestId('field-granted').getByText('同意', { exact: true }).click()
    await p.getByTestId('field-text').fill('同意延期。')
  })
  await expect(lead.getByTestId('task-due')).toContainText('2026-10-30')
  await expect(lead.getByTestId('due-original')).toContainText('2026-10-19')
  await expect.poll(() => notifications(lead)).toContainEqual(expect.objectContaining({ title: expect.stringContaining('延期已批准') }))

  // Completion report, then the leader accepts: closed on time.
  await act(lead, 'completion_report', (p) => p.getByTestId('field-text').fill('排查发现隐患3处，已全部整改。'))
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'reported')
  // 审核办结 takes an optional 意见.
  await leader.getByTestId('action-accept').click()
  await leader.getByTestId('field-text').fill('办理扎实，同意办结。')
  await leader.getByTestId('action-submit').click()
  for (const p of [leader, lead, assist]) {
    await expect(p.getByTestId('task-status')).toHaveAttribute('data-status', 'closed')
    await expect(p.getByTestId('task-warning')).toHaveAttribute('data-level', 'done_on_time')
  }

  // The discipline reviewer sees it as finished on time, and can change nothing.
  const reviewer = await ctx('jiwei1')
  await reviewer.goto(`${server.url}/#/tasks/${id}`)
  await expect(reviewer.getByTestId('task-warning')).toHaveAttribute('data-level', 'done_on_time')
  await expect(reviewer.locator('[data-testid^="action-"]')).toHaveCount(0)
})

test('a task driven past its deadline turns red everywhere and reminds once', async ({ browser, server }) => {
  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  const { page: clerk } = await openAs(browser, server.url, 'qingquan.clerk')
  const id = await assignTask(leader, { title: '上报秋粮收购进度', lead: '清泉镇' })
  await clerk.getByTestId('nav-tasks').click()
  await expect(clerk.getByTestId(`task-row-${id}`)).toBeVisible()

  // The server's clock moves past 2026-10-19 while both clients stay open; the server's
  // supervisor re-evaluates with nobody doing anything.
  await server.setClock(Date.parse('2026-10-20T09:00:00+08:00'))
  await clerk.getByTestId('tab-red').click()
  await expect(clerk.getByTestId(`task-row-${id}`)).toHaveAttribute('data-level', 'red')
  await expect(clerk.getByTestId('tab-count-red')).toHaveAttribute('data-count', '1')
  await leader.getByTestId('nav-tasks').click()
  await leader.getByTestId('tab-red').click()
  await expect(leader.getByTestId(`task-row-${id}`)).toHaveAttribute('data-level', 'red')

  // The reminder for "red" arrives once, however often the supervisor runs.
  await expect.poll(async () => (await notifications(clerk)).filter((n) => n.title.includes('超期：上报秋粮收购进度')).length).toBe(1)
  await server.advanceClock(60_000)
  await server.advanceClock(60_000)
  // Each advance ran the supervisor before it answered. A 催办 sent after them reaches the clerk
  // through the same reminders room, after anything those runs wrote there: once it has arrived,
  // a second 超期 reminder would have too.
  await leader.getByTestId(`task-row-${id}`).getByTestId('task-title').click()
  await act(leader, 'chase', (p) => p.getByTestId('field-text').fill('请今日内反馈收购进度。'))
  await expect.poll(async () => (await notifications(clerk)).filter((n) => /^催办：.*上报秋粮收购进度/.test(n.title)).length).toBe(1)
  expect((await notifications(clerk)).filter((n) => n.title.includes('超期：上报秋粮收购进度'))).toHaveLength(1)
  await expect(clerk).toHaveTitle(/^\(1\) /)
})
