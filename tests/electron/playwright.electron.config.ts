import { defineConfig } from '@playwright/test'

/**
 * The _electron.launch variant of the e2e suite: runs the built app
 * (out/main/index.js) against a real collab server. Where the Electron binary
 * is missing (our build machines) every test skips with a printed notice.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.electron\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/electron'
})
