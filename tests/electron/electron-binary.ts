/**
 * Finds the Electron binary without side effects. Note that merely requiring
 * the `electron` package (v42) when its binary is missing starts a download
 * (node_modules/electron/index.js spawns install.js), which on our build
 * machines hangs on the network and then throws. So we first look for the
 * files the package would return, and only import it once they exist.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export type BinaryLookup = { ok: true; path: string } | { ok: false; reason: string }

export async function findElectronBinary(): Promise<BinaryLookup> {
  let pkgDir: string
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron npm package is not installed' }
  }
  const pathFile = join(pkgDir, 'path.txt')
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(pathFile)) {
    return { ok: false, reason: `no ${pathFile} (the binary was never downloaded; npm could not fetch it)` }
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron'
  const expected = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(pkgDir, 'dist', relative)
  if (!existsSync(expected)) return { ok: false, reason: `${expected} does not exist` }
  try {
    // Safe now: with the file present the package returns its path instead of downloading.
    const resolved = (await import('electron')).default as unknown
    if (typeof resolved === 'string' && existsSync(resolved)) return { ok: true, path: resolved }
    return { ok: false, reason: `require('electron') gave ${String(resolved)}, which does not exist` }
  } catch (e) {
    return { ok: false, reason: `require('electron') failed: ${e instanceof Error ? e.message : String(e)}` }
  }
}
