/**
 * Work calendar: Asia/Shanghai dates and working-day arithmetic. The only way into chinese-days.
 */
export {
  type YMD,
  DAY_MS,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
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
