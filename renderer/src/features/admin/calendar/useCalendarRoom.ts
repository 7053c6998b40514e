/**
 * The `calendar` room through the room manager: everyone reads it (holidays,
 * overrides, the 代办件 table); administrators write it. The server is the
 * judge: a refused write comes back as a denial with its Chinese reason, the
 * room resets to the server's copy, and `denial` carries the reason here.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type * as Y from 'yjs'
import type { CalendarOverride, YMD } from '@domain/calendar'
import { adminDuties } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import type { DenialReason, Room } from '@renderer/core/sync/room'
import {
  CALENDAR_ROOM,
  checkOverride,
  deleteOverride,
  effectiveAgencyTypes,
  toggleOfficialYear,
  writeAgencyTypes,
  writeOfficialYears,
  writeOverride,
  type OverrideInput
} from './model'
import { EMPTY_CALENDAR, readCalendarRoom, type AgencyTypes, type CalendarSnapshot } from '@domain/calendar'

export type WriteResult = { ok: true } | { ok: false; error: MessageKey }

export interface CalendarRoomHandle extends CalendarSnapshot {
  /** Read from the local copy (Dexie). */
  loaded: boolean
  /** Merged with the server's copy and connected. */
  synced: boolean
  /** The 代办件 table in force: the administrator's, else DEFAULT_TASK_RULES.agencyTypes. */
  effectiveAgencyTypes: AgencyTypes
  /** The signed-in user is an administrator (the server's ACL decides; this only shapes the UI). */
  canWrite: boolean
  /** The server's last refusal of a write from this page, with its reason. */
  denial: DenialReason | null
  clearDenial(): void
  setOverride(input: OverrideInput): WriteResult
  /** Removes the entry of that kind on that date; the other kind's entry (if any) stays. */
  removeOverride(date: YMD, kind?: CalendarOverride['kind']): WriteResult
  setYearOfficial(year: number, official: boolean): WriteResult
  setAgencyTypes(types: AgencyTypes): WriteResult
}

/** Opens the calendar room while mounted and follows its doc (also across resets). */
function useCalendarDoc(): { room: RefObject<Room | null>; snap: CalendarSnapshot; loaded: boolean; synced: boolean } {
  const { manager } = useServices()
  const room = useRef<Room | null>(null)
  const [state, setState] = useState({ snap: EMPTY_CALENDAR, loaded: false, synced: false })

  useEffect(() => {
    const r = manager.acquire(CALENDAR_ROOM)
    room.current = r
    const unfollow = manager.followDoc(r, () => setState({ snap: readCalendarRoom(r.doc), loaded: true, synced: r.synced }))
    return () => {
      unfollow()
      room.current = null
      manager.release(CALENDAR_ROOM)
    }
  }, [manager])

  return { room, ...state }
}

export function useCalendarRoom(): CalendarRoomHandle {
  const { manager, viewer } = useServices()
  const { room, snap, loaded, synced } = useCalendarDoc()
  // 三员分立: the 系统管理员 keeps the calendar, as the server's rule for the room says (domain/directory/duties.ts).
  const canWrite = adminDuties(viewer).calendar
  const [denial, setDenial] = useState<DenialReason | null>(null)

  useEffect(() => manager.onDeniedMessage((name, reason) => void (name === CALENDAR_ROOM && setDenial(reason))), [manager])

  const write = useCallback(
    (fn: (doc: Y.Doc) => void): WriteResult => {
      const r = room.current
      if (!canWrite) return { ok: false, error: 'admin.error.readOnly' }
      // Lists (official years, the whole 代办件 table) are rewritten from what we hold: hold the server's first.
      if (!r || !r.synced) return { ok: false, error: 'admin.error.notSynced' }
      setDenial(null)
      r.doc.transact(() => fn(r.doc))
      return { ok: true }
    },
    [canWrite, room]
  )

  const setOverride = useCallback(
    (input: OverrideInput): WriteResult => {
      const c = checkOverride(input)
      if (!c.ok) return c
      return write((doc) => writeOverride(doc, c.value as CalendarOverride))
    },
    [write]
  )
  const removeOverride = useCallback((date: YMD, kind?: CalendarOverride['kind']) => write((doc) => deleteOverride(doc, date, kind)), [write])
  const setYearOfficial = useCallback(
    (year: number, official: boolean) => write((doc) => writeOfficialYears(doc, toggleOfficialYear(readCalendarRoom(doc).officialYears, year, official))),
    [write]
  )
  const setAgencyTypes = useCallback((types: AgencyTypes) => write((doc) => writeAgencyTypes(doc, types)), [write])
  const clearDenial = useCallback(() => setDenial(null), [])

  const effective = useMemo(() => effectiveAgencyTypes(snap), [snap])
  return {
    ...snap,
    loaded,
    synced,
    effectiveAgencyTypes: effective,
    canWrite,
    denial,
    clearDenial,
    setOverride,
    removeOverride,
    setYearOfficial,
    setAgencyTypes
  }
}

/**
 * The 代办件 time-limit table in force, for the assign form: the administrator's
 * table from the calendar room, or DEFAULT_TASK_RULES.agencyTypes while it has none
 * (also before the room has loaded). Same shape as DEFAULT_TASK_RULES.agencyTypes.
 */
export function useAgencyTypes(): AgencyTypes {
  const { snap } = useCalendarDoc()
  return useMemo(() => effectiveAgencyTypes(snap), [snap])
}
