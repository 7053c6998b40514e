/**
 * The `calendar` room as the administrator's page sees it (pure, no React):
 * reading the doc defensively, the month grid with 休/班 marks, and the checks
 * an edit must pass before it is written. The server checks again regardless
 * (collab-server/policy/calendar-update.ts) and refuses anything else.
 */
import type * as Y from 'yjs'
import {
  AGENCY_DAYS_MAX,
  AGENCY_ID,
  AGENCY_LABEL_MAX,
  REASON_MAX,
  YEAR_MAX,
  YEAR_MIN,
  agencyTypesSchema,
  createWorkCalendar,
  isYmd,
  overrideKey,
  type AgencyTypes,
  type CalendarOverride,
  type CalendarSnapshot,
  type DaySource,
  type WorkCalendar,
  type YMD
} from '@domain/calendar'
import { daysFromCivil, fromDayNumber, weekdayOfDayNumber } from '@domain/calendar/ymd'
import { rooms } from '@domain/rooms'
import { DEFAULT_TASK_RULES } from '@domain/task/rules'
import type { MessageKey } from '@renderer/core/i18n/catalogue'

export const CALENDAR_ROOM = rooms.calendar

/** What new 代办件 use: the administrator's table, else the built-in defaults. */
export const effectiveAgencyTypes = (s: CalendarSnapshot): AgencyTypes => s.agencyTypes ?? DEFAULT_TASK_RULES.agencyTypes

export const calendarOf = (s: CalendarSnapshot): WorkCalendar => createWorkCalendar({ overrides: s.overrides, officialYears: s.officialYears })

/** The schedule chinese-days carries, before any administrator entry. */
const published = createWorkCalendar()

export interface YearStatus {
  year: number
  /** chinese-days carries the State Council schedule for it. */
  published: boolean
  /** An administrator marked the official schedule as entered completely. */
  markedOfficial: boolean
  /** Neither: deadlines falling in it are provisional (暂定). */
  provisional: boolean
}

export function yearStatus(year: number, s: CalendarSnapshot): YearStatus {
  const pub = !published.isProvisional(`${year}-01-01`)
  const marked = s.officialYears.includes(year)
  return { year, published: pub, markedOfficial: marked, provisional: !pub && !marked }
}

/** Years the selector offers: a few around today plus any year the room mentions. */
export function selectableYears(today: YMD, s: CalendarSnapshot): number[] {
  const y = Number(today.slice(0, 4))
  const set = new Set<number>()
  for (let i = y - 2; i <= y + 3; i++) set.add(i)
  for (const o of s.overrides) set.add(Number(o.date.slice(0, 4)))
  for (const oy of s.officialYears) set.add(oy)
  return [...set].filter((n) => n >= YEAR_MIN && n <= YEAR_MAX).sort((a, b) => a - b)
}

export type DayMark = 'rest' | 'work' | null

export interface DayCell {
  date: YMD
  day: number
  /** Belongs to the month shown (the grid pads with neighbouring days). */
  inMonth: boolean
  weekend: boolean
  work: boolean
  /** 休: a day off that is not an ordinary weekend; 班: a working weekend day (调休上班). */
  mark: DayMark
  /** Festival, make-up day or override reason. */
  name?: string
  source: DaySource
  override?: CalendarOverride
  provisional: boolean
}

/** Monday-first weeks covering a month (1-12). */
export function buildMonthView(cal: WorkCalendar, s: CalendarSnapshot, year: number, month: number): DayCell[][] {
  const byDate = new Map(s.overrides.map((o) => [o.date, o]))
  const first = daysFromCivil(year, month, 1)
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)
  const lead = (weekdayOfDayNumber(first) + 6) % 7
  const start = first - lead
  const weeks: DayCell[][] = []
  for (let w = start; w < next; w += 7) {
    const week: DayCell[] = []
    for (let dn = w; dn < w + 7; dn++) {
      const date = fromDayNumber(dn)
      const wd = weekdayOfDayNumber(dn)
      const weekend = wd === 0 || wd === 6
      const d = cal.describe(date)
      const special = d.source !== 'weekday'
      const mark: DayMark = !d.work && (!weekend || special) ? 'rest' : d.work && weekend ? 'work' : null
      week.push({
        date,
        day: Number(date.slice(8)),
        inMonth: dn >= first && dn < next,
        weekend,
        work: d.work,
        mark,
        ...(d.name ? { name: d.name } : {}),
        source: d.source,
        ...(byDate.has(date) ? { override: byDate.get(date) } : {}),
        provisional: cal.isProvisional(date)
      })
    }
    weeks.push(week)
  }
  return weeks
}

export interface YearCounts {
  restDays: number
  makeUpDays: number
  workingDays: number
  overrides: number
}

export function yearCounts(cal: WorkCalendar, s: CalendarSnapshot, year: number): YearCounts {
  const first = daysFromCivil(year, 1, 1)
  const end = daysFromCivil(year + 1, 1, 1)
  let restDays = 0
  let makeUpDays = 0
  let workingDays = 0
  for (let dn = first; dn < end; dn++) {
    const date = fromDayNumber(dn)
    const wd = weekdayOfDayNumber(dn)
    const weekend = wd === 0 || wd === 6
    const work = cal.isWorkingDay(date)
    if (work) workingDays++
    if (work && weekend) makeUpDays++
    if (!work && !weekend) restDays++
  }
  const prefix = `${year}-`
  return { restDays, makeUpDays, workingDays, overrides: s.overrides.filter((o) => o.date.startsWith(prefix)).length }
}

// ---- edits -----------------------------------------------------------------

export type Check<T> = { ok: true; value: T } | { ok: false; error: MessageKey }

export interface OverrideInput {
  date: string
  work: boolean
  kind: 'official' | 'local'
  reason: string
}

export function checkOverride(input: OverrideInput): Check<CalendarOverride> {
  if (!isYmd(input.date)) return { ok: false, error: 'admin.error.date' }
  const year = Number(input.date.slice(0, 4))
  if (year < YEAR_MIN || year > YEAR_MAX) return { ok: false, error: 'admin.error.date' }
  const reason = input.reason.trim()
  if (!reason) return { ok: false, error: 'admin.error.reason' }
  if (reason.length > REASON_MAX) return { ok: false, error: 'admin.error.reasonLong' }
  if (typeof input.work !== 'boolean') return { ok: false, error: 'admin.error.work' }
  if (input.kind !== 'official' && input.kind !== 'local') return { ok: false, error: 'admin.error.kind' }
  return { ok: true, value: { date: input.date, work: input.work, reason, kind: input.kind } }
}

/** The years list after marking (on) or unmarking a year. */
export function toggleOfficialYear(years: readonly number[], year: number, on: boolean): number[] {
  const set = new Set(years)
  if (on) set.add(year)
  else set.delete(year)
  return [...set].sort((a, b) => a - b)
}

/** One editable row of the 代办件 table; `key` is the row's identity in the form, not the type id. */
export interface AgencyRow {
  key: string
  id: string
  label: string
  workingDays: number | null
}

export type AgencyField = 'id' | 'label' | 'workingDays'
export interface AgencyRowError {
  key: string
  field: AgencyField
  error: MessageKey
}

export const agencyRowsOf = (types: AgencyTypes): AgencyRow[] =>
  Object.entries(types).map(([id, v]) => ({ key: id, id, label: v.label, workingDays: v.workingDays }))

/** Field errors of one row; `otherIds` are the ids the other rows use. */
export function checkAgencyRow(row: AgencyRow, otherIds: readonly string[]): AgencyRowError[] {
  const errors: AgencyRowError[] = []
  const id = row.id.trim()
  if (!id) errors.push({ key: row.key, field: 'id', error: 'admin.agency.error.idRequired' })
  else if (!AGENCY_ID.test(id)) errors.push({ key: row.key, field: 'id', error: 'admin.agency.error.idFormat' })
  else if (otherIds.includes(id)) errors.push({ key: row.key, field: 'id', error: 'admin.agency.error.idDuplicate' })
  const label = row.label.trim()
  if (!label) errors.push({ key: row.key, field: 'label', error: 'admin.agency.error.labelRequired' })
  else if (label.length > AGENCY_LABEL_MAX) errors.push({ key: row.key, field: 'label', error: 'admin.agency.error.labelLong' })
  const d = row.workingDays
  if (d === null || !Number.isInteger(d) || d < 0 || d > AGENCY_DAYS_MAX) errors.push({ key: row.key, field: 'workingDays', error: 'admin.agency.error.days' })
  return errors
}

/** The table to write, or every row's errors. An empty table is refused: 代办件 could not be assigned at all. */
export function checkAgencyRows(rows: readonly AgencyRow[]): { ok: true; value: AgencyTypes } | { ok: false; errors: AgencyRowError[]; error?: MessageKey } {
  if (rows.length === 0) return { ok: false, errors: [], error: 'admin.agency.error.empty' }
  const errors = rows.flatMap((r, i) =>
    checkAgencyRow(
      r,
      rows.filter((_, j) => j !== i).map((o) => o.id.trim())
    )
  )
  if (errors.length) return { ok: false, errors }
  const value: AgencyTypes = {}
  for (const r of rows) value[r.id.trim()] = { label: r.label.trim(), workingDays: r.workingDays! }
  // Belt and braces: exactly what the server will parse.
  const p = agencyTypesSchema.safeParse(value)
  return p.success ? { ok: true, value: p.data } : { ok: false, errors: [], error: 'admin.agency.error.invalid' }
}

export const sameAgencyTypes = (a: AgencyTypes, b: AgencyTypes): boolean => {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k, i) => Object.keys(b)[i] === k && b[k].label === a[k].label && b[k].workingDays === a[k].workingDays)
}

// ---- writes (into a room's doc; the server decides) --------------------------

/** One entry per date and kind (domain/calendar/room.ts): a local exception leaves the official day in place. */
export function writeOverride(doc: Y.Doc, o: CalendarOverride): void {
  const map = doc.getMap<unknown>('overrides')
  doc.transact(() => {
    // An older bare-date entry of the same kind is replaced, not left beside the new one.
    if ((map.get(o.date) as CalendarOverride | undefined)?.kind === o.kind) map.delete(o.date)
    map.set(overrideKey(o), { date: o.date, work: o.work, reason: o.reason, kind: o.kind })
  })
}

/** Removes the entry of that kind only (default: the local exception), so the official day comes back. */
export function deleteOverride(doc: Y.Doc, date: YMD, kind: CalendarOverride['kind'] = 'local'): void {
  const map = doc.getMap<unknown>('overrides')
  doc.transact(() => {
    if (map.has(overrideKey({ date, kind }))) map.delete(overrideKey({ date, kind }))
    if ((map.get(date) as CalendarOverride | undefined)?.kind === kind) map.delete(date)
  })
}

export function writeOfficialYears(doc: Y.Doc, years: number[]): void {
  doc.getMap<unknown>('meta').set('officialYears', years)
}

export function writeAgencyTypes(doc: Y.Doc, types: AgencyTypes): void {
  doc.getMap<unknown>('meta').set('agencyTypes', types)
}
