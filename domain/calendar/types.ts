import type { YMD } from './ymd'

/** A day an administrator set by hand in the calendar room, with the reason shown in trails. */
export interface CalendarOverride {
  date: YMD
  work: boolean
  reason: string
  /** 'official': part of the State Council schedule; 'local': a county exception (wins over official). */
  kind: 'official' | 'local'
}

export interface CalendarData {
  overrides: CalendarOverride[]
  /** Years for which an admin entered the complete official schedule (no longer provisional). */
  officialYears: number[]
}

export type DaySource = 'published' | 'statutory-fallback' | 'override' | 'weekday'

export interface DayDescription {
  work: boolean
  /** User-facing, Chinese: the festival, make-up day or override reason. */
  name?: string
  source: DaySource
}

export interface WorkCalendar {
  isWorkingDay(d: YMD): boolean
  /** `from` itself is not counted; n >= 1: the n-th working day after it; n = 0: `from` if working, else the next working day. */
  addWorkingDays(from: YMD, n: number): YMD
  nextWorkingDayOnOrAfter(d: YMD): YMD
  /** Number of working days d with a < d <= b (0 if b <= a). */
  workingDaysBetween(a: YMD, b: YMD): number
  /** d's year has neither chinese-days data nor an admin-entered official schedule. */
  isProvisional(d: YMD): boolean
  /** Whether any day d with a < d <= b is provisional (false if b <= a). */
  anyProvisionalBetween(a: YMD, b: YMD): boolean
  describe(d: YMD): DayDescription
}
