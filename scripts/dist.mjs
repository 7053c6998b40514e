#!/usr/bin/env node
/**
 * npm run dist [-- electron-builder options]: builds the installers.
 *   npm run dist                        the targets for this OS (electron-builder.config.cjs)
 *   npm run dist -- --linux deb --arm64 one target
 *   npm run dist -- --win               Windows NSIS (on Windows, or Linux with wine)
 *
 * 1. electron-vite build (main bundles electron-updater; the renderer is minified)
 * 2. stage dist/app: out/main, out/preload, out/renderer (no source maps) and a
 *    package.json with no dependencies, so no node_modules (better-sqlite3,
 *    the collab server) can reach the package
 * 3. electron-builder --config electron-builder.config.cjs
 * electron-builder needs the Electron release zip for each target: from its
 * cache, ELECTRON_MIRROR (e.g. https://npmmirror.com/mirrors/electron/), or
 * electronDist. Without it the build stops with a clear message.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

/** The app's own package.json: identity and entry point, nothing to install. */
export function appPackageJson(pkg) {
  return {
    name: pkg.name,
    productName: '清风协同办公',
    version: pkg.version,
    description: pkg.description,
    author: pkg.author ?? '清风协同办公',
    license: pkg.license ?? 'UNLICENSED',
    type: 'module',
    main: 'out/main/index.js'
  }
}

/** Copies the build into dist/app without source maps. */
export function stageApp(rootDir = root) {
  const app = join(rootDir, 'dist', 'app')
  rmSync(app, { recursive: true, force: true })
  mkdirSync(app, { recursive: true })
  for (const part of ['main', 'preload', 'renderer']) {
    const from = join(rootDir, 'out', part)
    if (!existsSync(from)) throw new Error(`${from} missing: run electron-vite build first`)
    cpSync(from, join(app, 'out', part), { recursive: true, filter: (src) => !src.endsWith('.map') })
  }
  const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8'))
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(appPackageJson(pkg), null, 2)}\n`)
  return app
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(npx, ['electron-vite', 'build'])
  const app = stageApp()
  console.log(`staged ${app}`)
  const r = spawnSync(npx, ['electron-builder', '--config', 'electron-builder.config.cjs', '--publish', 'never', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit'
  })
  if (r.status !== 0) {
    console.error(
      '\n打包失败 — electron-builder failed. If it could not download Electron, set ELECTRON_MIRROR to a reachable mirror\n' +
        'or put the electron-v<version>-<os>-<arch>.zip files in its cache (see docs/desktop.md, "Packaging").'
    )
    process.exit(r.status ?? 1)
  }
  console.log("安装包在 dist/installers — installers are in dist/installers (copy them with latest*.yml into the server's updates folder to roll out)")
}
