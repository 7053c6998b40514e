/**
 * Deadline benchmark: deadlines and warning levels for 100,000 open items in well under a second.
 * Run: npx tsx bench/deadlines.bench.ts
 *
 * Inputs are generated from a fixed seed so runs are comparable. Open items were assigned over the
 * four weeks before `now` (mid-December 2026), so deadlines reach into 2027 (元旦 from the statutory
 * fallback, provisional) and the warning levels are mixed.
 */
import { pathToFileURL } from 'node:url'
import { createWorkCalendar, startOfShanghaiDay, DAY_MS } from '../domain/calendar'
import { computeDeadline, DEFAULT_DEADLINE_RULES, isDeadlineError, warningLevel, type TaskClass, type WarningLevel } from '../domain/deadline'

const ITEMS = 100_000

/** mulberry32: small deterministic PRNG, so the item mix is identical on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Item {
  taskClass: TaskClass
  agencyType?: string
  assignedAt: number
}

function makeItems(n: number, from: number, to: number): Item[] {
  const rnd = prng(20260921)
  const agencyTypes = Object.keys(DEFAULT_DEADLINE_RULES.agencyTypes)
  return Array.from({ length: n }, () => {
    const r = rnd()
    const taskClass: TaskClass = r < 0.6 ? 'standard' : r < 0.75 ? 'urgent' : 'agency'
    return {
      taskClass,
      agencyType: taskClass === 'agency' ? agencyTypes[Math.floor(rnd() * agencyTypes.length)] : undefined,
      assignedAt: from + Math.floor(rnd() * (to - from))
    }
  })
}

/** Computes every deadline and warning with a fresh calendar (year tables built inside the timing). */
function evaluate(items: Item[], now: number): { ms: number; levels: Record<WarningLevel, number>; provisional: number } {
  const levels: Record<WarningLevel, number> = { normal: 0, yellow: 0, red: 0, done_on_time: 0, done_late: 0, cancelled: 0 }
  let provisional = 0
  const t0 = performance.now()
  const cal = createWorkCalendar()
  for (const item of items) {
    const d = computeDeadline(item, cal, DEFAULT_DEADLINE_RULES)
    if (isDeadlineError(d)) throw new Error(d.error.message)
    if (d.provisional) provisional++
    levels[warningLevel({ dueDate: d.dueDate, now }, cal, DEFAULT_DEADLINE_RULES).level]++
  }
  return { ms: performance.now() - t0, levels, provisional }
}

export async function main(): Promise<{ items: number; ms: number; opsPerSec: number }> {
  const now = startOfShanghaiDay('2026-12-15') + 10 * 3_600_000
  const items = makeItems(ITEMS, now - 28 * DAY_MS, now)

  const cold = evaluate(items, now) // first run in the process: includes building 2026 and 2027
  const warm = evaluate(items, now)
  const opsPerSec = Math.round(ITEMS / (cold.ms / 1000))

  console.log(`deadlines+warnings for ${ITEMS} items: ${Math.round(cold.ms)} ms (${opsPerSec.toLocaleString('en-US')} items/s, cold)`)
  console.log(
    `deadlines+warnings for ${ITEMS} items: ${Math.round(warm.ms)} ms (${Math.round(ITEMS / (warm.ms / 1000)).toLocaleString('en-US')} items/s, warm)`
  )
  console.log(`  levels ${JSON.stringify(cold.levels)}; provisional ${cold.provisional}`)
  if (cold.ms >= 1000) console.log('  SLOWER THAN THE 1 s TARGET')
  console.log(`BENCH deadlines.cold_ms ${cold.ms.toFixed(1)} ms`)
  console.log(`BENCH deadlines.warm_ms ${warm.ms.toFixed(1)} ms`)
  return { items: ITEMS, ms: cold.ms, opsPerSec }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main()
}
