import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  // The path aliases of tsconfig.base.json (docs/architecture.md, House rules).
  resolve: {
    alias: {
      '@domain': at('./domain'),
      '@server': at('./collab-server'),
      '@renderer': at('./renderer/src'),
      '@main': at('./main'),
      '@preload': at('./preload')
    }
  },
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
