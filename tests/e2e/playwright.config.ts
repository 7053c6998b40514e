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
  // One retry on CI, reported as "flaky" in the totals and the list, never silent: two multi-user flows
  // (sign-out menu right after sign-in; a 反馈 form on a busy task page) each failed once in a loaded
  // run after the record kinds were merged, and their causes are open questions in docs/decisions.md.
  retries: process.env.CI ? 1 : 0,
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
