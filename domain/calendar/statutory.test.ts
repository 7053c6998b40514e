import { describe, expect, it } from 'vitest'
import { createWorkCalendar, fromDayNumber, statutoryHolidays } from '.'
import { publishedYears } from './chineseDays'

const list = (year: number) => statutoryHolidays(year).map((h) => `${fromDayNumber(h.dayNumber)} ${h.name}`)

describe('statutoryHolidays (全国年节及纪念日放假办法, 2025 revision)', () => {
  it('2027: lunar and solar-term days computed, 13 days', () => {
    expect(list(2027)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节（除夕）',
      '2027-02-06 春节（正月初一）',
      '2027-02-07 春节（正月初二）',
      '2027-02-08 春节（正月初三）',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节'
    ])
  })

  it.each([
    [2028, '2028-01-26', '2028-04-04', '2028-05-28', '2028-10-03'], // 闰五月 year: 端午 is in the regular 5th month
    [2030, '2030-02-03', '2030-04-05', '2030-06-05', '2030-09-12'],
    [2033, '2033-01-31', '2033-04-04', '2033-06-01', '2033-09-08'] // the "2033 problem" year of lunar rules
  ])('%i: 春节 %s, 清明 %s, 端午 %s, 中秋 %s', (year, springFestival, qingming, duanwu, midAutumn) => {
    const byName = Object.fromEntries(statutoryHolidays(year).map((h) => [h.name, fromDayNumber(h.dayNumber)]))
    expect([byName['春节（正月初一）'], byName['清明节'], byName['端午节'], byName['中秋节']]).toEqual([springFestival, qingming, duanwu, midAutumn])
  })

  /**
   * The computed days must be days off in every published schedule, under the law in force that
   * year: 2008–2013 春节 was 除夕–初二 and 劳动节 one day (2007 revision); 2014–2024 春节 was
   * 初一–初三 (2013 revision); from 2025 the current rule. This checks the lunar and 清明
   * computations against 19 years of real schedules.
   */
  it('agrees with every published schedule since 2008', () => {
    const cal = createWorkCalendar()
    const years = publishedYears().filter((y) => y >= 2008)
    expect(years.length).toBeGreaterThanOrEqual(19)
    const wrong: string[] = []
    for (const year of years) {
      for (const h of statutoryHolidays(year)) {
        const d = fromDayNumber(h.dayNumber)
        if (year < 2025 && d.endsWith('-05-02')) continue
        if (year < 2014 && h.name === '春节（正月初三）') continue
        if (year >= 2014 && year < 2025 && h.name === '春节（除夕）') continue
        if (cal.isWorkingDay(d)) wrong.push(`${d} ${h.name}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
