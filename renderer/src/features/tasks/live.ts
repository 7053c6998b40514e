/**
 * Figures as of now (docs/decisions.md): the stored warning on a record changes only
 * when its level changes, so every view counts the working days left (or overdue)
 * afresh from the deadline and the calendar, and re-counts once a minute.
 */
import { useEffect, useState } from 'react'
import type { WarningInfo } from '@domain/deadline'
import { liveWarning, type LiveInput } from '@domain/task/live'
import type { TaskContext } from '@domain/task/workflow'
import { useServices } from '@renderer/core/app/context'

/**
 * What a view shows: the live count while open; nothing while a completion report
 * waits for the leader (按时/逾期 is an outcome, shown once accepted); the stored outcome after.
 */
export function shownWarning(s: LiveInput, now: number, ctx: Pick<TaskContext, 'cal' | 'rules'>): WarningInfo {
  if (s.status === 'reported') return { level: 'normal' }
  return liveWarning(s, now, ctx.cal, ctx.rules)
}

/** Server-adjusted time, re-read every `everyMs` so counts roll over at midnight without a reload. */
export function useNow(everyMs = 60_000): number {
  const { session } = useServices()
  const [now, setNow] = useState(() => session.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(session.now()), everyMs)
    return () => clearInterval(timer)
  }, [session, everyMs])
  return now
}

/** `(record) => the warning to show`, as of now, on the county's calendar. */
export function useLiveWarning(): (s: LiveInput) => WarningInfo {
  const { manager } = useServices()
  const now = useNow()
  return (s) => shownWarning(s, now, manager.taskContext())
}
