/**
 * 公文 with several people at once against a real server and the built client: the clerk and the
 * head write the draft together, the head edits and approves (the traces show the head's edit),
 * the county head signs (the body freezes), the clerk issues it to three units (two 主送, one
 * 抄送) with a server-assigned 字号, a recipient signs for it, and the sender's trace shows it.
 */
import type { Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from './fixtures'
import { openAs, openDialog } from './helpers'

async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click()
  await page.keyboard.type(text)
  await page.locator('.ant-select-item-option', { hasText: text }).first().click()
  await page.keyboard.press('Escape')
}
const body = (page: Page) => page.locator('[data-testid="doc-body"] .ProseMirror')

/** A 收文 action: its button, the dialog's fields (text areas by name, people by visible name), OK. */
async function act(page: Page, type: string, fill: Record<string, string> = {}, people: Record<string, string[]> = {}) {
  const button = page.getByTestId(`doc-in-action-${type}`)
  if (['sign', 'register', 'accept'].includes(type)) await button.click()
  else {
    await openDialog(page, button)
    for (const [field, value] of Object.entries(fill)) await page.getByTestId(`doc-field-${field}`).fill(value)
    for (const [field, names] of Object.entries(people))
      for (const name of names) {
        const select = page.getByTestId(`doc-field-${field}`)
        await select.click()
        await page.keyboard.type(name)
        await expect(page.locator('.ant-select-item-option-active', { hasText: name })).toBeVisible()
        await page.keyboard.press('Enter')
        await page.locator('.ant-modal-title').click() // closes the dropdown that covers the buttons
        await expect(select).toContainText(name)
      }
    await page.getByTestId('doc-dialog-ok').click()
  }
}
const statusOf = (page: Page) => page.getByTestId('doc-status')

test('draft together, review with traces, sign, issue to three units, handle on receipt, trace, print', async ({ browser, server }) => {
  // Seven people in seven browser contexts on a loaded 2-core machine: ~1-2 min of real work.
  test.setTimeout(300_000)
  const { page: clerk } = await openAs(browser, server.url, 'zhengfuban.clerk')
  await clerk.getByTestId('nav-documents').click()
  await clerk.getByTestId('doc-new').click()
  await expect(clerk.getByTestId('doc-status')).toHaveAttribute('data-status', 'drafting')
  const id = /#\/documents\/out\/([A-Za-z0-9_-]+)/.exec(clerk.url())![1]

  await clerk.getByTestId('doc-field-title').fill('关于做好冬季森林防火工作的通知')
  await pick(clerk, 'doc-field-mainTo', '清泉镇')
  await pick(clerk, 'doc-field-mainTo', '散花镇')
  await pick(clerk, 'doc-field-copyTo', '县教育局')
  await clerk.getByTestId('doc-field-replyRequested').click()

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
  await openDialog(head, head.getByTestId('doc-action-review_approve'))
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
  await openDialog(leader, leader.getByTestId('doc-action-sign'))
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
  // The recipient reads the issued text (not the drafting room with its history).
  await qq.getByTestId('doc-open-content').click()
  await expect(body(qq)).toContainText('（核稿补充）')
  await expect(qq.getByTestId('doc-body')).toHaveAttribute('data-readonly', 'true')
  await qq.goBack()

  // 6. 散花镇 signs, registers and returns it at 初审; the sender sees the return and its reason.
  const { page: sh } = await openAs(browser, server.url, 'sanhua.clerk')
  await sh.goto(`${server.url}/#/documents/in/sanhua--${id}`)
  await act(sh, 'sign')
  await expect(statusOf(sh)).toHaveAttribute('data-status', 'signed')
  await act(sh, 'register')
  await expect(sh.getByTestId('doc-in-number')).toHaveText('收〔2026〕1号')
  await act(sh, 'return', { reason: '非本单位职责范围' })
  await expect(clerk.locator('[data-testid="trace-row"][data-unit="sanhua"]')).toHaveAttribute('data-stage', 'returned')
  await expect(clerk.getByTestId('doc-sender-trace')).toContainText('非本单位职责范围')

  // 7. 清泉镇 takes it through 登记 → 初审 → 拟办 → 批办 → 传阅 (three readers) → 办结 with 答复.
  await act(qq, 'register')
  await act(qq, 'accept')
  await act(qq, 'propose', { text: '建议由镇应急办牵头落实' })
  await expect(statusOf(qq)).toHaveAttribute('data-status', 'proposed')
  const { page: qqHead } = await openAs(browser, server.url, 'qingquan.head')
  await qqHead.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  await act(qqHead, 'instruct', { text: '请王丽华同志牵头抓好落实' }, { lead: ['王丽华'] })
  await expect(statusOf(qqHead)).toHaveAttribute('data-status', 'handling')
  await act(qqHead, 'add_readers', {}, { readers: ['李德胜', '曾新民', '田文杰'] })
  await expect(qqHead.getByTestId('reader-row')).toHaveCount(3)
  await act(qqHead, 'read', { text: '已阅，同意' })
  await leader.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  await act(leader, 'read', { text: '抓紧落实' })
  const { page: vice } = await openAs(browser, server.url, 'fuxianzhang1')
  await vice.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  await act(vice, 'read', {})
  await expect(qq.locator('[data-testid="reader-row"][data-read="yes"]')).toHaveCount(3)
  await act(qq, 'complete', { text: '已完成全镇防火责任分解', reply: '清泉镇已全面部署冬季森林防火工作' })
  await expect(statusOf(qq)).toHaveAttribute('data-status', 'done')

  // 8. The sender's trace shows all of it.
  const qqRow = clerk.locator('[data-testid="trace-row"][data-unit="qingquan"]')
  await expect(qqRow).toHaveAttribute('data-stage', 'done')
  await expect(qqRow).toContainText('清泉镇已全面部署冬季森林防火工作')
  await expect(clerk.locator('[data-testid="trace-row"][data-unit="jiaoyuju"]')).toHaveAttribute('data-stage', 'delivered')

  // 9. The printout: the print view's HTML made into a PDF by Chromium and read back.
  await clerk.getByTestId('doc-print').click()
  const html = await clerk.getByTestId('doc-print-frame').getAttribute('srcdoc')
  const pdfPage = await clerk.context().newPage()
  await pdfPage.setContent(html!)
  const dir = fileURLToPath(new URL('../../test-results/print', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const pdf = join(dir, 'issued.pdf')
  writeFileSync(pdf, await pdfPage.pdf({ preferCSSPageSize: true, printBackground: true }))
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  expect(text).toContain('浠水县人民政府办公室文件')
  expect(text).toContain('浠政办发〔2026〕1号')
  expect(text).toContain('关于做好冬季森林防火工作的通知')
  expect(text).toContain('清泉镇，散花镇：')
  // Both typists' sentences and the head's addition (their order is whoever typed first).
  for (const part of ['各乡镇要落实防火责任。', '严禁野外用火。', '（核稿补充）']) expect(text).toContain(part)
  expect(text).toContain('抄送：县教育局。')
  expect(text).toMatch(/—1—/)
})
