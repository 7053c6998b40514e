#!/usr/bin/env node
/**
 * End-to-end tests: build the client, run the Playwright suite on Debian's
 * Chromium against real collab-server processes, then the Electron variant
 * (which prints a notice and skips where the Electron binary is missing).
 */
import { spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const run = (args) => spawnSync(npx, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } }).status ?? 1

if (run(['electron-vite', 'build']) !== 0) process.exit(1)
let status = run(['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts'])
if (existsSync(join(root, 'tests', 'electron', 'playwright.electron.config.ts'))) {
  status = run(['playwright', 'test', '-c', 'tests/electron/playwright.electron.config.ts']) || status
}
process.exit(status)
