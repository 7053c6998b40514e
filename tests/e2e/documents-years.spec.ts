/**
 * The 公文 list by year in a real browser (docs/decisions.md, "A unit's 公文箱 holds what is open"):
 * closed 公文 are listed by the year they closed, so one begun two years ago and closed now is in the
 * list the page shows at once; one that closed two years ago appears only when its year is picked,
 * and goes again when the year is taken off. The archive is set to ten years here, so nothing leaves
 * the lists by being archived while the clock moves on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, loginAs, startServerProcess, test, type Page } from './fixtures'
import { openAs, openDialog } from './helpers'

/** 外来文登记 by the unit's clerk, then 签收 and 登记 (the page of the new 收文 is open after). */
async function registerExternal(page: Page, title: string, number: string): Promise<string> {
  await page.getByTestId('nav-documents').click()
  await page.getByTestId('doc-external').click()
  await page.getByTestId('ext-from').fill('市农业农村局')
  await page.getByTestId('ext-number').fill(number)
  await page.getByTestId('ext-title').fill(title)
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click()
  await expect(page.getByTestId('doc-title')).toHaveText(title)
  const id = /#\/documents\/in\/([A-Za-z0-9_-]+)/.exec(page.url())![1]
  await page.getByTestId('doc-in-action-sign').click()
  await page.getByTestId('doc-in-action-register').click()
  await expect(page.getByTestId('doc-in-number')).toBeVisible()
  return id
}

/** 初审退回: an external 收文 returned is closed. */
async function returnIt(page: Page, id: string) {
  await page.goto(page.url().replace(/#.*$/, `#/documents/in/${id}`))
  await openDialog(page, page.getByTestId('doc-in-action-return'))
  await page.getByTestId('doc-field-reason').fill('非本单位职责，请转相关部门')
  await page.getByTestId('doc-dialog-ok').click()
  await expect(page.getByTestId('doc-in-action-return')).toHaveCount(0)
}

test('closed 公文 by the year they closed: the last two years at once, an earlier year on demand', async ({ browser, page }) => {
  const configDir = mkdtempSync(join(tmpdir(), 'qf-e2e-config-'))
  const config = join(configDir, 'server.json')
  writeFileSync(config, JSON.stringify({ archiveAfterDays: 3650 }))
  const server = await startServerProcess({ clockMs: Date.parse('2026-03-02T10:00:00+08:00'), args: ['--config', config, '--seed', 'demo'] })
  try {
    await loginAs(page, server.url, 'qingquan.clerk')
    // March 2026: one 来文 is returned at once (closed in 2026); another is kept to be dealt with later.
    const early = await registerExternal(page, '二〇二六年退回的来文', '农发〔2026〕3号')
    await returnIt(page, early)
    const late = await registerExternal(page, '跨年办理的来文', '农发〔2026〕4号')

    // February 2028: the second one, begun in 2026, is returned now.
    await server.setClock(Date.parse('2028-02-14T10:00:00+08:00'))
    const { page: later } = await openAs(browser, server.url, 'qingquan.clerk')
    await later.goto(`${server.url}/#/documents/in/${late}`)
    await returnIt(later, late)

    // The list shows it (closed this year) without asking; the one closed in 2026 is not there.
    await later.getByTestId('nav-documents').click()
    const row = (id: string) => later.locator(`[data-testid="doc-row"][data-id="${id}"]`)
    await expect(row(late)).toBeVisible()
    await expect(row(late)).toContainText('跨年办理的来文')
    await expect(row(early)).toHaveCount(0)
    await expect(later.getByTestId('doc-years-hint')).toContainText('已归档的请到归档查询')

    // Picking 2026 reads that year's list: the early one appears, marked returned.
    await later.getByTestId('doc-earlier-years').click()
    await later.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '2026年办毕' }).click()
    await expect(row(early)).toBeVisible()
    await expect(row(early)).toContainText('二〇二六年退回的来文')
    await expect(row(late)).toBeVisible()
    // Taking the year off the list takes its documents off too.
    await later.keyboard.press('Escape')
    await later.getByTestId('doc-earlier-years').locator('.ant-select-selection-item-remove').click()
    await expect(row(early)).toHaveCount(0)
    await expect(row(late)).toBeVisible()
  } finally {
    await server.stop()
    rmSync(configDir, { recursive: true, force: true })
  }
})
