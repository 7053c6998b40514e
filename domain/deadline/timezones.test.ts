/**
 * The same answers under TZ=UTC, TZ=Asia/Shanghai and TZ=America/New_York. A process
 * reads TZ once at start, so each zone gets its own child process (node + the tsx loader) that
 * evaluates the shared table; its JSON must equal the expected answers and this process's own.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { deadlineCases, extensionCases, runAll, warningCases } from './cases.fixture'

const fixtureUrl = new URL('./cases.fixture.ts', import.meta.url).href
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

const childScript = `
import { runAll } from ${JSON.stringify(fixtureUrl)}
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
console.log(JSON.stringify({ zone, offsetMinutes: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), result: runAll() }))
`

function runIn(tz: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
    cwd: repoRoot,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8'
  })
  if (child.status !== 0) throw new Error(`child under TZ=${tz} failed: ${child.stderr}`)
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { zone: string; offsetMinutes: number; result: ReturnType<typeof runAll> }
}

const expected = {
  deadlines: deadlineCases.map((c) => ('error' in c.expect ? c.expect : { ...c.expect, dueAtIsEndOfDay: true })),
  extensions: extensionCases.map((c) => ({ ...c.expect, dueAtIsEndOfDay: true })),
  warnings: warningCases.map((c) => c.expect)
}

describe('same answers in every machine time zone', () => {
  const inProcess = runAll()

  it.each([
    ['UTC', 0],
    ['Asia/Shanghai', -480],
    ['America/New_York', 300],
    // The extremes, since chinese-days' own date bug depends on the sign of the offset.
    ['Pacific/Kiritimati', -840],
    ['Pacific/Pago_Pago', 660]
  ])('TZ=%s', (tz, offsetMinutes) => {
    const out = runIn(tz)
    // Guard against a vacuous pass: the child really ran in that zone.
    expect(out.offsetMinutes).toBe(offsetMinutes)
    expect(out.result).toEqual({ ...expected, fingerprint: inProcess.fingerprint })
    expect(out.result).toEqual(inProcess)
  })
})
