/**
 * Calendar dates in Asia/Shanghai as plain integers, independent of the machine's time zone.
 *
 * China has used UTC+8 without daylight saving since 1991 (DST was last observed in 1986–1991),
 * so a Shanghai wall-clock date is simply the UTC date of `ms + 8h`. We never call local-time
 * Date getters: the same input must give the same answer on a laptop set to New York.
 */

/** 'YYYY-MM-DD', a calendar date in Asia/Shanghai. */
export type YMD = string

export const DAY_MS = 86_400_000
/** Asia/Shanghai offset from UTC (fixed, see above). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/**
 * Day number: days since 1970-01-01. Days are counted with Howard Hinnant's civil-calendar
 * algorithms (proleptic Gregorian), which are exact integer arithmetic and allocate nothing —
 * this is the hot path of every deadline computation.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(dayNumber: number): { y: number; m: number; d: number } {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d }
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]
}

/** Reads `len` ASCII digits at `at`; -1 if any character is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

export function isYmd(d: unknown): d is YMD {
  if (typeof d !== 'string' || d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return false
  const y = digits(d, 0, 4)
  const m = digits(d, 5, 2)
  const day = digits(d, 8, 2)
  return y >= 0 && m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m)
}

/** Throws RangeError on anything but a real 'YYYY-MM-DD' date: a malformed date is a programming error. */
export function toDayNumber(d: YMD): number {
  if (!isYmd(d)) throw new RangeError(`not a YYYY-MM-DD date: ${String(d)}`)
  return daysFromCivil(digits(d, 0, 4), digits(d, 5, 2), digits(d, 8, 2))
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

export function fromDayNumber(dayNumber: number): YMD {
  const { y, m, d } = civilFromDays(dayNumber)
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`)
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`
}

export function ymd(y: number, m: number, d: number): YMD {
  return fromDayNumber(daysFromCivil(y, m, d))
}

export function yearOf(d: YMD): number {
  return civilFromDays(toDayNumber(d)).y
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(ms: number): YMD {
  return fromDayNumber(shanghaiDayNumber(ms))
}

/** The Asia/Shanghai year of an instant, as the four digits the per-year rooms and lists are named by. */
export function shanghaiYear(ms: number): string {
  return shanghaiDate(ms).slice(0, 4)
}

export function shanghaiDayNumber(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not an epoch-ms instant: ${ms}`)
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS)
}

/** Epoch ms of 00:00:00.000 +08:00 on that date. */
export function startOfShanghaiDay(d: YMD): number {
  return toDayNumber(d) * DAY_MS - SHANGHAI_OFFSET_MS
}

/** Epoch ms of 23:59:59.999 +08:00 on that date: "due by the end of the day" (domain.md, Time limits). */
export function endOfShanghaiDay(d: YMD): number {
  return startOfShanghaiDay(d) + DAY_MS - 1
}

export function addDays(d: YMD, n: number): YMD {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`)
  return fromDayNumber(toDayNumber(d) + n)
}
