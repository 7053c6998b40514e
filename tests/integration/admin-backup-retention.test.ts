/**
 * Scheduled backups keep what the county asked for — e.g. 7 daily, 4 weekly,
 * 12 monthly (docs/deploy.md, "Backups") — and say so in the log.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { prune, retained } from '@server/ops/backup'
import { parseConfig } from '@server/ops/config'
import type { Logger } from '@server/logger'
import { startServer } from './harness'

const tmp: string[] = []
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true })
})

/** Backup folder names as the scheduler makes them, one every `everyH` hours back from `end`. */
function names(end: number, count: number, everyH: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const iso = new Date(end - i * everyH * 3600_000).toISOString()
    return `qingfeng-backup-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}Z`
  })
}

describe('backup retention', () => {
  it('7 daily, 4 weekly, 12 monthly out of a year of six-hourly backups', () => {
    const end = Date.UTC(2026, 10, 30, 18, 0) // Mon 1 Dec 02:00 in Shanghai
    const all = names(end, 4 * 366, 6)
    const keep = retained(all, { daily: 7, weekly: 4, monthly: 12 })
    const sh = (n: string) => {
      const m = /(\d{4})(\d{2})(\d{2})-(\d{2})/.exec(n)!
      return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4]) + 8 * 3600_000)
    }
    const kept = [...keep].sort().reverse()
    // The newest is always kept; one per Shanghai day for the last 7 days.
    expect(kept[0]).toBe(all[0])
    const days = new Set(kept.map((n) => sh(n).toISOString().slice(0, 10)))
    for (let d = 0; d < 7; d++) expect(days.has(new Date(end + 8 * 3600_000 - d * 86_400_000).toISOString().slice(0, 10))).toBe(true)
    // One per month for 12 months, and nothing older than that.
    const months = new Set(kept.map((n) => sh(n).toISOString().slice(0, 7)))
    expect(months.size).toBe(12)
    // 7 daily + up to 4 weekly + up to 12 monthly, overlapping: far fewer than the 1,464 made.
    expect(kept.length).toBeGreaterThanOrEqual(12)
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12)
    // A day's kept backup is that day's newest (00:00–23:59 Shanghai, not UTC).
    const today = kept.filter((n) => sh(n).toISOString().slice(0, 10) === '2026-12-01')
    expect(today).toEqual([all[0]])
  })

  it('prune removes what no rule keeps, and abandoned partial copies, from a real folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'qf-ret-'))
    tmp.push(root)
    const all = names(Date.UTC(2026, 10, 30, 0, 0), 40, 24)
    for (const n of all) mkdirSync(join(root, n))
    mkdirSync(join(root, 'qingfeng-backup-20261130-010000Z.partial'))
    mkdirSync(join(root, 'qingfeng-backup-handmade')) // renamed by a person: not ours to remove
    const r = prune(root, { daily: 3, keep: 5 })
    expect(r.kept.length).toBe(6)
    expect(readdirSync(root).sort()).toEqual([...all.slice(0, 5), 'qingfeng-backup-handmade'].sort())
    expect(r.removed).toContain('qingfeng-backup-20261130-010000Z.partial')
  })

  it('the config takes the rule and names a mistake; the schedule logs what it kept and removed', async () => {
    expect(parseConfig(JSON.stringify({ backup: { target: '/b', everyMinutes: 1440, daily: 7, weekly: 4, monthly: 12 } })).backup).toMatchObject({
      daily: 7,
      weekly: 4,
      monthly: 12
    })
    expect(() => parseConfig('{"backup": {"target": "/b", "everyMinutes": 60}}')).toThrow(/"backup"/)
    expect(() => parseConfig('{"backup": {"target": "/b", "everyMinutes": 60, "daily": -1}}')).toThrow(/"backup"/)
    expect(() => parseConfig('{"backup": {"target": "/b", "everyMinutes": 60, "dialy": 7}}')).toThrow(/backup\.dialy/)

    const d = mkdtempSync(join(tmpdir(), 'qf-ret-srv-'))
    const target = `${d}-bk`
    tmp.push(d, target)
    const lines: { msg: string; data?: Record<string, unknown> }[] = []
    const logger: Logger = { info: (msg, data) => lines.push({ msg, data }), warn: () => {}, error: (msg, data) => lines.push({ msg, data }) }
    mkdirSync(target)
    for (const n of names(Date.UTC(2025, 0, 1), 3, 24)) mkdirSync(join(target, n)) // three old dailies from 2025
    const server = await startServer({ dataDir: d, logger, backup: { target, everyMinutes: 1440, daily: 2 } })
    try {
      expect(await server.backupNow()).toBeDefined()
      const line = lines.find((l) => l.msg === 'backup retention applied')
      expect(line?.data).toMatchObject({ rule: { daily: 2 }, kept: 2 })
      expect(line?.data?.removed).toHaveLength(2)
      expect(readdirSync(target).filter((n) => !n.startsWith('qingfeng-backup-2025')).length).toBe(1)
    } finally {
      await server.cleanup()
    }
  })
})
