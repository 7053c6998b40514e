import { describe, expect, it } from 'vitest'
import { addDays, endOfShanghaiDay, fromDayNumber, isYmd, shanghaiDate, startOfShanghaiDay, toDayNumber } from '.'

describe('shanghaiDate', () => {
  it.each([
    ['2026-09-21T00:00:00+08:00', '2026-09-21'],
    ['2026-09-20T15:59:59.999Z', '2026-09-20'], // 23:59:59.999 in Shanghai
    ['2026-09-20T16:00:00Z', '2026-09-21'], // midnight in Shanghai, still the 20th in UTC
    ['2026-03-13T23:30:00+08:00', '2026-03-13'],
    ['2026-03-14T00:30:00+08:00', '2026-03-14'], // Friday 16:30 UTC, Friday 12:30 in New York
    ['2026-12-31T16:00:00Z', '2027-01-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
    ['1969-12-31T16:00:00Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31']
  ])('%s → %s', (iso, date) => {
    expect(shanghaiDate(Date.parse(iso))).toBe(date)
  })

  it('rejects a non-instant', () => {
    expect(() => shanghaiDate(Number.NaN)).toThrow(RangeError)
  })
})

describe('start and end of a Shanghai day', () => {
  it.each([
    ['2026-10-19', '2026-10-18T16:00:00.000Z', '2026-10-19T15:59:59.999Z'],
    ['2027-01-01', '2026-12-31T16:00:00.000Z', '2027-01-01T15:59:59.999Z']
  ])('%s', (d, start, end) => {
    expect(startOfShanghaiDay(d)).toBe(Date.parse(start))
    expect(endOfShanghaiDay(d)).toBe(Date.parse(end))
    expect(shanghaiDate(startOfShanghaiDay(d))).toBe(d)
    expect(shanghaiDate(endOfShanghaiDay(d))).toBe(d)
  })
})

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2000-02-28', 366, '2001-02-28'],
    ['2026-09-21', 0, '2026-09-21']
  ])('%s %+d → %s', (d, n, want) => {
    expect(addDays(d, n)).toBe(want)
  })
})

describe('YMD parsing', () => {
  it('round-trips every day from 1900 to 2100 and agrees with Date.UTC', () => {
    const wrong: string[] = []
    for (let dn = toDayNumber('1900-01-01'); dn <= toDayNumber('2100-12-31'); dn += 1) {
      const d = fromDayNumber(dn)
      if (toDayNumber(d) !== dn || d !== new Date(dn * 86_400_000).toISOString().slice(0, 10)) wrong.push(d)
    }
    expect(wrong).toEqual([])
  })

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '2026/01/01', '20260101', '', '2026-01-0x'])('rejects %j', (d) => {
    expect(isYmd(d)).toBe(false)
    expect(() => toDayNumber(d)).toThrow(RangeError)
  })
})
