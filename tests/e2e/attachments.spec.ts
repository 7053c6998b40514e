/**
 * Attachments (附件) end to end: a leader attaches a file when assigning; the
 * lead unit's clerk sees it on the task and downloads the same bytes; the
 * clerk's 反馈 carries a file of its own, which the leader sees and downloads
 * from the timeline. Files over 20 MB and uploads while offline are refused in
 * the client with a clear message.
 */
import { readFileSync } from 'node:fs'
import { test, expect, type Page } from './fixtures'
import { openAs, pickUnit } from './helpers'

const PLAN = { name: '防汛应急预案（2026）.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n清泉镇防汛应急预案 第一版\n%%EOF\n') }
const PHOTOS = {
  name: '排查现场照片.zip',
  mimeType: 'application/zip',
  buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 250, 251, 252, 253, 254, 255])
}

const openTask = async (page: Page, id: string) => {
  await page.getByTestId('nav-tasks').click()
  await page.getByTestId(`task-row-${id}`).getByTestId('task-title').click()
  await expect(page.getByTestId('task-page')).toBeVisible()
}

/** Clicks a download button and returns what the browser saved. */
async function download(page: Page, button: ReturnType<Page['getByTestId']>): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()])
  const path = await dl.path()
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) }
}

test('a file attached when assigning reaches the lead unit; a 反馈 file reaches the leader', async ({ browser, server }) => {
  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  const { page: clerk } = await openAs(browser, server.url, 'qingquan.clerk')

  // The leader assigns with the plan attached: the file is uploaded as soon as it is picked.
  await leader.getByTestId('nav-tasks').click()
  await leader.getByTestId('assign-open').click()
  await leader.getByTestId('assign-title').fill('修订汛期应急预案')
  await leader.getByTestId('assign-requirement').fill('请按附件预案组织演练并反馈。')
  await pickUnit(leader, 'assign-lead', '清泉镇')
  await leader.getByTestId('assign-attachments').locator('input[type=file]').setInputFiles(PLAN)
  await expect(leader.getByTestId('assign-attachments').getByTestId('attachment-upload-item')).toHaveAttribute('data-status', 'done')
  await leader.getByTestId('assign-submit').click()
  await expect(leader.getByTestId('task-heading')).toContainText('修订汛期应急预案')
  const id = /#\/tasks\/([A-Za-z0-9_-]+)/.exec(leader.url())![1]
  await expect(leader.getByTestId('task-attachments').getByTestId('attachment-name')).toHaveText(PLAN.name)

  // The lead unit's clerk sees the file with its size and downloads exactly what was uploaded.
  await openTask(clerk, id)
  const planItem = clerk.getByTestId('task-attachments').getByTestId('attachment-item')
  await expect(planItem).toHaveCount(1)
  await expect(planItem.getByTestId('attachment-name')).toHaveText(PLAN.name)
  await expect(planItem.getByTestId('attachment-size')).toHaveText(`${PLAN.buffer.length} B`)
  const got = await download(clerk, planItem.getByTestId('attachment-download'))
  expect(got.name).toBe(PLAN.name)
  expect(got.bytes.equals(PLAN.buffer)).toBe(true)

  // The clerk signs, then files a 反馈 with photos attached.
  await clerk.getByTestId('action-sign').click()
  await expect(clerk.getByTestId('task-status')).toHaveAttribute('data-status', 'in_progress')
  await clerk.getByTestId('action-progress').click()
  await clerk.getByTestId('field-text').fill('已组织全镇防汛演练，现场照片见附件。')
  await clerk.getByTestId('field-attachments').locator('input[type=file]').setInputFiles(PHOTOS)
  await expect(clerk.getByTestId('field-attachments').getByTestId('attachment-upload-item')).toHaveAttribute('data-status', 'done')
  await clerk.getByTestId('action-submit').click()
  await expect(clerk.getByTestId('action-form-progress')).toBeHidden()

  // The leader sees the 反馈 and its file in the timeline, and downloads it.
  const progress = leader.getByTestId('task-timeline').getByTestId('event-progress')
  await expect(progress).toHaveAttribute('data-synced', 'true')
  await expect(progress.getByTestId('event-attachments').getByTestId('attachment-name')).toHaveText(PHOTOS.name)
  const photos = await download(leader, progress.getByTestId('attachment-download'))
  expect(photos.name).toBe(PHOTOS.name)
  expect(photos.bytes.equals(PHOTOS.buffer)).toBe(true)
})

test('too large or offline files are refused in the client with a clear message', async ({ browser, server }) => {
  const { ctx, page: leader } = await openAs(browser, server.url, 'xianzhang')
  await leader.getByTestId('nav-tasks').click()
  await leader.getByTestId('assign-open').click()
  const input = leader.getByTestId('assign-attachments').locator('input[type=file]')

  await input.setInputFiles({ name: '全县影像资料.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(20 * 1024 * 1024 + 1) })
  await expect(leader.locator('.ant-message')).toContainText('《全县影像资料.mp4》超过 20 MB')
  await expect(leader.getByTestId('attachment-upload-item')).toHaveCount(0)

  await ctx.setOffline(true)
  await input.setInputFiles(PLAN)
  await expect(leader.locator('.ant-message')).toContainText('附件需联网上传')
  await expect(leader.getByTestId('attachment-upload-item')).toHaveCount(0)

  // Back online, the same file goes up.
  await ctx.setOffline(false)
  await input.setInputFiles(PLAN)
  await expect(leader.getByTestId('attachment-upload-item')).toHaveAttribute('data-status', 'done')
})
