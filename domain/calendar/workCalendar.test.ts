import { describe, expect, it } from 'vitest'
import { addDays, createWorkCalendar, type CalendarData } from '.'
import { publishedYears } from './chineseDays'

const cal = createWorkCalendar()

describe('published years (chinese-days)', () => {
  it('detects the covered range from the data: 2004–2026 in chinese-days 1.5.7', () => {
    const years = publishedYears()
    expect(years[0]).toBe(2004)
    expect(years.at(-1)).toBe(2026)
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i))
  })

  it.each([
    ['2026-01-01', false, '元旦'],
    ['2026-01-04', true, '元旦调休上班'], // Sunday
    ['2026-02-14', true, '春节调休上班'], // Saturday
    ['2026-02-16', false, '春节'],
    ['2026-02-23', false, '春节'], // Monday
    ['2026-02-24', true, undefined],
    ['2026-02-28', true, '春节调休上班'], // Saturday
    ['2026-05-09', true, '劳动节调休上班'], // Saturday
    ['2026-09-20', true, '国庆节调休上班'], // Sunday
    ['2026-09-25', false, '中秋'], // Friday
    ['2026-10-07', false, '国庆节'], // Wednesday
    ['2026-10-08', true, undefined],
    ['2026-10-10', true, '国庆节调休上班'], // Saturday
    ['2026-10-11', false, undefined] // Sunday
  ])('%s working=%s (%s)', (d, work, name) => {
    expect(cal.isWorkingDay(d)).toBe(work)
    expect(cal.describe(d)).toEqual(name ? { work, name, source: 'published' } : { work, source: 'weekday' })
    expect(cal.isProvisional(d)).toBe(false)
  })
})

describe('years without published data', () => {
  it.each([
    ['2027-01-01', false, '元旦', 'statutory-fallback'], // Friday
    ['2027-02-05', false, '春节（除夕）', 'statutory-fallback'], // Friday, lunar 12-29 (no 12-30 that year)
    ['2027-02-08', false, '春节（正月初三）', 'statutory-fallback'], // Monday
    ['2027-02-09', true, undefined, 'weekday'],
    ['2027-04-05', false, '清明节', 'statutory-fallback'], // Monday
    ['2027-06-09', false, '端午节', 'statutory-fallback'], // Wednesday
    ['2027-09-15', false, '中秋节', 'statutory-fallback'], // Wednesday
    ['2027-10-04', true, undefined, 'weekday'], // only 10-1..10-3 are fixed by law
    ['2028-10-03', false, '中秋节、国庆节', 'statutory-fallback'], // 中秋 falls on 国庆 (set union, not 2 days)
    ['2003-10-01', false, '国庆节', 'statutory-fallback']
  ])('%s working=%s (%s)', (d, work, name, source) => {
    expect(cal.describe(d)).toEqual(name ? { work, name, source } : { work, source })
    expect(cal.isProvisional(d)).toBe(true)
  })
})

describe('working-day arithmetic', () => {
  it.each([
    ['2026-09-21', 15, '2026-10-19'],
    ['2026-09-21', 1, '2026-09-22'],
    ['2026-09-24', 1, '2026-09-28'], // 中秋 Friday + weekend
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-10-09', 1, '2026-10-10'], // make-up Saturday
    ['2026-09-21', 0, '2026-09-21'],
    ['2026-10-01', 0, '2026-10-08'],
    ['2026-12-31', 1, '2027-01-04'], // 2027-01-01 statutory, then weekend
    ['2025-01-01', 600, '2027-06-01'] // skips whole years
  ])('addWorkingDays(%s, %d) = %s', (from, n, want) => {
    expect(cal.addWorkingDays(from, n)).toBe(want)
  })

  it.each([
    ['2026-10-01', '2026-10-08'],
    ['2026-10-08', '2026-10-08'],
    ['2026-10-10', '2026-10-10'],
    ['2027-02-05', '2027-02-09']
  ])('nextWorkingDayOnOrAfter(%s) = %s', (d, want) => {
    expect(cal.nextWorkingDayOnOrAfter(d)).toBe(want)
  })

  it.each([
    ['2026-09-21', '2026-10-19', 15],
    ['2026-10-19', '2026-09-21', 0],
    ['2026-10-19', '2026-10-19', 0],
    ['2026-10-02', '2026-10-07', 0],
    ['2026-10-16', '2026-10-18', 0],
    ['2026-12-28', '2027-01-19', 15],
    ['2025-12-31', '2027-01-04', 248 + 1] // all of 2026 plus 2027-01-04
  ])('workingDaysBetween(%s, %s) = %d', (a, b, n) => {
    expect(cal.workingDaysBetween(a, b)).toBe(n)
  })

  it('counts consistently: workingDaysBetween(a, addWorkingDays(a, n)) = n', () => {
    const wrong: string[] = []
    for (let a = '2025-12-01'; a <= '2027-03-01'; a = addDays(a, 1)) {
      for (const n of [1, 3, 15, 40]) {
        const b = cal.addWorkingDays(a, n)
        if (cal.workingDaysBetween(a, b) !== n || !cal.isWorkingDay(b)) wrong.push(`${a}+${n}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('rejects negative or fractional counts and malformed dates', () => {
    expect(() => cal.addWorkingDays('2026-09-21', -1)).toThrow(RangeError)
    expect(() => cal.addWorkingDays('2026-09-21', 1.5)).toThrow(RangeError)
    expect(() => cal.isWorkingDay('2026-9-21')).toThrow(RangeError)
  })

  it('refuses years the lunar tables do not cover instead of guessing', () => {
    expect(() => cal.isWorkingDay('2101-01-03')).toThrow(/lunar/)
  })
})

describe('administrator overrides', () => {
  const data: CalendarData = {
    overrides: [
      { date: '2026-10-16', work: false, reason: '台风停工（县政府通知）', kind: 'local' },
      { date: '2026-10-08', work: false, reason: '补录的官方安排', kind: 'official' },
      { date: '2026-10-08', work: true, reason: '本县照常上班', kind: 'local' }, // local wins, whatever the order
      { date: '2027-01-02', work: true, reason: '元旦调休上班（国务院通知）', kind: 'official' }
    ],
    officialYears: [2027]
  }
  const withOverrides = createWorkCalendar(data)

  it('win over the published schedule and say why', () => {
    expect(withOverrides.describe('2026-10-16')).toEqual({ work: false, name: '台风停工（县政府通知）', source: 'override' })
    expect(withOverrides.describe('2026-10-08')).toEqual({ work: true, name: '本县照常上班', source: 'override' })
    expect(withOverrides.addWorkingDays('2026-09-21', 15)).toBe('2026-10-20')
  })

  it('make a year official (not provisional) once it is listed in officialYears', () => {
    expect(withOverrides.isProvisional('2027-06-01')).toBe(false)
    expect(withOverrides.isWorkingDay('2027-01-02')).toBe(true)
    // Statutory days the admin did not touch stay off.
    expect(withOverrides.describe('2027-01-01')).toEqual({ work: false, name: '元旦', source: 'statutory-fallback' })
    expect(withOverrides.isProvisional('2028-01-03')).toBe(true)
    expect(cal.isProvisional('2027-06-01')).toBe(true)
  })

  it('anyProvisionalBetween looks only at days after the first', () => {
    expect(cal.anyProvisionalBetween('2026-12-30', '2026-12-31')).toBe(false)
    expect(cal.anyProvisionalBetween('2026-12-31', '2027-01-04')).toBe(true)
    expect(cal.anyProvisionalBetween('2027-01-04', '2027-01-04')).toBe(false)
    expect(withOverrides.anyProvisionalBetween('2026-12-31', '2027-12-31')).toBe(false)
    expect(withOverrides.anyProvisionalBetween('2026-12-31', '2028-01-03')).toBe(true)
  })

  it('does not leak into other calendars', () => {
    expect(cal.isWorkingDay('2026-10-16')).toBe(true)
  })

  it('reject a malformed date', () => {
    expect(() => createWorkCalendar({ overrides: [{ date: '2026-10-32', work: false, reason: 'x', kind: 'local' }], officialYears: [] })).toThrow(RangeError)
  })
})
