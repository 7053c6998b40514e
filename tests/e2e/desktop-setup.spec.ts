/**
 * The desktop client's own screens, in the browser fallback with its test
 * hook (window.__QF_TEST__, renderer/src/core/platform/browser.ts) standing in for
 * a shell on a fresh machine or on one without a keyring.
 */
import { expect, test, type Page } from './fixtures'

const hook = (page: Page, hooks: { unconfigured?: boolean; noSecureStorage?: boolean }) =>
  page.addInitScript((h) => ((window as unknown as { __QF_TEST__: unknown }).__QF_TEST__ = h), hooks)

test('first run asks for the server, checks it, shows its county, then signs in', async ({ page, server }) => {
  await hook(page, { unconfigured: true })
  await page.goto(server.url)
  await expect(page.getByTestId('setup-title')).toHaveText('连接到单位的服务器')
  await expect(page.getByTestId('login-username')).toHaveCount(0)
  await expect(page.getByTestId('setup-confirm')).toBeDisabled()

  // An address without a scheme: said plainly, nothing saved.
  await page.getByTestId('setup-address').fill('oa.county.test/qingfeng')
  await page.getByTestId('setup-check').click()
  await expect(page.getByTestId('setup-error')).toHaveText('地址须以 http:// 或 https:// 开头')
  // Nobody there.
  await page.getByTestId('setup-address').fill('http://127.0.0.1:9/')
  await page.getByTestId('setup-check').click()
  await expect(page.getByTestId('setup-error')).toContainText('无法连接到该地址')
  // Something answers, but not a 清风 server (the renderer's own page, one level down).
  await page.getByTestId('setup-address').fill(`${server.url}/nothing-here/`)
  await page.getByTestId('setup-check').click()
  await expect(page.getByTestId('setup-error')).toContainText('不是清风协同办公服务器')
  await expect(page.getByTestId('setup-confirm')).toBeDisabled()

  await page.getByTestId('setup-address').fill(`${server.url}/`)
  await page.getByTestId('setup-check').click()
  await expect(page.getByTestId('setup-found')).toContainText('已连接到：浠水县')
  await page.getByTestId('setup-confirm').click()

  // Saved: the page reloads onto the login page of that server and county.
  await expect(page.getByTestId('login-county')).toHaveText('浠水县')
  await expect(page.getByTestId('login-server')).toContainText(server.url.replace(/^http:\/\//, ''))
  await page.getByTestId('login-username').fill('qingquan.clerk')
  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toBeVisible()
})

test('without a keyring the login page says so and signs in for this session only', async ({ page, server }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await hook(page, { noSecureStorage: true })
  await page.goto(server.url)
  await expect(page.getByTestId('login-no-keyring')).toContainText('没有可用的系统密钥环')
  await expect(page.getByTestId('login-no-keyring')).toContainText('关闭程序后需要重新登录')
  await expect(page.getByTestId('login-submit')).toHaveText(/仅本次登录/)

  // A wrong password is still an error on screen, not silence.
  await page.getByTestId('login-username').fill('qingquan.clerk')
  await page.getByTestId('login-password').fill('wrong')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误')

  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
  // Nothing about the sign-in was stored: no token, no saved session row.
  const stored = await page.evaluate(async () => {
    const secrets = Object.keys(localStorage).filter((k) => k.startsWith('qf.secret.'))
    const rows = await new Promise<number>((resolve) => {
      const open = indexedDB.open('qingfeng')
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('session')) return resolve(0)
        const count = db.transaction('session').objectStore('session').count()
        count.onsuccess = () => resolve(count.result)
      }
      open.onerror = () => resolve(-1)
    })
    return { secrets, rows }
  })
  expect(stored).toEqual({ secrets: [], rows: 0 })
  // After a restart: sign in again.
  await page.reload()
  await expect(page.getByTestId('login-no-keyring')).toBeVisible()
  expect(errors).toEqual([])
})

test('when storing the sign-in fails, the page explains and offers the session-only sign-in', async ({ page, server }) => {
  // The shell reports a keyring, but it refuses at the moment of storing (e.g. locked or removed).
  await page.addInitScript(() => {
    const set = Storage.prototype.setItem
    Storage.prototype.setItem = function (k: string, v: string) {
      if (k.startsWith('qf.secret.')) throw new Error('ENCRYPTION_UNAVAILABLE')
      return set.call(this, k, v)
    }
  })
  await page.goto(server.url)
  await expect(page.getByTestId('login-no-keyring')).toHaveCount(0)
  await page.getByTestId('login-username').fill('qingquan.clerk')
  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toContainText('无法在本机安全保存登录凭据')
  await expect(page.getByTestId('login-no-keyring')).toBeVisible()
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toBeVisible()
})

test('signing out on a shared computer removes the local copy of the data', async ({ page, server }) => {
  await page.goto(server.url)
  await page.getByTestId('login-username').fill('qingquan.clerk')
  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
  const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort())
  await expect.poll(databases).toContainEqual(expect.stringMatching(/^qingfeng-u-/))

  // Plain sign-out keeps the local data (the next sign-in opens offline).
  await openLogoutDialog(page)
  await expect(page.getByTestId('logout-dialog')).toContainText('同时删除本机上的数据副本')
  await page.getByTestId('logout-confirm').click()
  await expect(page.getByTestId('login-username')).toBeVisible()
  expect(await databases()).toContainEqual(expect.stringMatching(/^qingfeng-u-/))

  await page.getByTestId('login-username').fill('qingquan.clerk')
  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
  await openLogoutDialog(page)
  await page.getByTestId('logout-wipe').check()
  await page.getByTestId('logout-confirm').click()
  await expect(page.getByTestId('login-username')).toBeVisible()
  await expect.poll(databases).not.toContainEqual(expect.stringMatching(/^qingfeng-u-/))
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('qf.secret.')))).toEqual([])
  // Still usable: the next person signs in normally.
  await page.getByTestId('login-username').fill('sanhua.clerk')
  await page.getByTestId('login-password').fill('demo123')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('brand-unit')).toHaveText('散花镇')
})

test('only a system administrator changes the server address from the client settings', async ({ page, server }) => {
  const signIn = async (username: string) => {
    await page.getByTestId('login-username').fill(username)
    await page.getByTestId('login-password').fill('demo123')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('conn-state')).toBeVisible()
  }
  await page.goto(server.url)
  await signIn('qingquan.clerk')
  await page.getByTestId('current-user').click()
  await page.getByTestId('client-settings').click()
  await expect(page.getByTestId('settings-server')).toHaveText(server.url)
  await expect(page.getByText('仅系统管理员可以在此更改服务器地址。')).toBeVisible()
  await expect(page.getByTestId('settings-change-server')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await page.getByTestId('current-user').click()
  await page.getByTestId('logout').click()
  await page.getByTestId('logout-confirm').click()

  await signIn('admin')
  await page.getByTestId('current-user').click()
  await page.getByTestId('client-settings').click()
  await page.getByTestId('settings-change-server').click()
  await page.getByTestId('setup-address').fill(`${server.url}/`)
  await page.getByTestId('setup-check').click()
  await expect(page.getByTestId('setup-found')).toContainText('浠水县')
  await page.getByTestId('setup-confirm').click()
  // Saved; the session belonged to the old address, so the admin signs in again.
  await expect(page.getByTestId('login-username')).toBeVisible()
  expect(await page.evaluate(() => localStorage.getItem('qf.serverUrl'))).toBe(server.url)
})

/**
 * Opens the sign-out dialog from the user menu. The menu sits in the sticky header: however the
 * page scrolls (Playwright scrolls an item into view when the menu's opening animation outlasts its
 * first tries), the item stays where it was, under its button.
 */
async function openLogoutDialog(page: import('@playwright/test').Page): Promise<void> {
  await page.getByTestId('current-user').click()
  const item = page.getByTestId('logout')
  await expect(item).toBeVisible()
  // The page scrolled under the open menu (made long enough to scroll, then put back as it was).
  const moved = await item.evaluate((el) => {
    const html = document.scrollingElement!
    const pad = document.body.appendChild(document.createElement('div'))
    pad.style.height = '200vh'
    const before = el.getBoundingClientRect().top
    html.scrollTop += 300
    const shift = Math.round(Math.abs(el.getBoundingClientRect().top - before)) // whole pixels: the opening animation moves it by less
    const scrolled = html.scrollTop > 0
    html.scrollTop -= 300
    pad.remove()
    return { scrolled, shift }
  })
  expect(moved).toEqual({ scrolled: true, shift: 0 })
  await item.click()
  await expect(page.getByTestId('logout-dialog')).toBeVisible()
}
