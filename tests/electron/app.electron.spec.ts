import { _electron as electron, type ElectronApplication, type Page } from 'playwright'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
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

// Page-side globals, typed here because the node tsconfig has no DOM lib.
type PageGlobals = typeof globalThis & {
  qingfeng: import('../../preload/contract').DesktopApi
  open(url: string): unknown
  location: { href: string }
  require?: unknown
  process?: unknown
  ipcRenderer?: unknown
}

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const mainEntry = join(root, 'out', 'main', 'index.js')

test.describe('desktop shell (Electron)', () => {
  let server: TestServer | undefined
  let app: ElectronApplication | undefined
  let page: Page
  let home: string | undefined

  test.beforeAll(async () => {
    const binary = await findElectronBinary()
    if (!binary.ok) {
      console.log(`[electron e2e] skipped: Electron binary not available on this machine: ${binary.reason}`)
      test.skip(true, `Electron binary not available on this machine: ${binary.reason}`)
      return
    }
    if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run \`npx electron-vite build\` first`)

    // Loaded only here so a machine without Electron never starts a server.
    const { startServerProcess } = (await import(FIXTURES)) as { startServerProcess: () => Promise<TestServer> }
    server = await startServerProcess()
    // Own HOME/XDG dirs so the app's userData (token file) is throw-away.
    home = mkdtempSync(join(tmpdir(), 'qf-electron-'))
    const env: Record<string, string> = { ...(process.env as Record<string, string>), QF_SERVER_URL: server.url, HOME: home, XDG_CONFIG_HOME: home }
    delete env.ELECTRON_RENDERER_URL
    app = await electron.launch({
      executablePath: binary.path,
      // Chromium refuses its sandbox as root (CI containers); the app still enables it everywhere else.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), mainEntry],
      cwd: root,
      env
    })
    page = await app.firstWindow()
  })

  test.afterAll(async () => {
    await app?.close()
    await server?.stop()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  test('opens on the login page of 清风协同办公', async () => {
    await expect(page.getByText('清风协同办公').first()).toBeVisible()
    expect(page.url().startsWith(server!.url)).toBe(true)
  })

  test('the page sees window.qingfeng and nothing of Node or IPC', async () => {
    const seen = await page.evaluate(() => {
      const g = globalThis as PageGlobals
      return { api: Object.keys(g.qingfeng).sort(), require: typeof g.require, process: typeof g.process, ipc: typeof g.ipcRenderer }
    })
    expect(seen).toEqual({
      api: ['getConfig', 'notify', 'onNavigate', 'openExternal', 'printPage', 'saveFile', 'secretDelete', 'secretGet', 'secretSet', 'setBadgeCount'],
      require: 'undefined',
      process: 'undefined',
      ipc: 'undefined'
    })
    const config = await page.evaluate(() => (globalThis as PageGlobals).qingfeng.getConfig())
    expect(config).toMatchObject({ shell: 'electron', serverUrl: server!.url.replace(/\/$/, '') })
  })

  test('new windows and navigation away are denied', async () => {
    const opened = await page.evaluate(() => (globalThis as PageGlobals).open('about:blank') === null)
    expect(opened).toBe(true)
    await page.evaluate(() => void ((globalThis as PageGlobals).location.href = 'https://example.com/'))
    await page.waitForTimeout(500)
    expect(page.url().startsWith(server!.url)).toBe(true)
    expect(app!.windows()).toHaveLength(1)
  })
})
