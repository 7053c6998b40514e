/**
 * Read-model hooks of the oversight workspace. The warning list is a small
 * indexed lookup; the efficiency view reads every oversight summary in ONE
 * Dexie read and computes in memory (model.ts), re-reading at most every
 * 1.5 s while the index rooms sync (a live query over 20,000 rows would
 * re-read on every single change).
 */
import Dexie, { type ObservabilitySet } from 'dexie'
import { useLiveQuery } from 'dexie-react-hooks'
import { useEffect, useState } from 'react'
import { useServices } from '@renderer/core/app/context'
import type { SummaryRow } from '@renderer/core/data/db'

/** Open items the server flagged red or yellow (the same lists the sidebar counts). */
export function useWarningSummaries(): SummaryRow[] | undefined {
  const { db } = useServices()
  return useLiveQuery(() => db.summaries.where('lists').anyOf('oversight:red', 'oversight:yellow').toArray(), [db])
}

export interface AllSummaries {
  rows: SummaryRow[] | undefined
  /** How long the last Dexie read took (ms). */
  readMs: number
}

export function useOversightSummaries(enabled: boolean, throttleMs = 1500): AllSummaries {
  const { db } = useServices()
  const [state, setState] = useState<AllSummaries>({ rows: undefined, readMs: 0 })
  useEffect(() => {
    if (!enabled) return
    let alive = true
    let running = false
    let again = false
    let timer: ReturnType<typeof setTimeout> | null = null
    const load = async () => {
      if (running) return void (again = true)
      running = true
      const t0 = performance.now()
      try {
        const rows = await db.summaries.where('scopes').equals('oversight').toArray()
        if (alive) setState({ rows, readMs: performance.now() - t0 })
      } catch (e) {
        console.warn('[oversight] read failed', e)
      } finally {
        running = false
        if (again && alive) {
          again = false
          schedule()
        }
      }
    }
    const schedule = () => {
      if (timer || !alive) return
      timer = setTimeout(() => {
        timer = null
        void load()
      }, throttleMs)
    }
    const prefix = `idb://${db.name}/summaries/`
    const onMutated = (parts: ObservabilitySet) => {
      for (const part in parts) if (part.startsWith(prefix)) return schedule()
    }
    Dexie.on.storagemutated.subscribe(onMutated)
    void load()
    return () => {
      alive = false
      if (timer) clearTimeout(timer)
      Dexie.on.storagemutated.unsubscribe(onMutated)
    }
  }, [db, enabled, throttleMs])
  return state
}

/** The server's clock (session.now), ticking so "overdue now" and day counts stay current. */
export function useServerNow(everyMs = 60_000): number {
  const { session } = useServices()
  const [now, setNow] = useState(() => session.now())
  useEffect(() => {
    const id = setInterval(() => setNow(session.now()), everyMs)
    return () => clearInterval(id)
  }, [session, everyMs])
  return now
}
