/**
 * A date picker on the county's work calendar: days off on a weekday carry 休, make-up
 * working days on a weekend carry 班, so a leader does not pick a holiday by mistake.
 * Past dates stay selectable on purpose: the form says why one is wrong instead of
 * the date silently vanishing.
 */
import { DatePicker, Tooltip, type DatePickerProps } from 'antd'
import type { Dayjs } from 'dayjs'
import type { WorkCalendar } from '@domain/calendar'
import { useT } from '../core/i18n'

export type DayMark = 'off' | 'makeUp' | null

/** 休 for a day off that is not a plain weekend, 班 for a working weekend day. */
export function dayMark(cal: WorkCalendar, ymd: string, weekday: number): { mark: DayMark; name?: string } {
  let d: ReturnType<WorkCalendar['describe']>
  try {
    d = cal.describe(ymd)
  } catch {
    return { mark: null }
  }
  const weekend = weekday === 0 || weekday === 6
  if (!d.work && !weekend) return { mark: 'off', name: d.name }
  if (d.work && weekend) return { mark: 'makeUp', name: d.name }
  return { mark: null, name: d.name }
}

export function WorkDayPicker({ cal, ...props }: DatePickerProps & { cal: WorkCalendar }) {
  const t = useT()
  return (
    <DatePicker
      {...props}
      cellRender={(current, info) => {
        if (info.type !== 'date') return info.originNode
        const day = current as Dayjs
        const { mark, name } = dayMark(cal, day.format('YYYY-MM-DD'), day.day())
        const cell = (
          <div
            className="ant-picker-cell-inner qf-daycell"
            data-mark={mark ?? undefined}
            data-testid={mark ? `day-${mark}-${day.format('YYYY-MM-DD')}` : undefined}
          >
            {day.date()}
            {mark && <span className={`qf-daymark qf-daymark-${mark}`}>{t(mark === 'off' ? 'tasks.cal.dayOff' : 'tasks.cal.makeUp')}</span>}
          </div>
        )
        return name ? <Tooltip title={name}>{cell}</Tooltip> : cell
      }}
    />
  )
}
