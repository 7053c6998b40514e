import { defineConfig } from '@playwright/test'
import { chromiumExecutable } from './chromium'

/**
 * E2E on Debian's Chromium (never a downloaded browser). Each test file starts
 * its own collab server process on a temp data folder (see fixtures.ts).
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  // The longest flows (several users, a driven clock) take ~20 s on a quiet 2-core machine and
  // 2-3x that on a loaded one; the budget is for slow CI machines, not for slow code.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries: a test that passes only on its second try hides a race (docs/decisions.md, "E2E on a
  // loaded machine"); tests wait for conditions, never for time.
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    browserName: 'chromium',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  }
})
