import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { EMPTY_CALENDAR, readCalendarRoom, type CalendarSnapshot } from '@domain/calendar'
import { DEFAULT_TASK_RULES } from '@domain/task/rules'
import {
  agencyRowsOf,
  buildMonthView,
  calendarOf,
  checkAgencyRow,
  checkAgencyRows,
  checkOverride,
  deleteOverride,
  effectiveAgencyTypes,
  sameAgencyTypes,
  selectableYears,
  toggleOfficialYear,
  writeAgencyTypes,
  writeOfficialYears,
  writeOverride,
  yearCounts,
  yearStatus,
  type AgencyRow
} from './model'

const snap = (over: Partial<CalendarSnapshot> = {}): CalendarSnapshot => ({ ...EMPTY_CALENDAR, ...over })
const cell = (weeks: ReturnType<typeof buildMonthView>, date: string) => weeks.flat().find((d) => d.date === date)!

describe('reading the calendar room', () => {
  it('reads overrides sorted, years unique, the 代办件 table; skips malformed entries', () => {
    const doc = new Y.Doc()
    const o = doc.getMap<unknown>('overrides')
    o.set('2027-01-04', { date: '2027-01-04', work: false, reason: '元旦调休', kind: 'official' })
    o.set('2026-09-28', { date: '2026-09-28', work: false, reason: '县委决定', kind: 'local' })
    o.set('2026-02-30', { date: '2026-02-30', work: false, reason: 'x', kind: 'local' })
    o.set('2026-10-01', { date: '2026-10-02', work: false, reason: '错位', kind: 'local' })
    o.set('2026-10-05', { date: '2026-10-05', work: false, kind: 'local' })
    doc.getMap('meta').set('officialYears', [2028, 2027, 2027])
    doc.getMap('meta').set('agencyTypes', { survey: { label: '调研材料报送', workingDays: 7 } })
    const s = readCalendarRoom(doc)
    expect(s.overrides.map((x) => x.date)).toEqual(['2026-09-28', '2027-01-04'])
    expect(s.officialYears).toEqual([2027, 2028])
    expect(s.agencyTypes).toEqual({ survey: { label: '调研材料报送', workingDays: 7 } })
  })

  it('falls back to the default 代办件 table when the room has none or a malformed one', () => {
    expect(effectiveAgencyTypes(readCalendarRoom(new Y.Doc()))).toBe(DEFAULT_TASK_RULES.agencyTypes)
    const doc = new Y.Doc()
    doc.getMap('meta').set('agencyTypes', { bad: { label: '', workingDays: -1 } })
    expect(readCalendarRoom(doc).agencyTypes).toBeNull()
    expect(effectiveAgencyTypes(readCalendarRoom(doc))).toEqual(DEFAULT_TASK_RULES.agencyTypes)
  })
})

describe('the month view', () => {
  it('marks 休 and 班 from the published schedule, Monday first', () => {
    const s = snap()
    const weeks = buildMonthView(calendarOf(s), s, 2026, 10)
    expect(weeks[0][0].date).toBe('2026-09-28') // Monday before 1 October (a Thursday)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(weeks.at(-1)!.at(-1)!.date).toBe('2026-11-01')
    expect(cell(weeks, '2026-10-01')).toMatchObject({ inMonth: true, work: false, mark: 'rest', name: '国庆节', source: 'published', provisional: false })
    // A holiday on a Saturday is still 休; an ordinary weekend has no mark; a make-up Saturday is 班.
    expect(cell(weeks, '2026-10-03').mark).toBe('rest')
    expect(cell(weeks, '2026-10-17')).toMatchObject({ weekend: true, work: false, mark: null })
    expect(cell(weeks, '2026-10-10')).toMatchObject({ weekend: true, work: true, mark: 'work', name: '国庆节调休上班' })
    expect(cell(weeks, '2026-10-08')).toMatchObject({ work: true, mark: null, source: 'weekday' })
    expect(cell(weeks, '2026-09-28').inMonth).toBe(false)
  })

  it('shows an administrator’s local exception with its reason', () => {
    const s = snap({ overrides: [{ date: '2026-09-28', work: false, reason: '县委决定：防汛', kind: 'local' }] })
    const weeks = buildMonthView(calendarOf(s), s, 2026, 9)
    expect(cell(weeks, '2026-09-28')).toMatchObject({ work: false, mark: 'rest', name: '县委决定：防汛', source: 'override' })
    expect(cell(weeks, '2026-09-28').override?.kind).toBe('local')
  })

  it('flags years without official data as provisional until an admin marks them', () => {
    const s = snap()
    const jan = buildMonthView(calendarOf(s), s, 2027, 1)
    expect(cell(jan, '2027-01-01')).toMatchObject({ work: false, mark: 'rest', source: 'statutory-fallback', provisional: true })
    expect(yearStatus(2027, s)).toEqual({ year: 2027, published: false, markedOfficial: false, provisional: true })
    expect(yearStatus(2026, s)).toMatchObject({ published: true, provisional: false })
    const marked = snap({ officialYears: [2027] })
    expect(yearStatus(2027, marked)).toMatchObject({ markedOfficial: true, provisional: false })
    expect(cell(buildMonthView(calendarOf(marked), marked, 2027, 1), '2027-01-01').provisional).toBe(false)
  })

  it('counts the year', () => {
    const s = snap({ overrides: [{ date: '2026-09-28', work: false, reason: 'x', kind: 'local' }] })
    const plain = yearCounts(calendarOf(snap()), snap(), 2026)
    const c = yearCounts(calendarOf(s), s, 2026)
    expect(c.workingDays).toBe(plain.workingDays - 1)
    expect(c.restDays).toBe(plain.restDays + 1)
    expect(c.overrides).toBe(1)
    expect(plain.makeUpDays).toBeGreaterThan(0)
  })

  it('offers years around today and any year the room mentions', () => {
    expect(selectableYears('2026-09-21', snap({ officialYears: [2035] }))).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2035])
  })
})

describe('edits', () => {
  it('an override needs a real date and a reason', () => {
    expect(checkOverride({ date: '2026-09-28', work: false, kind: 'local', reason: '  县委决定  ' })).toEqual({
      ok: true,
      value: { date: '2026-09-28', work: false, kind: 'local', reason: '县委决定' }
    })
    expect(checkOverride({ date: '2026-02-30', work: false, kind: 'local', reason: 'x' })).toEqual({ ok: false, error: 'admin.error.date' })
    expect(checkOverride({ date: '2026-09-28', work: false, kind: 'local', reason: '   ' })).toEqual({ ok: false, error: 'admin.error.reason' })
    expect(checkOverride({ date: '2026-09-28', work: false, kind: 'local', reason: 'x'.repeat(201) })).toEqual({ ok: false, error: 'admin.error.reasonLong' })
  })

  it('toggles official years', () => {
    expect(toggleOfficialYear([2028], 2027, true)).toEqual([2027, 2028])
    expect(toggleOfficialYear([2027, 2028], 2027, false)).toEqual([2028])
    expect(toggleOfficialYear([2027], 2027, true)).toEqual([2027])
  })

  const row = (over: Partial<AgencyRow>): AgencyRow => ({ key: 'k', id: 'survey', label: '调研材料报送', workingDays: 7, ...over })

  it('checks a 代办件 row like the server does', () => {
    expect(checkAgencyRow(row({}), ['letter'])).toEqual([])
    expect(checkAgencyRow(row({ id: '' }), []).map((e) => e.error)).toEqual(['admin.agency.error.idRequired'])
    expect(checkAgencyRow(row({ id: '调研' }), []).map((e) => e.error)).toEqual(['admin.agency.error.idFormat'])
    expect(checkAgencyRow(row({ id: 'x'.repeat(41) }), []).map((e) => e.error)).toEqual(['admin.agency.error.idFormat'])
    expect(checkAgencyRow(row({}), ['survey']).map((e) => e.error)).toEqual(['admin.agency.error.idDuplicate'])
    expect(checkAgencyRow(row({ label: ' ' }), []).map((e) => e.field)).toEqual(['label'])
    expect(checkAgencyRow(row({ label: '长'.repeat(41) }), []).map((e) => e.error)).toEqual(['admin.agency.error.labelLong'])
    for (const d of [null, -1, 121, 2.5]) expect(checkAgencyRow(row({ workingDays: d }), []).map((e) => e.field)).toEqual(['workingDays'])
    expect(checkAgencyRow(row({ workingDays: 0 }), [])).toEqual([])
  })

  it('builds the table to write, or says what is wrong with which row', () => {
    const rows = [...agencyRowsOf(DEFAULT_TASK_RULES.agencyTypes), row({ key: 'new-1', id: ' survey ', label: ' 调研材料报送 ' })]
    const ok = checkAgencyRows(rows)
    expect(ok.ok && ok.value.survey).toEqual({ label: '调研材料报送', workingDays: 7 })
    const dup = checkAgencyRows([row({ key: 'a' }), row({ key: 'b' })])
    expect(!dup.ok && dup.errors.map((e) => [e.key, e.error])).toEqual([
      ['a', 'admin.agency.error.idDuplicate'],
      ['b', 'admin.agency.error.idDuplicate']
    ])
    expect(checkAgencyRows([])).toEqual({ ok: false, errors: [], error: 'admin.agency.error.empty' })
  })

  it('compares tables', () => {
    const a = { letter: { label: '函件办理', workingDays: 5 } }
    expect(sameAgencyTypes(a, { letter: { label: '函件办理', workingDays: 5 } })).toBe(true)
    expect(sameAgencyTypes(a, { letter: { label: '函件办理', workingDays: 6 } })).toBe(false)
    expect(sameAgencyTypes(a, {})).toBe(false)
  })

  it('the writers put plain JSON where the server reads it', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u))
    a.transact(() => {
      writeOverride(a, { date: '2026-09-28', work: false, reason: '县委决定', kind: 'local' })
      writeOfficialYears(a, [2027])
      writeAgencyTypes(a, { survey: { label: '调研材料报送', workingDays: 7 } })
    })
    // Only the two roots the server allows, holding plain values (collab-server/policy/calendar-update.ts).
    expect([...b.share.keys()].sort()).toEqual(['meta', 'overrides'])
    expect(b.getMap('overrides').get('2026-09-28#local')).toEqual({ date: '2026-09-28', work: false, reason: '县委决定', kind: 'local' })
    expect(b.getMap('meta').toJSON()).toEqual({ officialYears: [2027], agencyTypes: { survey: { label: '调研材料报送', workingDays: 7 } } })
    expect(readCalendarRoom(b)).toEqual(readCalendarRoom(a))
    deleteOverride(a, '2026-09-28')
    expect(readCalendarRoom(b).overrides).toEqual([])
  })
})
