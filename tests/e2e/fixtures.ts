/**
 * A real collab server process (the same CLI `npm start` runs) on a temp data
 * folder and a free port, serving the built renderer, with the test clock on.
 */
import { test as base, expect, type Page, type BrowserContext } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface TestServer {
  url: string
  dataDir: string
  advanceClock(ms: number): Promise<number>
  setClock(ms: number): Promise<number>
  stop(): Promise<void>
}

const root = fileURLToPath(new URL('../..', import.meta.url))

export async function startServerProcess(
  opts: { dataDir?: string; clockMs?: number; port?: number; serverNames?: string[]; args?: string[] } = {}
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'qf-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'collab-server/cli.ts',
      '--data',
      dataDir,
      '--port',
      String(opts.port ?? 0),
      '--test-clock',
      '--fast-hash',
      '--renderer',
      join(root, 'out', 'renderer'),
      ...(opts.clockMs ? ['--clock-ms', String(opts.clockMs)] : []),
      ...(opts.serverNames ? ['--server-names', opts.serverNames.join(',')] : []),
      ...(opts.args ?? [])
    ],
    { cwd: root, env: { ...process.env, QF_LOG: '0' }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.on('exit', (code) => fail(new Error(`server exited ${code}: ${stderr}`)))
  })
  const clock = async (body: object) => {
    const r = await fetch(`${url}/api/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return ((await r.json()) as { serverTime: number }).serverTime
  }
  const server: TestServer = {
    url,
    dataDir,
    advanceClock: (ms) => clock({ advanceMs: ms }),
    setClock: (ms) => clock({ setMs: ms }),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
      if (!opts.dataDir) rmSync(`${dataDir}-keys`, { recursive: true, force: true }) // the signing key generated beside it
    }
  }
  // The clock starts at clockMs (--clock-ms): server time never runs backwards, so it is not set back later.
  return server
}

export async function loginAs(page: Page, url: string, username: string, password = 'demo123'): Promise<void> {
  await page.goto(url)
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('conn-state')).toBeVisible()
}

/** Every test gets its own server and data folder: tests move the server clock, so nothing may leak between them. */
export const test = base.extend<{ server: TestServer; closeContexts: undefined }>({
  // Contexts a test opened for its users (helpers.ts openAs) close with the test: left open they keep
  // reconnecting to a stopped server and load the machine for every later test.
  closeContexts: [
    async ({ browser }, use) => {
      await use(undefined)
      await Promise.all(browser.contexts().map((c) => c.close().catch(() => undefined)))
    },
    { auto: true }
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this destructuring.
  server: async ({}, use) => {
    const s = await startServerProcess({ clockMs: Date.parse('2026-09-21T10:00:00+08:00') })
    await use(s)
    await s.stop()
  }
})

export { expect, type Page, type BrowserContext }
