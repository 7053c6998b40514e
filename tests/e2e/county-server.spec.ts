/**
 * A county's own server, as the browser fallback reaches it: under a
 * non-loopback name (oa.county.test → 127.0.0.2 by Chromium's resolver rule)
 * and a path prefix served by a reverse proxy. Sign-in, live sync over the
 * WebSocket and the county name all have to go through /qingfeng/.
 */
import { chromium } from '@playwright/test'
import { chromiumExecutable } from './chromium'
import { expect, startServerProcess, test, type TestServer } from './fixtures'
import { startReverseProxy, type ReverseProxy } from './reverse-proxy'

const NAME = 'oa.county.test'
const PROXY_IP = '127.0.0.2'

test('logs in to a server reached by a non-loopback name with a path prefix', async () => {
  let proxy: ReverseProxy | undefined
  // A county server names the host it is reached by (the Host check refuses any other name).
  const server: TestServer = await startServerProcess({ serverNames: [NAME] })
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--host-resolver-rules=MAP ${NAME} ${PROXY_IP}`]
  })
  try {
    proxy = await startReverseProxy({ target: server.url, prefix: '/qingfeng', host: PROXY_IP })
    const base = `http://${NAME}:${proxy.port}/qingfeng/`
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await ctx.newPage()
    await page.goto(base)
    // The county comes from the server's directory data, through the prefix.
    await expect(page.getByTestId('login-county')).toHaveText('浠水县')
    await expect(page.getByTestId('login-server')).toContainText(`${NAME}:${proxy.port}/qingfeng`)
    await page.getByTestId('login-username').fill('qingquan.clerk')
    await page.getByTestId('login-password').fill('demo123')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
    await expect(page.getByTestId('brand-unit')).toHaveText('清泉镇')
    expect(page.url().startsWith(base)).toBe(true)
    // Everything went through the prefix: HTTP and the live WebSocket.
    expect(proxy.seen).toContain('POST /qingfeng/api/login')
    expect(proxy.seen.some((s) => s.startsWith('UPGRADE /qingfeng/ws/'))).toBe(true)
    expect(proxy.seen.filter((s) => !/^(GET|POST|HEAD|UPGRADE) \/qingfeng\//.test(s))).toEqual([])
    // The page talks to its own server only: the server's CSP header refuses anywhere else.
    const violation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true })
          fetch('http://127.0.0.3:9/exfiltrate').catch(() => undefined)
        })
    )
    expect(violation).toBe('connect-src')
  } finally {
    await browser.close()
    await proxy?.close()
    await server.stop()
  }
})
