/**
 * A year's working days before any administrator override: the published schedule when
 * chinese-days has one, otherwise weekends plus the statutory holidays fixed by law.
 * Built once per year per process (the data is immutable) into one byte per day.
 */
import { listedDaysOfYear } from './chineseDays'
import { statutoryHolidays } from './statutory'
import { daysFromCivil, daysInYear, weekdayOfDayNumber } from './ymd'

export type BaseSource = 'published' | 'statutory-fallback' | 'weekday'

export interface SpecialDay {
  name: string
  source: BaseSource
}

export interface BaseYear {
  year: number
  /** Day number of 1 January. */
  start: number
  /** 1 = working day, 0 = day off; index 0 = 1 January. */
  work: Uint8Array
  /** Whether chinese-days carries the State Council schedule for this year. */
  published: boolean
  /** Named days (holidays, make-up working days), by day-of-year index. */
  special: Map<number, SpecialDay>
}

const cache = new Map<number, BaseYear>()

export function baseYear(year: number): BaseYear {
  let y = cache.get(year)
  if (!y) {
    y = build(year)
    cache.set(year, y)
  }
  return y
}

function build(year: number): BaseYear {
  const start = daysFromCivil(year, 1, 1)
  const length = daysInYear(year)
  const work = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    const wd = weekdayOfDayNumber(start + i)
    work[i] = wd === 0 || wd === 6 ? 0 : 1
  }
  const special = new Map<number, SpecialDay>()
  const listed = listedDaysOfYear(year)
  const published = listed.size > 0
  if (published) {
    for (const [i, day] of listed) {
      work[i] = day.work ? 1 : 0
      special.set(i, { name: day.work ? `${day.festival}调休上班` : day.festival, source: 'published' })
    }
  } else {
    // Make-up working days and bridged weekdays (调休) are unknown until the State Council
    // publishes the year, so weekends stay off; the calendar marks such days provisional.
    for (const h of statutoryHolidays(year)) {
      const i = h.dayNumber - start
      work[i] = 0
      const prev = special.get(i)
      special.set(i, { name: prev ? `${prev.name}、${h.name}` : h.name, source: 'statutory-fallback' })
    }
  }
  return { year, start, work, published, special }
}
