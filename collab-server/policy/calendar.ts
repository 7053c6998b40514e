/**
 * The calendar room on the server: administrators' edits checked by
 * calendar-update.ts; an accepted change recomputes provisional deadlines in
 * the same step (the caller's `changed`).
 */
import type { KindPlugin, RoomWriter } from '../rooms/kind-plugin'
import type { DirectoryService } from '../directory'
import { applyCalendarUpdate } from './calendar-update'

export interface CalendarKindEnv {
  directory(): DirectoryService
  /** Runs inside the step of the accepted change; `why` goes into affected records' trails. */
  changed(w: RoomWriter, why: string, dates: string[]): void
}

export function calendarPlugin(env: CalendarKindEnv): KindPlugin {
  return {
    kind: 'calendar',
    check({ doc, update, origin, actor }) {
      const v = applyCalendarUpdate(doc, update, origin)
      if (v.kind === 'noop') return v
      if (v.kind === 'refused') return { kind: 'refused', code: v.error.code, message: v.error.message, touched: true }
      const who = env.directory().label(actor.userId)
      const what = [
        ...v.changed.map((o) => `${o.date} ${o.work ? '上班' : '休息'}（${o.kind === 'official' ? '国务院安排' : '本县调整'}：${o.reason}）`),
        ...v.removed.map((k) => `删除 ${k.replace('#official', '（国务院安排）').replace('#local', '（本县调整）')}`),
        ...(v.officialYears ? [`正式安排年份：${v.officialYears.join('、')}`] : []),
        ...(v.agencyTypes
          ? [
              `代办件时限表：${Object.values(v.agencyTypes)
                .map((a) => `${a.label}${a.workingDays}个工作日`)
                .join('、')}`
            ]
          : [])
      ].join('；')
      return {
        kind: 'accepted',
        summary: `${who} 调整工作日历：${what || '删除条目'}`,
        effects: (w) => env.changed(w, `${what || '删除日历条目'}（${who}）`, v.dates)
      }
    }
  }
}
