import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'domain/**/*.test.ts',
      'collab-server/**/*.test.ts',
      'main/**/*.test.ts',
      'preload/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'tests/integration/**/*.test.ts'
    ],
    testTimeout: 20000,
    hookTimeout: 30000,
    pool: 'forks'
  }
})
