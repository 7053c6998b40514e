/**
 * 公文 with several people at once against a real server and the built client: the clerk and the
 * head write the draft together, the head edits and approves (the traces show the head's edit),
 * the county head signs (the body freezes), the clerk issues it to three units (two 主送, one
 * 抄送) with a server-assigned 字号, a recipient signs for it, and the sender's trace shows it.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { openAs } from './helpers'

async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click()
  await page.keyboard.type(text)
  await page.locator('.ant-select-item-option', { hasText: text }).first().click()
  await page.keyboard.press('Escape')
}
const body = (page: Page) => page.locator('[data-testid="doc-body"] .ProseMirror')

test('draft together, review with traces, sign, issue to three units, sign for it, trace', async ({ browser, server }) => {
  const { page: clerk } = await openAs(browser, server.url, 'zhengfuban.clerk')
  await clerk.getByTestId('nav-documents').click()
  await clerk.getByTestId('doc-new').click()
  await expect(clerk.getByTestId('doc-status')).toHaveAttribute('data-status', 'drafting')
  const id = /#\/documents\/out\/([A-Za-z0-9_-]+)/.exec(clerk.url())![1]

  await clerk.getByTestId('doc-field-title').fill('关于做好冬季森林防火工作的通知')
  await pick(clerk, 'doc-field-mainTo', '清泉镇')
  await pick(clerk, 'doc-field-mainTo', '散花镇')
  await pick(clerk, 'doc-field-copyTo', '县教育局')

  // 1. The clerk and the head type into the same draft at the same moment; each sees the other's text.
  const { page: head } = await openAs(browser, server.url, 'zhengfuban.head')
  await head.goto(`${server.url}/#/documents/out/${id}`)
  await expect(head.getByTestId('doc-title')).toHaveText('关于做好冬季森林防火工作的通知')
  await body(clerk).click()
  await body(head).click()
  await Promise.all([clerk.keyboard.type('各乡镇要落实防火责任。'), head.keyboard.type('严禁野外用火。')])
  for (const p of [clerk, head]) {
    await expect(body(p)).toContainText('各乡镇要落实防火责任。')
    await expect(body(p)).toContainText('严禁野外用火。')
  }

  // 2. 送核稿; the head edits during 核稿 and approves, naming the county head as signer.
  await clerk.getByTestId('doc-action-submit').click()
  await expect(head.getByTestId('doc-status')).toHaveAttribute('data-status', 'reviewing')
  await expect(clerk.getByTestId('doc-body')).toHaveAttribute('data-readonly', 'true')
  await body(head).click()
  await head.keyboard.press('End')
  await head.keyboard.type('（核稿补充）')
  await head.getByTestId('doc-action-review_approve').click()
  await head.getByTestId('doc-field-signer').click()
  await head.keyboard.type('曾新民')
  await head.locator('.ant-select-item-option', { hasText: '曾新民' }).first().click()
  await head.getByTestId('doc-dialog-ok').click()
  await expect(head.getByTestId('doc-status')).toHaveAttribute('data-status', 'signing')
  // The traces between 送核稿 and 核稿通过 show the head's insertion, attributed by the server.
  await expect(head.getByTestId('trace-ins').first()).toHaveAttribute('data-by', 'zhengfuban_head')
  await expect(head.getByTestId('doc-traces')).toContainText('（核稿补充）')

  // 3. The county head signs; the body is frozen for everyone.
  const { page: leader } = await openAs(browser, server.url, 'xianzhang')
  await leader.goto(`${server.url}/#/documents/out/${id}`)
  await leader.getByTestId('doc-action-sign').click()
  await leader.getByTestId('doc-dialog-ok').click()
  await expect(clerk.getByTestId('doc-status')).toHaveAttribute('data-status', 'signed')
  await expect(clerk.getByTestId('doc-body')).toHaveAttribute('data-readonly', 'true')
  await expect(clerk.getByTestId('doc-frozen')).toBeVisible()

  // 4. 登记+核发: the server assigns the 字号; three units receive it.
  await clerk.getByTestId('doc-action-issue').click()
  await expect(clerk.getByTestId('doc-number')).toHaveText('浠政办发〔2026〕1号')
  await expect(clerk.getByTestId('trace-row')).toHaveCount(3)

  // 5. 清泉镇 signs for it; the sender's trace shows the new stage, unsigned units stay first.
  const { page: qq } = await openAs(browser, server.url, 'qingquan.clerk')
  await qq.getByTestId('nav-documents').click()
  await qq.getByTestId('doc-search').locator('input').fill('[2026]')
  await qq.getByTestId('doc-row').first().click()
  await qq.getByTestId('doc-in-action-sign').click()
  await expect(qq.getByTestId('doc-status')).toHaveAttribute('data-status', 'signed')
  await expect(clerk.locator('[data-testid="trace-row"][data-unit="qingquan"]')).toHaveAttribute('data-stage', 'signed')
  await expect(clerk.getByTestId('trace-row').last()).toHaveAttribute('data-unit', 'qingquan')
})
