// Where the Electron binary is, or null when it was never downloaded (as on our build machines).
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'

export function electronBinary() {
  try {
    const p = createRequire(import.meta.url)('electron')
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}
