/**
 * Test table with real dates, shared by deadline.test.ts / warning.test.ts (in process) and
 * timezones.test.ts (which evaluates it in child processes under other TZ values). Not product
 * code; pure so it can run anywhere.
 *
 * 2026 schedule (State Council notice, gov.cn/zhengce/zhengceku/202511/content_7047091.htm, as
 * carried by chinese-days): make-up working days 1-4 (Sun), 2-14 (Sat), 2-28 (Sat), 5-9 (Sat),
 * 9-20 (Sun), 10-10 (Sat); off 2-15..2-23, 9-25..9-27, 10-1..10-7.
 * 2027 has no published schedule: statutory fallback 1-1; 2-5 (除夕) .. 2-8 (初三); 4-5; 5-1, 5-2;
 * 6-9 (端午); 9-15 (中秋); 10-1..10-3.
 */
import { addDays, createWorkCalendar, endOfShanghaiDay, type CalendarData, type WorkCalendar, type YMD } from '../calendar'
import { computeDeadline, extendedDeadline, isDeadlineError } from './deadline'
import { DEFAULT_DEADLINE_RULES, type TaskClass } from './rules'
import { warningLevel, type WarningInfo } from './warning'

const CALENDARS = {
  published: { overrides: [], officialYears: [] },
  // A hypothetical official 2027 schedule entered by an administrator.
  official2027: {
    overrides: [
      ...['2027-02-05', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({
        date,
        work: false,
        reason: '春节放假（国务院通知）',
        kind: 'official' as const
      })),
      { date: '2027-02-20', work: true, reason: '春节调休上班（国务院通知）', kind: 'official' }
    ],
    officialYears: [2027]
  },
  // Same entries, but the year is not marked complete: still provisional.
  partial2027: {
    overrides: [{ date: '2027-02-20', work: true, reason: '春节调休上班（国务院通知）', kind: 'official' }],
    officialYears: []
  },
  // A county closure (e.g. typhoon) on a Friday.
  localClosure: {
    overrides: [{ date: '2026-10-16', work: false, reason: '台风停工（县政府通知）', kind: 'local' }],
    officialYears: []
  }
} satisfies Record<string, CalendarData>
type CalendarName = keyof typeof CALENDARS

export interface DeadlineCase {
  name: string
  taskClass: TaskClass
  agencyType?: string
  /** ISO instant with explicit offset, so parsing does not depend on the machine's zone. */
  assignedAt: string
  calendar?: CalendarName
  expect: { dueDate: YMD; provisional: boolean } | { error: string }
}

export const deadlineCases: DeadlineCase[] = [
  {
    name: 'domain.md example: 9-21 → 10-19 (中秋, 国庆 skipped, 10-10 counted)',
    taskClass: 'standard',
    assignedAt: '2026-09-21T10:00:00+08:00',
    expect: { dueDate: '2026-10-19', provisional: false }
  },
  {
    name: 'example, assigned at 00:00 Shanghai (still 9-20 in UTC)',
    taskClass: 'standard',
    assignedAt: '2026-09-21T00:00:00+08:00',
    expect: { dueDate: '2026-10-19', provisional: false }
  },
  {
    name: 'example, assigned at 23:59:59.999 Shanghai',
    taskClass: 'standard',
    assignedAt: '2026-09-21T23:59:59.999+08:00',
    expect: { dueDate: '2026-10-19', provisional: false }
  },
  {
    name: 'one day later in Shanghai (9-21 16:00 UTC) → 10-20',
    taskClass: 'standard',
    assignedAt: '2026-09-21T16:00:00Z',
    expect: { dueDate: '2026-10-20', provisional: false }
  },
  {
    name: 'across the 2026 Spring Festival (2-14 and 2-28 worked)',
    taskClass: 'standard',
    assignedAt: '2026-02-10T09:00:00+08:00',
    expect: { dueDate: '2026-03-09', provisional: false }
  },
  {
    name: 'lands on make-up Saturday 2-28',
    taskClass: 'standard',
    assignedAt: '2026-02-02T09:00:00+08:00',
    expect: { dueDate: '2026-02-28', provisional: false }
  },
  {
    name: 'lands on make-up Saturday 10-10',
    taskClass: 'standard',
    assignedAt: '2026-09-14T09:00:00+08:00',
    expect: { dueDate: '2026-10-10', provisional: false }
  },
  {
    name: 'across 元旦 2026 (1-4 Sunday worked)',
    taskClass: 'standard',
    assignedAt: '2025-12-20T09:00:00+08:00',
    expect: { dueDate: '2026-01-12', provisional: false }
  },
  { name: 'urgent on a Sunday → Monday', taskClass: 'urgent', assignedAt: '2026-03-08T10:00:00+08:00', expect: { dueDate: '2026-03-09', provisional: false } },
  {
    name: 'urgent on make-up Sunday 9-20 → same day',
    taskClass: 'urgent',
    assignedAt: '2026-09-20T15:00:00+08:00',
    expect: { dueDate: '2026-09-20', provisional: false }
  },
  {
    name: 'urgent on 国庆 → first working day after',
    taskClass: 'urgent',
    assignedAt: '2026-10-01T10:00:00+08:00',
    expect: { dueDate: '2026-10-08', provisional: false }
  },
  {
    name: 'urgent Friday 23:30 Shanghai (Friday morning in New York) → same day',
    taskClass: 'urgent',
    assignedAt: '2026-03-13T23:30:00+08:00',
    expect: { dueDate: '2026-03-13', provisional: false }
  },
  {
    name: 'urgent Saturday 00:30 Shanghai (still Friday in UTC and New York) → Monday',
    taskClass: 'urgent',
    assignedAt: '2026-03-14T00:30:00+08:00',
    expect: { dueDate: '2026-03-16', provisional: false }
  },
  {
    name: 'urgent Tuesday 07:30 Shanghai (Monday in UTC) → Tuesday',
    taskClass: 'urgent',
    assignedAt: '2026-03-10T07:30:00+08:00',
    expect: { dueDate: '2026-03-10', provisional: false }
  },
  {
    name: 'agency letter, 5 working days',
    taskClass: 'agency',
    agencyType: 'letter',
    assignedAt: '2026-09-21T10:00:00+08:00',
    expect: { dueDate: '2026-09-29', provisional: false }
  },
  {
    name: 'agency petition, 10 working days',
    taskClass: 'agency',
    agencyType: 'petition',
    assignedAt: '2026-09-21T10:00:00+08:00',
    expect: { dueDate: '2026-10-12', provisional: false }
  },
  {
    name: 'agency proposal, 20 working days',
    taskClass: 'agency',
    agencyType: 'proposal',
    assignedAt: '2026-09-21T10:00:00+08:00',
    expect: { dueDate: '2026-10-26', provisional: false }
  },
  {
    name: 'agency of an unknown type',
    taskClass: 'agency',
    agencyType: 'toString',
    assignedAt: '2026-09-21T10:00:00+08:00',
    expect: { error: 'UNKNOWN_AGENCY_TYPE' }
  },
  { name: 'agency without a type', taskClass: 'agency', assignedAt: '2026-09-21T10:00:00+08:00', expect: { error: 'UNKNOWN_AGENCY_TYPE' } },
  {
    name: 'into 2027 (no published data): skips 1-1, provisional',
    taskClass: 'standard',
    assignedAt: '2026-12-28T10:00:00+08:00',
    expect: { dueDate: '2027-01-19', provisional: true }
  },
  {
    name: 'urgent on the last day of 2026 stays confirmed',
    taskClass: 'urgent',
    assignedAt: '2026-12-31T10:00:00+08:00',
    expect: { dueDate: '2026-12-31', provisional: false }
  },
  {
    name: 'urgent on 2027-01-01 (statutory) → 1-4, provisional',
    taskClass: 'urgent',
    assignedAt: '2027-01-01T10:00:00+08:00',
    expect: { dueDate: '2027-01-04', provisional: true }
  },
  {
    name: '2027 Spring Festival fallback skips 除夕 2-5 and 初三 2-8',
    taskClass: 'standard',
    assignedAt: '2027-01-29T10:00:00+08:00',
    expect: { dueDate: '2027-02-23', provisional: true }
  },
  {
    name: 'admin-entered official 2027 schedule: recomputed, not provisional',
    taskClass: 'standard',
    assignedAt: '2027-01-29T10:00:00+08:00',
    calendar: 'official2027',
    expect: { dueDate: '2027-02-26', provisional: false }
  },
  {
    name: 'official 2027: crossing from 2026 is no longer provisional',
    taskClass: 'standard',
    assignedAt: '2026-12-28T10:00:00+08:00',
    calendar: 'official2027',
    expect: { dueDate: '2027-01-19', provisional: false }
  },
  {
    name: '2027 overrides without the year marked official stay provisional',
    taskClass: 'standard',
    assignedAt: '2027-02-10T10:00:00+08:00',
    calendar: 'partial2027',
    expect: { dueDate: '2027-03-02', provisional: true }
  },
  {
    name: 'local closure on 10-16 pushes the example to 10-20',
    taskClass: 'standard',
    assignedAt: '2026-09-21T10:00:00+08:00',
    calendar: 'localClosure',
    expect: { dueDate: '2026-10-20', provisional: false }
  }
]

export interface ExtensionCase {
  name: string
  newDueDate: YMD
  expect: { dueDate: YMD; provisional: boolean }
}

export const extensionCases: ExtensionCase[] = [
  { name: 'onto 国庆 → 10-08', newDueDate: '2026-10-03', expect: { dueDate: '2026-10-08', provisional: false } },
  { name: 'onto make-up Saturday 10-10 → kept', newDueDate: '2026-10-10', expect: { dueDate: '2026-10-10', provisional: false } },
  { name: 'onto 2027 正月初一 → 2-9, provisional', newDueDate: '2027-02-06', expect: { dueDate: '2027-02-09', provisional: true } }
]

export interface WarningCase {
  name: string
  dueDate: YMD
  now: string
  finishedAt?: string
  cancelled?: boolean
  expect: WarningInfo
}

export const warningCases: WarningCase[] = [
  { name: '5 working days left', dueDate: '2026-10-19', now: '2026-10-12T10:00:00+08:00', expect: { level: 'normal', remainingWorkingDays: 5 } },
  { name: '4 left: normal', dueDate: '2026-10-19', now: '2026-10-13T10:00:00+08:00', expect: { level: 'normal', remainingWorkingDays: 4 } },
  {
    name: '3 left (Thu, Fri, due Monday): yellow',
    dueDate: '2026-10-19',
    now: '2026-10-14T10:00:00+08:00',
    expect: { level: 'yellow', remainingWorkingDays: 3 }
  },
  {
    name: 'weekend before a Monday due day: 1 left',
    dueDate: '2026-03-16',
    now: '2026-03-14T10:00:00+08:00',
    expect: { level: 'yellow', remainingWorkingDays: 1 }
  },
  { name: 'on the due day: yellow, 0 left', dueDate: '2026-10-19', now: '2026-10-19T09:00:00+08:00', expect: { level: 'yellow', remainingWorkingDays: 0 } },
  {
    name: 'at the last millisecond of the due day: not yet red',
    dueDate: '2026-10-19',
    now: '2026-10-19T23:59:59.999+08:00',
    expect: { level: 'yellow', remainingWorkingDays: 0 }
  },
  {
    name: 'yellow 10 calendar days ahead because 国庆 intervenes',
    dueDate: '2026-10-09',
    now: '2026-09-29T10:00:00+08:00',
    expect: { level: 'yellow', remainingWorkingDays: 3 }
  },
  { name: 'a day earlier: 4 left, normal', dueDate: '2026-10-09', now: '2026-09-28T10:00:00+08:00', expect: { level: 'normal', remainingWorkingDays: 4 } },
  { name: 'midnight after the due day: red', dueDate: '2026-10-19', now: '2026-10-20T00:00:00+08:00', expect: { level: 'red', lateWorkingDays: 1 } },
  { name: 'a week overdue: red, 5 working days late', dueDate: '2026-10-19', now: '2026-10-26T10:00:00+08:00', expect: { level: 'red', lateWorkingDays: 5 } },
  { name: 'overdue across 国庆: 1 working day late', dueDate: '2026-09-30', now: '2026-10-08T10:00:00+08:00', expect: { level: 'red', lateWorkingDays: 1 } },
  {
    name: 'finished at the last millisecond: on time, even long after',
    dueDate: '2026-10-19',
    now: '2026-11-30T10:00:00+08:00',
    finishedAt: '2026-10-19T23:59:59.999+08:00',
    expect: { level: 'done_on_time' }
  },
  {
    name: 'finished the next morning: late by 1',
    dueDate: '2026-10-19',
    now: '2026-11-30T10:00:00+08:00',
    finishedAt: '2026-10-20T08:00:00+08:00',
    expect: { level: 'done_late', lateWorkingDays: 1 }
  },
  {
    name: 'finished on Saturday: late by 4 (Tue–Fri)',
    dueDate: '2026-10-19',
    now: '2026-10-24T10:00:00+08:00',
    finishedAt: '2026-10-24T10:00:00+08:00',
    expect: { level: 'done_late', lateWorkingDays: 4 }
  },
  {
    name: 'due Friday, finished Saturday: late by at least 1',
    dueDate: '2026-03-13',
    now: '2026-03-20T10:00:00+08:00',
    finishedAt: '2026-03-14T10:00:00+08:00',
    expect: { level: 'done_late', lateWorkingDays: 1 }
  },
  { name: 'cancelled while overdue', dueDate: '2026-10-19', now: '2026-10-26T10:00:00+08:00', cancelled: true, expect: { level: 'cancelled' } }
]

/** What a case produced, in a form that survives JSON (for the cross-time-zone comparison). */
export function runDeadlineCase(c: DeadlineCase): DeadlineCase['expect'] & { dueAtIsEndOfDay?: boolean } {
  const d = computeDeadline(
    { taskClass: c.taskClass, agencyType: c.agencyType, assignedAt: Date.parse(c.assignedAt) },
    calendar(c.calendar),
    DEFAULT_DEADLINE_RULES
  )
  if (isDeadlineError(d)) return { error: d.error.code }
  return { dueDate: d.dueDate, provisional: d.provisional, dueAtIsEndOfDay: d.dueAt === Date.parse(`${d.dueDate}T23:59:59.999+08:00`) }
}

export function runExtensionCase(c: ExtensionCase): { dueDate: YMD; provisional: boolean; dueAtIsEndOfDay: boolean } {
  const d = extendedDeadline(c.newDueDate, calendar())
  return { dueDate: d.dueDate, provisional: d.provisional, dueAtIsEndOfDay: d.dueAt === endOfShanghaiDay(d.dueDate) }
}

export function runWarningCase(c: WarningCase): WarningInfo {
  const finishedAt = c.finishedAt === undefined ? undefined : Date.parse(c.finishedAt)
  return warningLevel({ dueDate: c.dueDate, now: Date.parse(c.now), finishedAt, cancelled: c.cancelled }, calendar(), DEFAULT_DEADLINE_RULES)
}

/** One character per day, 2025-01-01 .. 2028-12-31: published, fallback and year boundaries. */
export function workingDayFingerprint(): string {
  const cal = calendar()
  let s = ''
  for (let d: YMD = '2025-01-01'; d <= '2028-12-31'; d = addDays(d, 1)) {
    s += cal.isWorkingDay(d) ? '1' : '0'
  }
  return s
}

export function runAll() {
  return {
    deadlines: deadlineCases.map(runDeadlineCase),
    extensions: extensionCases.map(runExtensionCase),
    warnings: warningCases.map(runWarningCase),
    fingerprint: workingDayFingerprint()
  }
}

const built = new Map<CalendarName, WorkCalendar>()
function calendar(name: CalendarName = 'published'): WorkCalendar {
  let cal = built.get(name)
  if (!cal) built.set(name, (cal = createWorkCalendar(CALENDARS[name])))
  return cal
}
