/**
 * The calendar room keeps one entry per date and kind (domain/calendar/room.ts): an official
 * holiday and a county's local exception on the same day are both kept, and deleting the
 * exception restores the official day. Impossible dates are never read.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createWorkCalendar } from './workCalendar'
import { dateOfOverrideKey, overrideKey, readCalendarRoom } from './room'
import type { CalendarOverride } from './types'

const official: CalendarOverride = { date: '2027-10-04', work: false, reason: '国庆节', kind: 'official' }
const local: CalendarOverride = { date: '2027-10-04', work: true, reason: '防汛值守，全县上班', kind: 'local' }

function room(entries: [string, unknown][]): Y.Doc {
  const doc = new Y.Doc()
  for (const [k, v] of entries) doc.getMap('overrides').set(k, v)
  return doc
}
const calOf = (doc: Y.Doc) => createWorkCalendar(readCalendarRoom(doc))

describe('official and local entries on the same date', () => {
  it('both are kept; the local exception decides the day', () => {
    const doc = room([
      [overrideKey(official), official],
      [overrideKey(local), local]
    ])
    expect(readCalendarRoom(doc).overrides).toEqual([official, local])
    expect(calOf(doc).isWorkingDay('2027-10-04')).toBe(true)
    expect(calOf(doc).describe('2027-10-04').name).toBe('防汛值守，全县上班')
  })
  it('deleting the exception restores the official holiday', () => {
    const doc = room([
      [overrideKey(local), local],
      [overrideKey(official), official]
    ])
    doc.getMap('overrides').delete(overrideKey(local))
    expect(readCalendarRoom(doc).overrides).toEqual([official])
    expect(calOf(doc).isWorkingDay('2027-10-04')).toBe(false)
    expect(calOf(doc).describe('2027-10-04').name).toBe('国庆节')
  })
  it('older rooms keyed by the bare date are still read; the per-kind key wins for the same kind', () => {
    const doc = room([
      ['2027-10-04', official],
      [overrideKey(local), local]
    ])
    expect(readCalendarRoom(doc).overrides).toEqual([official, local])
    const newer = { ...official, reason: '国庆节（更正）' }
    doc.getMap('overrides').set(overrideKey(official), newer)
    expect(readCalendarRoom(doc).overrides).toEqual([newer, local])
  })
})

describe('impossible dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2025-02-29'])('%s is not read', (date) => {
    const o = { date, work: false, reason: '停工', kind: 'local' }
    expect(readCalendarRoom(room([[`${date}#local`, o]])).overrides).toEqual([])
    expect(dateOfOverrideKey(`${date}#local`)).toBeNull()
  })
  it('a key for another date or kind is not read', () => {
    expect(readCalendarRoom(room([['2027-10-05#official', official]])).overrides).toEqual([])
    expect(readCalendarRoom(room([['2027-10-04#local', official]])).overrides).toEqual([])
  })
})
