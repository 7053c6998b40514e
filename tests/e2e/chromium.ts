import { existsSync } from 'node:fs'

/** Debian's Chromium; QF_CHROMIUM overrides. Playwright's own browser download is never used. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.QF_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((p) => existsSync(p))
}
