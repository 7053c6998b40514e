/**
 * The `calendar` room's layout and its shapes, shared by the server (which
 * refuses anything else, collab-server/policy/calendar-update.ts), the admin
 * page (which checks before writing) and every client's task context.
 *
 *   Y.Map 'overrides'  'YYYY-MM-DD#official' | 'YYYY-MM-DD#local' → { date, work, reason, kind }
 *                      (one entry per date and kind, so an official holiday and a local exception
 *                      on the same day are both kept and deleting the exception restores the
 *                      official day; a key that is the bare date is the older layout, still read)
 *   Y.Map 'meta'       'officialYears' → number[]   years whose official schedule is complete
 *                      'agencyTypes'   → { [id]: { label, workingDays } }   the 代办件 time-limit table
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import type { AgencyType } from '../deadline/rules'
import type { CalendarData, CalendarOverride } from './types'
import { isYmd } from './ymd'

export const AGENCY_ID = /^[A-Za-z0-9_-]{1,40}$/
export const AGENCY_LABEL_MAX = 40
export const AGENCY_DAYS_MAX = 120
export const REASON_MAX = 200
export const YEAR_MIN = 2000
export const YEAR_MAX = 2100

export const calendarOverrideSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    work: z.boolean(),
    reason: z.string().min(1).max(REASON_MAX),
    kind: z.enum(['official', 'local'])
  })
  .strict()

export const officialYearsSchema = z.array(z.number().int().min(YEAR_MIN).max(YEAR_MAX)).max(200)

/** 代办件 time limits per item type: the table an administrator edits. */
export const agencyTypesSchema = z.record(
  z.string().regex(AGENCY_ID),
  z.object({ label: z.string().min(1).max(AGENCY_LABEL_MAX), workingDays: z.number().int().min(0).max(AGENCY_DAYS_MAX) }).strict()
)
export type AgencyTypes = Record<string, AgencyType>

export interface CalendarSnapshot extends CalendarData {
  /** Sorted by date. Malformed entries (which the server never accepts) are skipped. */
  overrides: CalendarOverride[]
  /** Sorted, unique. */
  officialYears: number[]
  /** The administrator's 代办件 table, or null while the room has none (the defaults apply). */
  agencyTypes: AgencyTypes | null
}

export const EMPTY_CALENDAR: CalendarSnapshot = { overrides: [], officialYears: [], agencyTypes: null }

/** The key of an entry in the 'overrides' map: one per date and kind. */
export const overrideKey = (o: Pick<CalendarOverride, 'date' | 'kind'>): string => `${o.date}#${o.kind}`

/** Whether `key` may hold `o`: its own key, or (older layout) the bare date. */
export const keyFitsOverride = (key: string, o: Pick<CalendarOverride, 'date' | 'kind'>): boolean => key === overrideKey(o) || key === o.date

/** The date a key is about (for the entries a change removed), or null. */
export function dateOfOverrideKey(key: string): string | null {
  const d = key.slice(0, 10)
  return isYmd(d) && (key.length === 10 || key === `${d}#official` || key === `${d}#local`) ? d : null
}

/** What the calendar room says, read defensively (a client's copy is not trusted to be well formed). */
export function readCalendarRoom(doc: Y.Doc): CalendarSnapshot {
  const byKey = new Map<string, CalendarOverride>()
  for (const [key, v] of doc.getMap<unknown>('overrides')) {
    const p = calendarOverrideSchema.safeParse(v)
    // 2026-02-30 is not a day: the server refuses it; a copy that has one skips it.
    if (!p.success || !isYmd(p.data.date) || !keyFitsOverride(key, p.data)) continue
    // The per-kind key wins over an older bare-date entry of the same kind.
    const k = overrideKey(p.data)
    if (key === k || !byKey.has(k)) byKey.set(k, p.data)
  }
  // By date; on one date the official entry first, so the local exception (applied after it) wins.
  const overrides = [...byKey.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind === b.kind ? 0 : a.kind === 'official' ? -1 : 1))
  const meta = doc.getMap<unknown>('meta')
  const years = officialYearsSchema.safeParse(meta.get('officialYears'))
  const officialYears = years.success ? [...new Set(years.data)].sort((a, b) => a - b) : []
  const types = agencyTypesSchema.safeParse(meta.get('agencyTypes'))
  return { overrides, officialYears, agencyTypes: types.success ? types.data : null }
}
