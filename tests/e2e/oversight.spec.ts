/**
 * The discipline commission's view: a leader assigns two tasks to 清泉镇;
 * one is signed, reported and accepted on time, the other is driven past its
 * deadline by the server's test clock. The reviewer (jiwei1, read only) then sees
 * the overdue one red in 预警, the closed one counted on time in 单位效能, exports
 * CSV and PDF, and opens the audit trail: chain verified, a record replayed.
 */
import { readFileSync } from 'node:fs'
import { test, expect, loginAs, type Page } from './fixtures'
import { animationsDone, assignTask } from './helpers'

const DAY = 86_400_000

async function openTask(page: Page, url: string, id: string) {
  await page.goto(`${url}/#/tasks/${id}`)
  await expect(page.getByTestId('task-page')).toHaveAttribute('data-task-id', id)
}

test('the reviewer sees warnings, unit efficiency and the verified audit trail, and can change nothing', async ({ browser, server }) => {
  const leaderCtx = await browser.newContext()
  const clerkCtx = await browser.newContext()
  const leader = await leaderCtx.newPage()
  const clerk = await clerkCtx.newPage()
  await loginAs(leader, server.url, 'xianzhang')
  await loginAs(clerk, server.url, 'qingquan.clerk')

  // Two tasks for 清泉镇 (server clock 2026-09-21 10:00: due 2026-10-19).
  const done = await assignTask(leader, { title: '清点防汛物资并上报', lead: '清泉镇' })
  const late = await assignTask(leader, { title: '上报秋粮收购进度', lead: '清泉镇' })

  // The first: signed, completion reported, accepted — on time.
  await openTask(clerk, server.url, done)
  await clerk.getByTestId('action-sign').click()
  await expect(clerk.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')
  await clerk.getByTestId('action-completion_report').click()
  await clerk.getByTestId('field-text').fill('全镇12个村防汛物资已清点完毕，清单已上报。')
  await clerk.getByTestId('action-submit').click()
  await openTask(leader, server.url, done)
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'reported')
  // 审核办结 takes an optional 意见.
  await leader.getByTestId('action-accept').click()
  await leader.getByTestId('field-text').fill('办理扎实，同意办结。')
  await leader.getByTestId('action-submit').click()
  await expect(leader.getByTestId('task-warning')).toHaveAttribute('data-level', 'done_on_time')
  await leaderCtx.close()
  await clerkCtx.close()

  // The second is left alone; 30 days pass on the server (2026-10-21: two working days overdue).
  // Every token has lapsed by then, so the reviewer signs in afresh.
  await server.advanceClock(30 * DAY)
  const reviewerCtx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 960 } })
  await reviewerCtx.addInitScript(() => {
    const w = window as unknown as { __printed: string[]; print: () => void }
    w.__printed = []
    w.print = () => void w.__printed.push(document.title)
  })
  const jw = await reviewerCtx.newPage()
  await loginAs(jw, server.url, 'jiwei1')
  await jw.getByTestId('nav-oversight').click()
  await expect(jw.getByTestId('oversight-readonly')).toBeVisible()

  // 预警: the overdue one, red, with its unit and days; the closed one is not a warning.
  const tab = jw.getByTestId('oversight-tab-warnings')
  await expect(tab).toHaveAttribute('data-red', '1')
  await expect(tab).toHaveAttribute('data-yellow', '0')
  const row = jw.getByTestId(`warning-row-${late}`)
  await expect(row).toHaveAttribute('data-level', 'red')
  await expect(row).toContainText('清泉镇')
  await expect(row).toContainText('2026-10-19')
  await expect(row.getByTestId('task-warning')).toHaveText('超期 2 个工作日')
  await expect(jw.getByTestId(`warning-row-${done}`)).toHaveCount(0)
  await jw.screenshot({ path: '/tmp/oversight-warnings.png', fullPage: true })

  // CSV of the warning list: UTF-8 with BOM, Chinese headers.
  const [warnFile] = await Promise.all([jw.waitForEvent('download'), jw.getByTestId('export-csv').click()])
  expect(warnFile.suggestedFilename()).toBe('交办件预警清单_2026-10-21.csv')
  const warnCsv = readFileSync((await warnFile.path())!, 'utf8')
  expect(warnCsv.charCodeAt(0)).toBe(0xfeff)
  expect(warnCsv.slice(1).split('\r\n')[0]).toBe('预警,超期工作日,剩余工作日,标题,件别,主办单位,协办单位,交办人,交办日期,办理期限,状态,延期次数,编号')
  expect(warnCsv).toContain(`超期,2,,上报秋粮收购进度,交办件,清泉镇,,曾新民,2026-09-21,2026-10-19,待签收,0,${late}`)

  // 单位效能 for the year: 清泉镇 has one on time and one open overdue.
  await jw.getByTestId('oversight-tab-efficiency').click()
  await jw.getByTestId('period-kind').getByText('年度').click()
  await expect(jw.getByTestId('period-label')).toHaveText('2026年度')
  const unit = jw.getByTestId('efficiency-row-qingquan')
  await expect(unit).toHaveAttribute('data-on-time', '1')
  await expect(unit).toHaveAttribute('data-late', '0')
  await expect(unit).toHaveAttribute('data-overdue', '1')
  await expect(unit).toContainText('100.0%')
  await expect(jw.getByTestId('efficiency-table').locator('tbody tr[data-testid^="efficiency-row-"]')).toHaveCount(64)
  // Worst first: the only unit with a problem leads the table.
  await expect(jw.getByTestId('efficiency-table').locator('tbody tr[data-testid^="efficiency-row-"]').first()).toHaveAttribute(
    'data-testid',
    'efficiency-row-qingquan'
  )
  await expect(jw.getByTestId('efficiency-chart').locator('svg')).toBeVisible()
  await expect(jw.getByTestId('efficiency-chart')).toContainText('清泉镇')
  // The month of today (October) has nothing assigned; September has both.
  await jw.getByTestId('period-kind').getByText('月度').click()
  await expect(jw.getByTestId('period-label')).toHaveText('2026年10月')
  await expect(unit).toHaveAttribute('data-overdue', '0')
  await jw.getByTestId('period-picker').click()
  await jw.locator('.ant-picker-dropdown:visible .ant-picker-cell-inner', { hasText: /^9月$/ }).click()
  await expect(jw.getByTestId('period-label')).toHaveText('2026年9月')
  await expect(unit).toHaveAttribute('data-on-time', '1')
  await expect(unit).toHaveAttribute('data-overdue', '1')
  await jw.getByTestId('period-kind').getByText('年度').click()
  await expect(jw.getByTestId('period-label')).toHaveText('2026年度')
  await animationsDone(jw) // the segmented control's thumb, for the picture
  await jw.screenshot({ path: '/tmp/oversight-efficiency.png' })

  const [effFile] = await Promise.all([jw.waitForEvent('download'), jw.getByTestId('export-csv').click()])
  expect(effFile.suggestedFilename()).toBe('交办件效能统计_2026年度.csv')
  const effCsv = readFileSync((await effFile.path())!, 'utf8')
  expect(effCsv.charCodeAt(0)).toBe(0xfeff)
  const effLines = effCsv.slice(1).split('\r\n')
  expect(effLines[0]).toBe('单位,类别,交办数,按时办结,逾期办结,超期未办结,在办,平均办结用时（工作日）,延期次数,按时办结率（%）')
  expect(effLines[1]).toBe('清泉镇,乡镇,2,1,0,1,0,0,0,100')
  expect(effLines.filter(Boolean)).toHaveLength(65)

  // PDF: printed with the title line, without the app's frame.
  await jw.getByTestId('export-pdf').click()
  await expect.poll(() => jw.evaluate(() => (window as unknown as { __printed: string[] }).__printed)).toEqual(['浠水县 交办件效能统计 2026年度'])
  await jw.emulateMedia({ media: 'print' })
  await jw.setViewportSize({ width: 794, height: 1123 })
  await expect(jw.locator('.ant-layout-sider')).toBeHidden()
  await expect(jw.locator('.qf-print-title')).toHaveText('浠水县 交办件效能统计 2026年度')
  await jw.screenshot({ path: '/tmp/oversight-print.png', fullPage: true })
  await jw.emulateMedia({ media: 'screen' })
  await jw.setViewportSize({ width: 1440, height: 960 })

  // Read only: no action anywhere in the workspace.
  await expect(jw.locator('[data-testid^="action-"], [data-testid="assign-open"]')).toHaveCount(0)

  // Drill down: the warning opens the task page, with the audit trail for reviewers.
  await jw.getByTestId('oversight-tab-warnings').click()
  await jw.getByTestId(`warning-row-${late}`).click()
  await expect(jw.getByTestId('task-page')).toHaveAttribute('data-task-id', late)
  await expect(jw.getByTestId('task-warning')).toHaveAttribute('data-level', 'red')
  await expect(jw.locator('[data-testid^="action-"]')).toHaveCount(0)
  const panel = jw.getByTestId('audit-panel')
  await expect(panel.getByTestId('chain-verified')).toHaveAttribute('data-ok', 'true')
  await expect(panel.getByTestId('chain-verified')).toHaveText(/链校验通过 ✓/)
  const first = panel.getByTestId('audit-record-1')
  await expect(first).toContainText(/县领导.*交办《上报秋粮收购进度》/)
  await expect(first).toContainText('2026-09-21 10:')
  await expect(first).toContainText('曾新民')
  await expect(first.getByTestId('audit-hash')).toHaveText(/^[0-9a-f]{12}$/)
  // The warning change is on the trail too, written by the server.
  await expect(panel.locator('[data-testid^="audit-record-"]', { hasText: '预警由正常变为超期（红色）' })).toHaveCount(1)
  await jw.screenshot({ path: '/tmp/oversight-audit.png', fullPage: true })

  // "As it was": the first server record (the deadline set at assignment) replays as 待签收, not yet red.
  const serverRec = panel.locator('[data-testid^="audit-record-"][data-kind="server"]').first()
  const seq = (await serverRec.getAttribute('data-testid'))!.replace('audit-record-', '')
  await jw.getByTestId(`replay-at-${seq}`).click()
  const replay = jw.getByTestId('replay-view')
  await expect(replay.getByTestId('replay-status')).toHaveAttribute('data-status', 'assigned')
  await expect(replay.getByTestId('replay-warning')).toHaveAttribute('data-level', 'normal')
  await expect(replay.getByTestId('replay-due')).toContainText('2026-10-19')
  await expect(replay.getByTestId('replay-event-assign')).toBeVisible()
  await animationsDone(jw) // the drawer's slide-in, for the picture
  await jw.screenshot({ path: '/tmp/oversight-replay.png' })
  await jw.keyboard.press('Escape')
  await expect(jw.getByTestId('replay-view')).toHaveCount(0)

  // Any moment, picked in Beijing time: on 2026-10-20 it was already overdue but not yet flagged by the server.
  await jw.getByTestId('replay-picker').click()
  await jw.keyboard.type('2026-10-20 12:00:00')
  await jw.keyboard.press('Enter')
  await jw.getByTestId('replay-go').click()
  await expect(jw.getByTestId('replay-view').getByTestId('replay-status')).toHaveAttribute('data-status', 'assigned')
  await expect(jw.getByTestId('replay-view')).toHaveAttribute('data-at', String(Date.parse('2026-10-20T12:00:00+08:00') + 999))
  await expect(jw.getByTestId('replay-view').getByTestId('replay-warning')).toHaveAttribute('data-level', 'normal')
  await reviewerCtx.close()
})
