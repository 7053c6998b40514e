/**
 * Working-day arithmetic over Asia/Shanghai dates (domain.md, "Working days in China"):
 * base year (published schedule or statutory fallback) + administrator overrides.
 *
 * Each year becomes a byte-per-day table plus a running count of working days, built on first
 * use and kept for the calendar's life, so counting is an array lookup and 100,000 deadlines take
 * milliseconds. A calendar is immutable: when the calendar room changes, build a new one.
 */
import { baseYear, type BaseYear } from './baseYear'
import type { CalendarData, CalendarOverride, DayDescription, WorkCalendar } from './types'
import { civilFromDays, fromDayNumber, toDayNumber, type YMD } from './ymd'

interface YearTable {
  start: number
  /** Day number of the following 1 January. */
  end: number
  work: Uint8Array
  /** cum[i] = working days among day-of-year indexes [0, i). */
  cum: Uint16Array
  total: number
  provisional: boolean
  base: BaseYear
  overrides: Map<number, CalendarOverride>
}

const EMPTY: CalendarData = { overrides: [], officialYears: [] }

function groupOverrides(overrides: CalendarOverride[]): Map<number, CalendarOverride[]> {
  const byYear = new Map<number, CalendarOverride[]>()
  // A county's local exception is the more specific decision, so it wins over the official
  // schedule on the same date; within one kind the later entry wins (stable sort keeps order).
  const ordered = [...overrides].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'official' ? -1 : 1))
  for (const o of ordered) {
    if (typeof o.work !== 'boolean') throw new RangeError(`override for ${o.date} has no work flag`)
    const y = civilFromDays(toDayNumber(o.date)).y
    const list = byYear.get(y) ?? []
    list.push(o)
    byYear.set(y, list)
  }
  return byYear
}

/** Throws RangeError on malformed override dates: validate room data before building a calendar. */
export function createWorkCalendar(data: CalendarData = EMPTY): WorkCalendar {
  const overridesByYear = groupOverrides(data.overrides)
  const officialYears = new Set(data.officialYears)
  const tables = new Map<number, YearTable>()
  let last: YearTable | undefined

  function tableForYear(year: number): YearTable {
    let t = tables.get(year)
    if (t) return t
    const base = baseYear(year)
    const overrides = new Map<number, CalendarOverride>()
    for (const o of overridesByYear.get(year) ?? []) overrides.set(toDayNumber(o.date) - base.start, o)
    const work = overrides.size ? Uint8Array.from(base.work) : base.work
    for (const [i, o] of overrides) work[i] = o.work ? 1 : 0
    const cum = new Uint16Array(work.length + 1)
    for (let i = 0; i < work.length; i++) cum[i + 1] = cum[i] + work[i]
    t = {
      start: base.start,
      end: base.start + work.length,
      work,
      cum,
      total: cum[work.length],
      provisional: !base.published && !officialYears.has(year),
      base,
      overrides
    }
    tables.set(year, t)
    return t
  }

  function tableForDay(dn: number): YearTable {
    if (last && dn >= last.start && dn < last.end) return last
    last = tableForYear(civilFromDays(dn).y)
    return last
  }

  function isWorking(dn: number): boolean {
    const t = tableForDay(dn)
    return t.work[dn - t.start] === 1
  }

  /** The n-th (n >= 1) working day after dn, skipping whole years when they cannot hold it. */
  function nthWorkingDayAfter(dn: number, n: number): number {
    let t = tableForDay(dn)
    for (;;) {
      const rest = t.total - t.cum[dn - t.start + 1]
      if (rest >= n) break
      n -= rest
      dn = t.end - 1
      t = tableForDay(t.end)
    }
    while (n > 0) {
      dn++
      if (t.work[dn - t.start] === 1) n--
    }
    return dn
  }

  function nextOnOrAfter(dn: number): number {
    return isWorking(dn) ? dn : nthWorkingDayAfter(dn, 1)
  }

  /** Working days in [1 January of dn's year, dn]. */
  function countThroughDay(t: YearTable, dn: number): number {
    return t.cum[dn - t.start + 1]
  }

  return {
    isWorkingDay: (d: YMD) => isWorking(toDayNumber(d)),

    addWorkingDays(from: YMD, n: number): YMD {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`)
      const dn = toDayNumber(from)
      return fromDayNumber(n === 0 ? nextOnOrAfter(dn) : nthWorkingDayAfter(dn, n))
    },

    nextWorkingDayOnOrAfter: (d: YMD) => fromDayNumber(nextOnOrAfter(toDayNumber(d))),

    workingDaysBetween(a: YMD, b: YMD): number {
      const da = toDayNumber(a)
      const db = toDayNumber(b)
      if (db <= da) return 0
      const ta = tableForDay(da)
      const tb = tableForDay(db)
      if (ta === tb) return countThroughDay(tb, db) - countThroughDay(ta, da)
      let n = ta.total - countThroughDay(ta, da)
      for (let dn = ta.end; dn < tb.start; ) {
        const t = tableForDay(dn)
        n += t.total
        dn = t.end
      }
      return n + countThroughDay(tb, db)
    },

    isProvisional: (d: YMD) => tableForDay(toDayNumber(d)).provisional,

    anyProvisionalBetween(a: YMD, b: YMD): boolean {
      const da = toDayNumber(a)
      const db = toDayNumber(b)
      // Provisional-ness is per year, so checking each year the range touches is enough.
      for (let dn = da + 1; dn <= db; ) {
        const t = tableForDay(dn)
        if (t.provisional) return true
        dn = t.end
      }
      return false
    },

    describe(d: YMD): DayDescription {
      const dn = toDayNumber(d)
      const t = tableForDay(dn)
      const i = dn - t.start
      const work = t.work[i] === 1
      const o = t.overrides.get(i)
      if (o) return { work, name: o.reason, source: 'override' }
      const special = t.base.special.get(i)
      // 'weekday': nothing special about the day; Monday–Friday work, weekends are off.
      return special ? { work, name: special.name, source: special.source } : { work, source: 'weekday' }
    }
  }
}
