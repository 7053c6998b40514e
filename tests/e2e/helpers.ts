/** Browser-side helpers shared by the e2e specs. */
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test'
import { loginAs } from './fixtures'
import { expect } from '@playwright/test'

/**
 * Records desktop notifications: the browser DesktopApi uses the Web
 * Notification API, which is the desktop boundary here (as Electron is in the shell).
 */
export async function recordNotifications(ctx: BrowserContext): Promise<void> {
  await ctx.addInitScript(() => {
    const w = window as unknown as { __notes: { title: string; body?: string }[]; Notification: unknown }
    w.__notes = []
    class FakeNotification {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      onclick: (() => void) | null = null
      constructor(title: string, opts?: { body?: string }) {
        w.__notes.push({ title, body: opts?.body })
      }
      close() {}
    }
    w.Notification = FakeNotification
  })
}

/**
 * Presses a button that opens an antd dialog, and waits until the dialog has finished zooming in.
 * During the zoom the dialog is scaled and moving: a click aimed from one frame's box can land
 * where the button no longer is. A 确定 pressed ~100 ms after its dialog appeared did nothing
 * that way in two CI runs (documents-more's 签发, documents-flow's 传阅 阅).
 */
export async function openDialog(page: Page, button: Locator): Promise<void> {
  await button.click()
  const dialog = page.locator('.ant-modal').filter({ visible: true })
  await expect(dialog).toHaveCount(1)
  await expect(dialog).not.toHaveClass(/-zoom-(appear|enter)/)
}

export const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notes: { title: string; body?: string }[] }).__notes)

/** Assigns through the form; `agencyType` (an option's visible label) makes it a 代办件 of that type. */
export async function assignTask(
  page: Page,
  opts: { title: string; requirement?: string; lead: string; assist?: string[]; agencyType?: string; onSubmit?: () => void }
): Promise<string> {
  await page.getByTestId('nav-tasks').click()
  await page.getByTestId('assign-open').click()
  await page.getByTestId('assign-title').fill(opts.title)
  await page.getByTestId('assign-requirement').fill(opts.requirement ?? '请按要求办理并及时反馈。')
  if (opts.agencyType) {
    await page.getByTestId('assign-class').getByText('代办件').click()
    await page.getByTestId('assign-agency-type').click()
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: opts.agencyType }).click()
  }
  await pickUnit(page, 'assign-lead', opts.lead)
  for (const a of opts.assist ?? []) await pickUnit(page, 'assign-assist', a)
  opts.onSubmit?.()
  await page.getByTestId('assign-submit').click()
  // The client opens the new task's page.
  await expect(page.getByTestId('task-heading')).toContainText(opts.title)
  return /#\/tasks\/([A-Za-z0-9_-]+)/.exec(page.url())![1]
}

/**
 * Picks a unit in a unit select (by typing its name) and leaves its list closed. A single select
 * closes its list on the pick; a multiple one keeps it open over the form, and Escape closes it.
 * Escape is never pressed with no list open: in a dialog it would close the dialog (under load the
 * list's closing animation, which used to swallow that Escape, is long over by then).
 */
export async function pickUnit(page: Page, testId: string, name: string): Promise<void> {
  const select = page.getByTestId(testId)
  await select.click()
  await page.keyboard.type(name)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click()
  await expect(select).toContainText(name)
  if (await select.evaluate((el) => el.classList.contains('ant-select-multiple'))) await page.keyboard.press('Escape')
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0)
}

/** A user in their own browser context (own IndexedDB, own network switch), logged in, notifications recorded. */
export async function openAs(browser: Browser, serverUrl: string, username: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext()
  await recordNotifications(ctx)
  const page = await ctx.newPage()
  await loginAs(page, serverUrl, username)
  return { ctx, page }
}

/**
 * Waits until the page's finite CSS animations and transitions (a drawer sliding in, a
 * segmented control's thumb) have finished, e.g. before a screenshot; endless ones (spinners)
 * are not waited for.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined))
    )
  )
}
