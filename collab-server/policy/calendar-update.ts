/**
 * Admin edits of the calendar room: holiday schedule entries and local
 * exceptions, each with a reason; and the list of years whose official
 * schedule is complete. Anything else is refused.
 */
import * as Y from 'yjs'
import type { DomainError } from '@domain/errors'
import {
  agencyTypesSchema,
  calendarOverrideSchema,
  dateOfOverrideKey,
  isYmd,
  keyFitsOverride,
  officialYearsSchema,
  type AgencyTypes,
  type CalendarOverride,
  type YMD
} from '@domain/calendar'

export type CalendarVerdict =
  | { kind: 'noop' }
  | {
      kind: 'accepted'
      changed: CalendarOverride[]
      /** Entries removed, as `date kind`-ish keys for the trail. */
      removed: string[]
      /** Every date whose entry was set or removed: the running deadlines these fall in move. */
      dates: YMD[]
      officialYears: number[] | null
      agencyTypes: AgencyTypes | null
    }
  | { kind: 'refused'; error: DomainError }

export function applyCalendarUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): CalendarVerdict {
  // Define the roots first: a root first created by the update itself would be a generic type.
  const overrides = doc.getMap<unknown>('overrides')
  const meta = doc.getMap<unknown>('meta')
  let tr: Y.Transaction | undefined
  const observe = (t: Y.Transaction) => void (t.origin === origin && (tr = t))
  doc.on('afterTransaction', observe)
  try {
    Y.applyUpdate(doc, update, origin)
  } catch {
    return { kind: 'refused', error: { code: 'MALFORMED_UPDATE', message: '无法解析的更新数据' } }
  } finally {
    doc.off('afterTransaction', observe)
  }
  const refuse = (code: string, message: string): CalendarVerdict => ({ kind: 'refused', error: { code, message } })
  if (doc.store.pendingStructs || doc.store.pendingDs) return refuse('MISSING_DEPENDENCIES', '更新依赖服务器没有的数据，请重新同步')
  if (!tr || (tr.changed.size === 0 && tr.deleteSet.clients.size === 0)) return { kind: 'noop' }
  for (const key of doc.share.keys()) if (key !== 'overrides' && key !== 'meta') return refuse('BAD_SHAPE', '不允许的数据结构')
  const changed: CalendarOverride[] = []
  const removed: string[] = []
  const dates = new Set<YMD>()
  let officialYears: number[] | null = null
  let agencyTypes: AgencyTypes | null = null
  for (const [type, keys] of tr.changed) {
    if (type === (overrides as Y.AbstractType<any>)) {
      for (const k of keys) {
        const v = overrides.get(k as string)
        // Removing an entry is allowed (an admin corrects a mistake); the removal is on the trail.
        if (v === undefined) {
          const d = dateOfOverrideKey(k as string)
          if (d) dates.add(d)
          removed.push(k as string)
          continue
        }
        const p = calendarOverrideSchema.safeParse(v)
        if (!p.success) return refuse('BAD_OVERRIDE', '日历条目格式错误：需要日期、是否上班、原因')
        // 2026-02-30 is refused here, so it never reaches the trail as an accepted change.
        if (!isYmd(p.data.date)) return refuse('BAD_DATE', `日期不存在：${p.data.date}`)
        if (!keyFitsOverride(k as string, p.data)) return refuse('BAD_OVERRIDE', '日历条目的键与日期、类别不符')
        changed.push(p.data)
        dates.add(p.data.date)
      }
    } else if (type === (meta as Y.AbstractType<any>)) {
      for (const k of keys) {
        if (k === 'officialYears') {
          const p = officialYearsSchema.safeParse(meta.get(k))
          if (!p.success) return refuse('BAD_OVERRIDE', '正式年份格式错误')
          officialYears = p.data
        } else if (k === 'agencyTypes') {
          const p = agencyTypesSchema.safeParse(meta.get(k))
          if (!p.success) return refuse('BAD_AGENCY_TYPES', '代办件时限表格式错误：类型、名称、工作日数')
          agencyTypes = p.data
        } else return refuse('BAD_SHAPE', '不允许的数据结构')
      }
    } else return refuse('BAD_SHAPE', '不允许的数据结构')
  }
  return { kind: 'accepted', changed, removed, dates: [...dates].sort(), officialYears, agencyTypes }
}
