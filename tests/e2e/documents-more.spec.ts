/**
 * 公文, the parts beyond the main flow (documents-flow.spec.ts), against a real server and the
 * built client: a draft's file uploaded in the browser reaches a recipient unit, which downloads
 * it, and 附件说明 prints its real name; 密级 and 份号 are offered only where the server's
 * deployment allows them and then print in the 版头; and a 收文 past its 批办 deadline shows red
 * in the 纪委监委 workspace's 公文 pane with the unit's figures.
 */
import type { Browser, Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, loginAs, startServerProcess, test } from './fixtures'
import { openAs, openDialog } from './helpers'

const DAY = 86_400_000

async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click()
  await page.keyboard.type(text)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click()
  await page.keyboard.press('Escape')
}

/** A 收文 action through its dialog (text areas by name, people by visible name). */
async function act(page: Page, type: string, fill: Record<string, string> = {}, people: Record<string, string> = {}) {
  const button = page.getByTestId(`doc-in-action-${type}`)
  if (['sign', 'register', 'accept'].includes(type)) return button.click()
  await openDialog(page, button)
  for (const [field, value] of Object.entries(fill)) await page.getByTestId(`doc-field-${field}`).fill(value)
  for (const [field, name] of Object.entries(people)) {
    await page.getByTestId(`doc-field-${field}`).click()
    await page.keyboard.type(name)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click()
    await page.locator('.ant-modal-title').click() // closes the dropdown that covers the buttons
    await expect(page.getByTestId(`doc-field-${field}`)).toContainText(name)
  }
  await page.getByTestId('doc-dialog-ok').click()
}

/** The clerk drafts (with `fill` for the extra fields), the unit head approves and signs it himself, the clerk issues it. */
async function draftAndIssue(browser: Browser, url: string, title: string, fill: (clerk: Page) => Promise<void> = async () => {}) {
  const { page: clerk } = await openAs(browser, url, 'zhengfuban.clerk')
  await clerk.getByTestId('nav-documents').click()
  await clerk.getByTestId('doc-new').click()
  await expect(clerk.getByTestId('doc-status')).toHaveAttribute('data-status', 'drafting')
  const id = /#\/documents\/out\/([A-Za-z0-9_-]+)/.exec(clerk.url())![1]
  await clerk.getByTestId('doc-field-title').fill(title)
  await pick(clerk, 'doc-field-mainTo', '清泉镇')
  await fill(clerk)
  await clerk.getByTestId('doc-action-submit').click()
  const { page: head } = await openAs(browser, url, 'zhengfuban.head')
  await head.goto(`${url}/#/documents/out/${id}`)
  await openDialog(head, head.getByTestId('doc-action-review_approve'))
  await head.getByTestId('doc-field-signer').click()
  await head.keyboard.type('袁明辉')
  await head.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '袁明辉' }).first().click()
  await head.getByTestId('doc-dialog-ok').click()
  await expect(head.getByTestId('doc-status')).toHaveAttribute('data-status', 'signing')
  await openDialog(head, head.getByTestId('doc-action-sign'))
  await head.getByTestId('doc-dialog-ok').click()
  await expect(head.getByTestId('doc-status')).toHaveAttribute('data-status', 'signed')
  await expect(clerk.getByTestId('doc-status')).toHaveAttribute('data-status', 'signed')
  await clerk.getByTestId('doc-action-issue').click()
  await expect(clerk.getByTestId('doc-number')).toContainText('浠政办发〔2026〕')
  return { clerk, id }
}

const printHtml = async (page: Page) => {
  await page.getByTestId('doc-print').click()
  return (await page.getByTestId('doc-print-frame').getAttribute('srcdoc')) ?? ''
}

test('a draft’s file, uploaded in the browser, is downloaded by the recipient unit and printed in 附件说明', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const content = '浠水县冬季森林防火责任书（样本）'
  const { clerk, id } = await draftAndIssue(browser, server.url, '关于签订森林防火责任书的通知', async (c) => {
    // An ordinary network: no 密级 offered.
    await expect(c.getByTestId('doc-field-classification')).toHaveCount(0)
    await c
      .getByTestId('doc-files-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: '森林防火责任书.txt', mimeType: 'text/plain', buffer: Buffer.from(content) })
    await expect(c.locator('[data-testid="doc-files-list"] [data-testid="attachment-item"]')).toHaveAttribute('data-name', '森林防火责任书.txt')
  })
  expect(await printHtml(clerk)).toContain('附件：森林防火责任书')

  // 清泉镇 sees the file on its 收文 and downloads it through the issued text.
  const { page: qq } = await openAs(browser, server.url, 'qingquan.clerk')
  await qq.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  const item = qq.locator('[data-testid="doc-in-files-list"] [data-testid="attachment-item"]')
  await expect(item).toHaveAttribute('data-name', '森林防火责任书.txt')
  const [download] = await Promise.all([qq.waitForEvent('download'), item.getByTestId('attachment-download').click()])
  expect(download.suggestedFilename()).toBe('森林防火责任书.txt')
  const path = await download.path()
  expect(readFileSync(path, 'utf8')).toBe(content)
})

test('with the classified deployment on, the draft offers 密级 and 份号 and the print puts them in the 版头', async ({ browser }) => {
  test.setTimeout(180_000)
  const server = await startServerProcess({ clockMs: Date.parse('2026-09-21T10:00:00+08:00'), args: ['--classified-documents'] })
  try {
    const { clerk } = await draftAndIssue(browser, server.url, '关于加强涉密载体管理的通知', async (c) => {
      await c.getByTestId('doc-field-classification').click()
      await c.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '机密' }).click()
      await c.getByTestId('doc-field-secrecyPeriod').fill('10年')
      await c.getByTestId('doc-field-copies').fill('30')
      await c.getByTestId('doc-field-title').click() // the number is taken on blur
      await expect(c.getByTestId('doc-classification')).toHaveText('机密★10年')
    })
    await clerk.getByTestId('doc-print').click()
    await clerk.getByTestId('doc-print-copyno').fill('7')
    await expect(clerk.getByTestId('doc-print-frame')).toHaveAttribute('srcdoc', /000007/)
    const html = (await clerk.getByTestId('doc-print-frame').getAttribute('srcdoc')) ?? ''
    expect(html).toContain('机密★10年')
    // The 版头 order: 份号, then 密级, above the 发文机关标志.
    expect(html.indexOf('000007')).toBeLessThan(html.indexOf('机密★10年'))
    expect(html.indexOf('机密★10年')).toBeLessThan(html.indexOf('data-testid="print-mark"'))
  } finally {
    await server.stop()
  }
})

test('a 收文 past its 批办 deadline is red in the 纪委监委 workspace’s 公文 pane, with the unit’s figures', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const { id } = await draftAndIssue(browser, server.url, '关于开展秋季安全生产检查的通知')
  const { page: qq } = await openAs(browser, server.url, 'qingquan.clerk')
  await qq.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  await act(qq, 'sign')
  await expect(qq.getByTestId('doc-status')).toHaveAttribute('data-status', 'signed')
  await act(qq, 'register')
  await expect(qq.getByTestId('doc-status')).toHaveAttribute('data-status', 'registered')
  await act(qq, 'accept')
  await expect(qq.getByTestId('doc-status')).toHaveAttribute('data-status', 'accepted')
  await act(qq, 'propose', { text: '建议由安监办牵头办理' })
  await expect(qq.getByTestId('doc-status')).toHaveAttribute('data-status', 'proposed')
  const { page: qh } = await openAs(browser, server.url, 'qingquan.head')
  await qh.goto(`${server.url}/#/documents/in/qingquan--${id}`)
  await act(qh, 'instruct', { text: '请按期完成检查' }, { lead: '王丽华' })
  await expect(qh.getByTestId('doc-status')).toHaveAttribute('data-status', 'handling')

  // A month passes on the server: the deadline (10 working days from 批办) is long gone.
  await server.advanceClock(30 * DAY)
  const { page: jw } = await openAs(browser, server.url, 'jiwei1')
  await jw.getByTestId('nav-oversight').click()
  await expect(jw.getByTestId('oversight-documents-red')).toHaveText('1')
  await jw.getByTestId('oversight-tab-documents').click()
  const row = jw.locator('[data-testid="doc-warning-row"][data-unit="qingquan"]')
  await expect(row).toHaveAttribute('data-level', 'red')
  await expect(row).toContainText('关于开展秋季安全生产检查的通知')
  await expect(row).toContainText('浠政办发〔2026〕')
  await expect(jw.getByTestId('doc-kpi-red')).toHaveAttribute('data-value', '1')
  // The month of 批办 (September): one instructed, overdue and open, for 清泉镇.
  await jw.getByTestId('doc-eff-kind').getByText('年').click()
  const eff = jw.locator('[data-testid="doc-eff-row"][data-unit="qingquan"]')
  await expect(eff).toContainText('1')
  await expect(jw.getByTestId('doc-eff-totals')).toContainText('批办 1 件')
  await expect(jw.getByTestId('doc-eff-totals')).toContainText('超期未办结 1 件')
  await jw.screenshot({ path: '/tmp/oversight-documents.png', fullPage: true })
})

test('in the desktop shell the 公文 print hands the laid-out page to exportPdf (printToPDF), which makes the GB/T 9704 PDF', async ({ browser, server }) => {
  test.setTimeout(180_000)
  const { clerk } = await draftAndIssue(browser, server.url, '关于做好元旦春节期间值班工作的通知')
  // The shell's DesktopApi, faked at the Electron boundary: exportPdf records what the renderer hands over.
  const ctx = await browser.newContext()
  await ctx.addInitScript((serverUrl: string) => {
    const w = window as unknown as { qingfeng: unknown; __exported: { html: string; name: string }[] }
    w.__exported = []
    const store = (k: string) => `qf.fake-shell.${k}`
    w.qingfeng = {
      getConfig: async () => ({ serverUrl, shell: 'electron', locale: 'zh-CN', serverSource: 'user', serverEditable: true, secureStorage: true }),
      notify: async () => undefined,
      setBadgeCount: async () => undefined,
      secretGet: async (k: string) => localStorage.getItem(store(k)),
      secretSet: async (k: string, v: string) => localStorage.setItem(store(k), v),
      secretDelete: async (k: string) => localStorage.removeItem(store(k)),
      openExternal: async () => false,
      saveFile: async () => false,
      printPage: async () => undefined,
      printDialog: async () => undefined,
      exportPdf: async (html: string, name: string) => {
        w.__exported.push({ html, name })
        return true
      },
      checkServer: async (url: string) => {
        const h = await (await fetch(`${url}/api/health`)).json()
        return { ok: true, serverUrl: url, county: h.county ?? null, serverTime: Date.now() }
      },
      setServerUrl: async () => undefined,
      getSettings: async () => ({ closeToTray: false, proxy: { mode: 'system' }, native: true }),
      setSettings: async () => undefined,
      onNavigate: () => () => undefined
    }
  }, server.url)
  const page = await ctx.newPage()
  await loginAs(page, server.url, 'zhengfuban.clerk')
  await page.goto(`${server.url}/#/documents/out/${/#\/documents\/out\/([A-Za-z0-9_-]+)/.exec(clerk.url())![1]}`)
  await page.getByTestId('doc-print').click()
  await page.getByTestId('doc-export-pdf').click()
  await expect(page.locator('.ant-message')).toContainText('已导出PDF')
  const [exported] = await page.evaluate(() => (window as unknown as { __exported: { html: string; name: string }[] }).__exported)
  expect(exported.name).toMatch(/^浠政办发〔2026〕\d+号关于做好元旦春节期间值班工作的通知$/)
  // What printToPDF renders: the page as laid out, the 版记 already placed (no script runs there).
  expect(exported.html).toMatch(/id="qf-spacer" style="height: \d+px;"/)
  expect(exported.html).not.toContain('<script')
  const pdfPage = await ctx.newPage()
  await pdfPage.setContent(exported.html)
  const dir = fileURLToPath(new URL('../../test-results/print', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const pdf = join(dir, 'shell-export.pdf')
  writeFileSync(pdf, await pdfPage.pdf({ preferCSSPageSize: true, printBackground: true }))
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  for (const part of ['浠水县人民政府办公室文件', '关于做好元旦春节期间值班工作的通知', '清泉镇：', '—1—']) expect(text).toContain(part)
  await ctx.close()
})
