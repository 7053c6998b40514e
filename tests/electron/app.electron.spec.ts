import { _electron as electron, type ElectronApplication, type Page } from 'playwright'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { findElectronBinary } from './electron-binary'

/** The part of tests/e2e/fixtures' server handle used here (that folder has its own tsconfig). */
interface TestServer {
  url: string
  stop(): Promise<void>
}
// Typed loosely on purpose: a literal specifier would pull tests/e2e into this project's typecheck.
const FIXTURES = '../e2e/fixtures.ts'
const PROXY = '../e2e/reverse-proxy.ts'

// Page-side globals, typed here because the node tsconfig has no DOM lib.
type PageGlobals = typeof globalThis & {
  qingfeng: import('@preload/contract').DesktopApi
  open(url: string): unknown
  location: { href: string; hash: string }
  fetch(url: string): Promise<{ ok: boolean }>
  require?: unknown
  process?: unknown
  ipcRenderer?: unknown
}

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const mainEntry = join(root, 'out', 'main', 'index.js')

// The shell loads the renderer from local disk (main/config.ts), never from the server.
const APP_ORIGIN = 'app://qingfeng'

/**
 * Launches the built app with throw-away HOME/XDG dirs (userData, token file) and config files.
 * `serverUrl` null: a fresh install (QF_FIRST_RUN=1), the first-run screen asks.
 */
async function launchApp(binaryPath: string, serverUrl: string | null, home: string, chromiumArgs: string[] = []): Promise<ElectronApplication> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOME: home,
    XDG_CONFIG_HOME: home,
    QF_MACHINE_CONFIG: join(home, 'machine-config.json'),
    QF_USER_CONFIG: join(home, 'user-config.json')
  }
  if (serverUrl) env.QF_SERVER_URL = serverUrl
  else {
    delete env.QF_SERVER_URL
    env.QF_FIRST_RUN = '1'
  }
  delete env.ELECTRON_RENDERER_URL
  return electron.launch({
    executablePath: binaryPath,
    // Chromium refuses its sandbox as root (CI containers); the app still enables it everywhere else.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...chromiumArgs, mainEntry],
    cwd: root,
    env
  })
}

/** Skips (with a printed notice) where the binary is missing; fails if the build is missing. */
async function binaryOrSkip(): Promise<string | undefined> {
  const binary = await findElectronBinary()
  if (!binary.ok) {
    console.log(`[electron e2e] skipped: Electron binary not available on this machine: ${binary.reason}`)
    test.skip(true, `Electron binary not available on this machine: ${binary.reason}`)
    return undefined
  }
  if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run \`npx electron-vite build\` first`)
  return binary.path
}

/** A loopback URL nobody listens on: the "office without network" case. */
async function deadServerUrl(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((ok) => probe.close(() => ok()))
  return `http://127.0.0.1:${port}`
}

test.describe('desktop shell (Electron)', () => {
  let server: TestServer | undefined
  let app: ElectronApplication | undefined
  let page: Page
  let home: string | undefined

  test.beforeAll(async () => {
    const binary = await binaryOrSkip()
    if (!binary) return
    // Loaded only here so a machine without Electron never starts a server.
    const { startServerProcess } = (await import(FIXTURES)) as { startServerProcess: () => Promise<TestServer> }
    server = await startServerProcess()
    home = mkdtempSync(join(tmpdir(), 'qf-electron-'))
    app = await launchApp(binary, server.url, home)
    page = await app.firstWindow()
  })

  test.afterAll(async () => {
    await app?.close()
    await server?.stop()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  test('opens on the login page of 清风协同办公, from app://qingfeng', async () => {
    await expect(page.getByText('清风协同办公').first()).toBeVisible()
    expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true)
  })

  test('the page sees window.qingfeng and nothing of Node or IPC', async () => {
    const seen = await page.evaluate(() => {
      const g = globalThis as PageGlobals
      return { api: Object.keys(g.qingfeng).sort(), require: typeof g.require, process: typeof g.process, ipc: typeof g.ipcRenderer }
    })
    expect(seen).toEqual({
      api: [
        'checkServer',
        'exportPdf',
        'getConfig',
        'getSettings',
        'notify',
        'onNavigate',
        'openExternal',
        'printDialog',
        'printPage',
        'saveFile',
        'secretDelete',
        'secretGet',
        'secretSet',
        'setBadgeCount',
        'setServerUrl',
        'setSettings'
      ],
      require: 'undefined',
      process: 'undefined',
      ipc: 'undefined'
    })
    const config = await page.evaluate(() => (globalThis as PageGlobals).qingfeng.getConfig())
    expect(config).toMatchObject({ shell: 'electron', serverUrl: server!.url.replace(/\/$/, '') })
  })

  test('reaches the collab server cross-origin (CORS), and nothing else (CSP)', async () => {
    const base = server!.url.replace(/\/$/, '')
    const health = await page.evaluate(async (u) => (await (globalThis as PageGlobals).fetch(`${u}/api/health`)).ok, base)
    expect(health).toBe(true)
    const elsewhere = await page.evaluate(async () => {
      try {
        await (globalThis as PageGlobals).fetch('https://example.com/')
        return 'reached'
      } catch {
        return 'blocked'
      }
    })
    expect(elsewhere).toBe('blocked')
  })

  test('new windows and navigation away (the server included) are denied', async () => {
    const opened = await page.evaluate(() => (globalThis as PageGlobals).open('about:blank') === null)
    expect(opened).toBe(true)
    for (const [i, target] of ['https://example.com/', `${server!.url.replace(/\/$/, '')}/`].entries()) {
      await page.evaluate((t) => void ((globalThis as PageGlobals).location.href = t), target)
      // A later in-app navigation lands only if the page is still ours: wait for it, not for time.
      const marker = `#/probe-${i}`
      await page.evaluate((m) => void ((globalThis as PageGlobals).location.hash = m), marker)
      await expect.poll(() => page.url()).toContain(marker)
      expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true)
    }
    expect(app!.windows()).toHaveLength(1)
  })
})

test.describe('offline cold start (Electron)', () => {
  let app: ElectronApplication | undefined
  let home: string | undefined

  test.afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  test('opens the app with the server unreachable', async () => {
    const binary = await binaryOrSkip()
    if (!binary) return
    home = mkdtempSync(join(tmpdir(), 'qf-electron-offline-'))
    app = await launchApp(binary, await deadServerUrl(), home)
    const page = await app.firstWindow()
    await expect(page.getByText('清风协同办公').first()).toBeVisible()
    expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true)
    // The preload bridge works offline too: the page is our origin.
    const config = await page.evaluate(() => (globalThis as PageGlobals).qingfeng.getConfig())
    expect(config).toMatchObject({ shell: 'electron' })
  })
})

test.describe('first run against a county server that is not on loopback (Electron)', () => {
  let server: TestServer | undefined
  let app: ElectronApplication | undefined
  let home: string | undefined
  let proxy: { port: number; seen: string[]; close(): Promise<void> } | undefined
  test.afterAll(async () => {
    await app?.close()
    await proxy?.close()
    await server?.stop()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  test('asks for the address, shows the county, saves it, and signs in through the prefix', async () => {
    const binary = await binaryOrSkip()
    if (!binary) return
    const { startServerProcess } = (await import(FIXTURES)) as { startServerProcess: () => Promise<TestServer> }
    const { startReverseProxy } = (await import(PROXY)) as {
      startReverseProxy: (o: { target: string; prefix: string; host: string }) => Promise<{ port: number; seen: string[]; close(): Promise<void> }>
    }
    server = await startServerProcess()
    proxy = await startReverseProxy({ target: server.url, prefix: '/qingfeng', host: '127.0.0.2' })
    home = mkdtempSync(join(tmpdir(), 'qf-electron-first-run-'))
    app = await launchApp(binary, null, home, ['--host-resolver-rules=MAP oa.county.test 127.0.0.2'])
    const page = await app.firstWindow()
    await expect(page.getByTestId('setup-title')).toBeVisible()
    const address = `http://oa.county.test:${proxy.port}/qingfeng/`
    await page.getByTestId('setup-address').fill(address)
    await page.getByTestId('setup-check').click()
    await expect(page.getByTestId('setup-found')).toContainText('浠水县')
    await page.getByTestId('setup-confirm').click()
    // The shell saved it in the user's config file and reloaded under a CSP naming that server.
    await expect(page.getByTestId('login-county')).toHaveText('浠水县')
    expect(JSON.parse(readFileSync(join(home, 'user-config.json'), 'utf8'))).toEqual({ serverUrl: `http://oa.county.test:${proxy.port}/qingfeng` })
    await page.getByTestId('login-username').fill('qingquan.clerk')
    await page.getByTestId('login-password').fill('demo123')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'online')
    expect(proxy.seen.some((s) => s.startsWith('UPGRADE /qingfeng/ws/'))).toBe(true)
    expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true)
  })
})
