/**
 * Public holidays fixed by law, for years whose official schedule is not published yet.
 *
 * Source: 《全国年节及纪念日放假办法》, as revised by State Council Decree No. 798 (国务院令第798号,
 * in force 2025-01-01), article 2: 元旦 1 day (1 January); 春节 4 days (农历除夕、
 * 正月初一至初三); 清明节 1 day (农历清明当日); 劳动节 2 days (1–2 May); 端午节 1 day (农历端午当日);
 * 中秋节 1 day (农历中秋当日); 国庆节 3 days (1–3 October). The make-up days and bridged weekends
 * of each year are set later by the State Council, so they cannot be known in advance.
 *
 * Years before the revision used fewer days; they all have published data (2004 onward), and we
 * apply the current law to earlier ones, which are marked provisional anyway.
 */
import { lunarDayOf, qingmingDayNumber } from './chineseDays'
import { daysFromCivil, daysInYear } from './ymd'

export interface StatutoryHoliday {
  dayNumber: number
  name: string
}

/** First day of 正月, day of 端午 (5-5), day of 中秋 (8-15), found by walking the lunar calendar. */
function lunarFestivals(year: number): { newYear: number; duanwu: number; midAutumn: number } {
  const first = daysFromCivil(year, 1, 1)
  const found = { newYear: [] as number[], duanwu: [] as number[], midAutumn: [] as number[] }
  for (let dn = first; dn < first + daysInYear(year); dn++) {
    const l = lunarDayOf(dn)
    if (l.leap) continue
    if (l.month === 1 && l.day === 1) found.newYear.push(dn)
    else if (l.month === 5 && l.day === 5) found.duanwu.push(dn)
    else if (l.month === 8 && l.day === 15) found.midAutumn.push(dn)
  }
  // Each falls exactly once per Gregorian year (Spring Festival lies between 21 January and
  // 20 February); anything else means the lunar tables do not cover this year.
  if (found.newYear.length !== 1 || found.duanwu.length !== 1 || found.midAutumn.length !== 1) {
    throw new RangeError(`lunar calendar data does not cover ${year}`)
  }
  return { newYear: found.newYear[0], duanwu: found.duanwu[0], midAutumn: found.midAutumn[0] }
}

const memo = new Map<number, StatutoryHoliday[]>()

export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const cached = memo.get(year)
  if (cached) return cached
  const { newYear, duanwu, midAutumn } = lunarFestivals(year)
  const days: StatutoryHoliday[] = [
    { dayNumber: daysFromCivil(year, 1, 1), name: '元旦' },
    // 除夕 is the last day of the twelfth lunar month (29th or 30th), i.e. the eve of 正月初一.
    { dayNumber: newYear - 1, name: '春节（除夕）' },
    { dayNumber: newYear, name: '春节（正月初一）' },
    { dayNumber: newYear + 1, name: '春节（正月初二）' },
    { dayNumber: newYear + 2, name: '春节（正月初三）' },
    { dayNumber: qingmingDayNumber(year), name: '清明节' },
    { dayNumber: daysFromCivil(year, 5, 1), name: '劳动节' },
    { dayNumber: daysFromCivil(year, 5, 2), name: '劳动节' },
    { dayNumber: duanwu, name: '端午节' },
    { dayNumber: midAutumn, name: '中秋节' },
    { dayNumber: daysFromCivil(year, 10, 1), name: '国庆节' },
    { dayNumber: daysFromCivil(year, 10, 2), name: '国庆节' },
    { dayNumber: daysFromCivil(year, 10, 3), name: '国庆节' }
  ]
  memo.set(year, days)
  return days
}
