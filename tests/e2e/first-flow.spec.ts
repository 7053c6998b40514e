/**
 * The first flow end to end: two browser contexts (leader, township
 * clerk) against a real collab-server process and the built client.
 */
import { test, expect } from './fixtures'
import { assignTask, notifications, openAs } from './helpers'

test('leader assigns, clerk is notified and signs, both keep working offline and sync', async ({ browser, server }) => {
  const { ctx: leaderCtx, page: leader } = await openAs(browser, server.url, 'xianzhang')
  const { ctx: clerkCtx, page: clerk } = await openAs(browser, server.url, 'qingquan.clerk')
  await expect(clerk.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')

  // 1–2. The leader assigns; the server stamps the time and computes the deadline (server clock: 2026-09-21 10:00).
  // The clerk watches the inbox while the leader submits: the figure printed is submit → row on the clerk's screen.
  await clerk.getByTestId('nav-tasks').click()
  let submittedAt = 0
  const appeared = clerk
    .locator('[data-testid^="task-row-"]')
    .first()
    .waitFor()
    .then(() => Date.now())
  const id = await assignTask(leader, { title: '清点防汛物资并上报', lead: '清泉镇', onSubmit: () => (submittedAt = Date.now()) })

  // 3. The clerk sees it in the inbox with its deadline, a notification and a badge.
  const row = clerk.getByTestId(`task-row-${id}`)
  await expect(row).toBeVisible()
  console.log(`assignment on the clerk's screen ${(await appeared) - submittedAt} ms after the leader pressed 交办`)
  await expect(row).toContainText('2026-10-19')
  await expect.poll(() => notifications(clerk)).toContainEqual(expect.objectContaining({ body: '清点防汛物资并上报' }))
  await expect(clerk).toHaveTitle(/^\(1\) /)
  await expect(clerk.getByTestId('nav-count-tasks')).toHaveAttribute('data-count', '1')

  // 4. The clerk signs; the leader's open page shows the new status live.
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'assigned')
  await row.getByTestId('task-title').click()
  await clerk.getByTestId('action-sign').click()
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')
  await expect(clerk).not.toHaveTitle(/^\(1\) /)

  // 5. Every step is an audit record on the server: who, unit, server time, what.
  const reviewer = await (
    await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jiwei1', password: 'demo123' })
    })
  ).json()
  const trail = await (await fetch(`${server.url}/api/audit/trail?room=task:${id}`, { headers: { authorization: `Bearer ${reviewer.token}` } })).json()
  const steps = trail.records.filter((r: { kind: string }) => r.kind === 'client')
  expect(trail.verified).toBe(true)
  expect(steps.map((r: { summary: string }) => r.summary)).toEqual([
    expect.stringMatching(/^县领导 .+ 交办《清点防汛物资并上报》$/),
    expect.stringMatching(/^清泉镇 .+ 签收《清点防汛物资并上报》$/)
  ])
  // Server time (the test clock started at 2026-09-21 10:00 Shanghai), whatever the browsers' clocks say.
  for (const r of steps) expect(r.at - Date.parse('2026-09-21T10:00:00+08:00')).toBeLessThan(10 * 60_000)

  // 6. The network is cut: both clients still open and show what they had.
  await clerkCtx.setOffline(true)
  await leaderCtx.setOffline(true)
  await expect(clerk.getByTestId('conn-state')).toHaveAttribute('data-state', 'offline')
  await clerk.reload()
  await leader.reload()
  await expect(clerk.getByTestId('task-page')).toBeVisible()
  await expect(clerk.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')
  await expect(leader.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')

  // An action taken offline is kept and shown as pending…
  await clerk.getByTestId('action-progress').click()
  await clerk.getByTestId('field-text').fill('已完成全镇12个村物资清点，正在汇总。')
  await clerk.getByTestId('action-submit').click()
  await expect(clerk.getByTestId('pending-count')).toHaveAttribute('data-count', '1')
  await expect(clerk.getByTestId('event-progress')).toHaveAttribute('data-synced', 'false')

  // …and syncs when the network returns; the indicator clears and the leader sees it.
  await clerkCtx.setOffline(false)
  await leaderCtx.setOffline(false)
  await expect(clerk.getByTestId('pending-count')).toHaveCount(0)
  await expect(clerk.getByTestId('event-progress')).toHaveAttribute('data-synced', 'true')
  await expect(leader.getByTestId('event-progress')).toContainText('已完成全镇12个村物资清点')
  await leaderCtx.close()
  await clerkCtx.close()
})
