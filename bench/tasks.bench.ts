/**
 * 交办件 second pass: what the live figures and the calendar-move check cost
 * (docs/decisions.md). Every list row counts its working days as of now, and a calendar
 * change checks every open record; both must stay cheap at county scale.
 * Run: npx tsx bench/tasks.bench.ts   (or npm run bench)
 */
import { pathToFileURL } from 'node:url'
import { addDays, createWorkCalendar, DAY_MS, startOfShanghaiDay, shanghaiDate } from '../domain/calendar'
import { DEFAULT_TASK_RULES, affectedByCalendarChange, liveWarning } from '../domain/task'
import { normalizeForSearch } from '../domain/text'

const ROWS = 20_000

export async function main(): Promise<void> {
  const now = startOfShanghaiDay('2026-12-15') + 10 * 3_600_000
  const today = shanghaiDate(now)
  const cal = createWorkCalendar()
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    status: 'in_progress' as const,
    dueDate: addDays(today, (i % 60) - 20),
    warning: { level: 'normal' as const },
    title: `关于落实交办〔2026〕${i}号文件精神的通知`
  }))
  cal.workingDaysBetween(today, addDays(today, 60)) // year tables built outside the timing

  let t0 = performance.now()
  let red = 0
  for (const r of rows) if (liveWarning(r, now, cal, DEFAULT_TASK_RULES).level === 'red') red++
  const liveMs = performance.now() - t0
  console.log(`BENCH tasks.live_count_${ROWS}_rows ${liveMs.toFixed(1)} ms`)

  t0 = performance.now()
  let moved = 0
  const dates = [addDays(today, 3)]
  for (const r of rows) if (affectedByCalendarChange({ status: r.status, deadline: { dueDate: r.dueDate, dueAt: 0, provisional: false } }, dates, now)) moved++
  const moveMs = performance.now() - t0
  console.log(`BENCH tasks.calendar_move_check_${ROWS}_records ${moveMs.toFixed(1)} ms`)

  t0 = performance.now()
  let chars = 0
  for (const r of rows) chars += normalizeForSearch(r.title).length
  const searchMs = performance.now() - t0
  console.log(`BENCH tasks.search_key_${ROWS}_titles ${searchMs.toFixed(1)} ms`)
  console.log(`  (${red} red, ${moved} to move, ${chars} key chars; ${DAY_MS} ms a day)`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main()
}
