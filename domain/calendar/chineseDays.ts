/**
 * The only module that talks to `chinese-days` (v1.5.x). Everything else goes through the work
 * calendar, so a library upgrade or replacement is contained here.
 *
 * Why the care: chinese-days turns 'YYYY-M-D' strings into UTC midnight and reads them back with
 * *local* getters — both when it builds its holiday table at load time and when it looks a date
 * up. West of Greenwich its table is therefore keyed one day early (checked under
 * TZ=America/New_York: asked with a local Date, 2026-10-07, a 国庆 holiday, comes back as a working
 * day and the make-up Saturday 2026-10-10 as a day off; getDayDetail('2026-10-01').date is
 * '2026-09-30'). So:
 * - schedule look-ups pass 'YYYY-MM-DD' strings, which go through the very parser that keyed the
 *   table, and we take only the listing from the answer (see listedDaysOfYear);
 * - lunar dates come from getLunarDate given an epoch instant, which it handles with getTime();
 * - 清明 comes from getSolarTermDate, corrected by the measured shift (see qingmingDayNumber).
 * (The package's JSON copy of the schedule would avoid all this, but bundlers drop the
 * `with { type: 'json' }` attribute on externalised imports and Node then refuses to load it.)
 * The three-time-zone test in domain/deadline/timezones.test.ts guards these assumptions.
 */
import chineseDays from 'chinese-days'
import { DAY_MS, SHANGHAI_OFFSET_MS, daysFromCivil, fromDayNumber, toDayNumber } from './ymd'

export interface ListedDay {
  /** true for a make-up working day (调休上班), false for a holiday. */
  work: boolean
  /** The festival it belongs to, in Chinese, e.g. '春节'. */
  festival: string
}

/** A day the State Council schedule names, or undefined for an ordinary day (or no data). */
function listedDay(date: string): ListedDay | undefined {
  const detail = chineseDays.getDayDetail(date)
  // Listed days are named "English,中文,n" (e.g. "National Day,国庆节,3"); ordinary days carry the
  // English weekday name — and their `work` flag uses a possibly shifted weekday, so we ignore it
  // and apply our own weekday rule.
  const parts = detail.name.split(',')
  return parts.length >= 2 ? { work: detail.work, festival: parts[1] } : undefined
}

/**
 * The days chinese-days lists for a year (holidays and make-up working days), by day-of-year
 * index (0 = 1 January). An empty map means the package has no schedule for that year: its API
 * then silently answers Monday–Friday, which is exactly what we must not trust. Detecting data
 * this way, instead of assuming 2004–2026, keeps working when the package adds a year.
 */
export function listedDaysOfYear(year: number): Map<number, ListedDay> {
  const listed = new Map<number, ListedDay>()
  const first = daysFromCivil(year, 1, 1)
  const last = daysFromCivil(year, 12, 31)
  for (let dn = first; dn <= last; dn++) {
    const day = listedDay(fromDayNumber(dn))
    if (day) listed.set(dn - first, day)
  }
  return listed
}

/** Years in [from, to] the package has a schedule for: every published year lists 元旦. */
export function publishedYears(from = 1949, to = 2100): number[] {
  const years: number[] = []
  for (let y = from; y <= to; y++) if (listedDay(fromDayNumber(daysFromCivil(y, 1, 1)))) years.push(y)
  return years
}

export interface LunarDay {
  month: number
  day: number
  /** A day of an intercalary month (闰月): festivals never fall in one. */
  leap: boolean
}

/**
 * Lunar date of a Shanghai calendar day. getLunarDate counts whole days from its base instant
 * 1900-01-31 00:00 +08:00 with getTime() arithmetic, so passing Shanghai noon as epoch ms is
 * exact in every time zone (we ignore its `date` field, which is formatted in local time).
 */
export function lunarDayOf(dayNumber: number): LunarDay {
  const noonShanghai = dayNumber * DAY_MS - SHANGHAI_OFFSET_MS + DAY_MS / 2
  const l = chineseDays.getLunarDate(noonShanghai)
  return { month: l.lunarMon, day: l.lunarDay, leap: l.isLeap }
}

/**
 * Day number of 清明 (the solar term pure_brightness) in a year.
 *
 * getSolarTermDate computes the right day of month but formats it through the UTC-parse /
 * local-read path described above. Rather than guess the machine's zone, we measure that path's
 * shift on a date of the same month and undo it; this stays correct if the library is fixed.
 */
export function qingmingDayNumber(year: number): number {
  const reported = toDayNumber(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'))
  const probe = daysFromCivil(year, 4, 5)
  const shift = toDayNumber(chineseDays.getDayDetail(fromDayNumber(probe)).date) - probe
  const day = reported - shift
  // 清明 falls on 4, 5 or 6 April in every year the library's tables cover.
  if (day < daysFromCivil(year, 4, 4) || day > daysFromCivil(year, 4, 6)) {
    throw new RangeError(`no reliable 清明 date for ${year}`)
  }
  return day
}
