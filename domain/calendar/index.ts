/**
 * Work calendar: Asia/Shanghai dates and working-day arithmetic. The only way into chinese-days.
 */
export {
  type YMD,
  DAY_MS,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
  shanghaiYear,
  startOfShanghaiDay,
  endOfShanghaiDay,
  addDays,
  isYmd,
  yearOf,
  toDayNumber,
  fromDayNumber
} from './ymd'
export type { CalendarOverride, CalendarData, DaySource, DayDescription, WorkCalendar } from './types'
export { createWorkCalendar } from './workCalendar'
export { statutoryHolidays, type StatutoryHoliday } from './statutory'
export {
  AGENCY_ID,
  AGENCY_LABEL_MAX,
  AGENCY_DAYS_MAX,
  REASON_MAX,
  YEAR_MIN,
  YEAR_MAX,
  calendarOverrideSchema,
  officialYearsSchema,
  agencyTypesSchema,
  type AgencyTypes,
  type CalendarSnapshot,
  EMPTY_CALENDAR,
  readCalendarRoom,
  overrideKey,
  keyFitsOverride,
  dateOfOverrideKey
} from './room'
