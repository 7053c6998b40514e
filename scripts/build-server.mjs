#!/usr/bin/env node
/**
 * Bundles the collab server (collab-server/cli.ts and what it imports from
 * domain/) into out/server/cli.mjs, to run with plain `node`: no TypeScript
 * loader and no module graph of hundreds of files in memory (idle RSS about
 * 30 MiB less; docs/decisions.md, "Cost per update"). npm packages stay
 * external (better-sqlite3 is native). `npm run server` still runs the
 * sources with tsx; `npm start`, the benchmark and deploy.md use the bundle.
 *
 *   node scripts/build-server.mjs          # build if a source is newer
 *   node scripts/build-server.mjs --force
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SERVER_BUNDLE = join(root, 'out', 'server', 'cli.mjs')

/**
 * How the bundle runs wherever it is deployed (npm start, deploy.md's unit, the benchmark):
 * node flags and environment. V8's defaults let a busy server's young generation grow to 48 MiB
 * and its old space to about 4× what is live before a full collection: a 4 MiB semi-space and a
 * 1.5× heap-growing factor bound both (about 40 MiB less at peak under a flood). They collect
 * more often; collecting on the main thread alone (`--single-threaded-gc`) pays for that on a
 * 2-core server, where GC helper threads compete with everything else. Two malloc arenas instead
 * of one per thread keep the threads' freed memory reusable across them (docs/decisions.md,
 * "Cost per update" → "Sixth pass").
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=50', '--single-threaded-gc']
export const SERVER_ENV = { MALLOC_ARENA_MAX: '2' }

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Builds out/server/cli.mjs when missing or older than collab-server/ or domain/; returns its path. */
export async function buildServer(force = false) {
  const sources = ['collab-server', 'domain'].map((d) => join(root, d))
  if (!force && existsSync(SERVER_BUNDLE) && Math.max(...sources.map(newest)) <= statSync(SERVER_BUNDLE).mtimeMs) return SERVER_BUNDLE
  const { build } = await import('esbuild')
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true })
  await build({
    entryPoints: [join(root, 'collab-server', 'cli.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.node.json'),
    sourcemap: 'linked',
    logLevel: 'warning'
  })
  // The demo county is read beside the module that names it (import.meta.url).
  copyFileSync(join(root, 'collab-server', 'seed', 'demo-county.json'), join(dirname(SERVER_BUNDLE), 'demo-county.json'))
  return SERVER_BUNDLE
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await buildServer(process.argv.includes('--force')))
}
