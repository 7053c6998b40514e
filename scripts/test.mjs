#!/usr/bin/env node
/**
 * npm test: lint (Biome + dependency-cruiser layer rules), typecheck, unit + integration (Vitest), end-to-end (Playwright on
 * Chromium, then the Electron variant), and one closing line with the totals
 * of every runner (lint counts as one check), so a reader (or CI) sees the whole result at the end.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const out = mkdtempSync(join(tmpdir(), 'qf-test-'))
const run = (args, env = {}) =>
  spawnSync(npx, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env } }).status ?? 1
const totals = { passed: 0, failed: 0, skipped: 0 }
let status = 0

function step(name, code) {
  if (code !== 0) {
    status = 1
    console.error(`\n✗ ${name} failed (exit ${code})`)
  }
}

// Lint first: it is the fastest and a layer violation makes every later failure harder to read.
const lint = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint'], { cwd: root, stdio: 'inherit' }).status ?? 1
step('lint', lint)
if (lint === 0) totals.passed += 1
else totals.failed += 1

step(
  'typecheck',
  run(['tsc', '-p', 'tsconfig.node.json', '--noEmit']) ||
    run(['tsc', '-p', 'tsconfig.web.json', '--noEmit']) ||
    run(['tsc', '-p', 'tsconfig.e2e.json', '--noEmit'])
)

const vitestJson = join(out, 'vitest.json')
step('vitest', run(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]))
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'))
  totals.passed += r.numPassedTests
  totals.failed += r.numFailedTests
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0)
}

step('build', run(['electron-vite', 'build']))
for (const [name, config] of [
  ['e2e (Chromium)', 'tests/e2e/playwright.config.ts'],
  ['e2e (Electron)', 'tests/electron/playwright.electron.config.ts']
]) {
  const json = join(out, `${name.replace(/\W+/g, '_')}.json`)
  step(name, run(['playwright', 'test', '-c', config, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: json }))
  if (existsSync(json)) {
    const s = JSON.parse(readFileSync(json, 'utf8')).stats
    totals.passed += s.expected + (s.flaky ?? 0)
    totals.failed += s.unexpected
    totals.skipped += s.skipped
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(status)
