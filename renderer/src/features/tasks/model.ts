/**
 * The task as this client sees it. With nothing pending, the server's state
 * is the truth. With local unsent events, state = reduce(events) with those
 * events applied at "now", so an action taken offline shows its effect
 * (architecture.md, "State = reduce(events), computed the same way everywhere").
 */
import type * as Y from 'yjs'
import { createWorkCalendar, EMPTY_CALENDAR, type CalendarSnapshot, type WorkCalendar } from '@domain/calendar'
import { isWorkingUnit, type Actor, type Person, type Unit } from '@domain/directory'
import { orderedEvents, pendingEventIds, readMeta, readTaskState, readTaskSummary } from '@domain/task/doc'
import { DEFAULT_TASK_RULES } from '@domain/task/rules'
import type { RecordSummary, TaskMeta, TaskState } from '@domain/task/types'
import { reduceTask, summarize, type OrderedEvent, type TaskContext } from '@domain/task/workflow'

let published: WorkCalendar | null = null
/** Published holidays from chinese-days, when the calendar room holds nothing yet. */
const publishedOnly = () => (published ??= createWorkCalendar())

/**
 * The rules this client checks its own actions with, as the server does: the county's
 * calendar (published holidays plus the administrator's entries) and 代办件 table from the
 * calendar room. The server stays the judge; this only keeps the buttons and the deadlines
 * shown while an action is unsent in step with it.
 */
export function makeTaskContext(units: Iterable<Unit>, calendar: CalendarSnapshot = EMPTY_CALENDAR): TaskContext {
  const workingUnitIds = new Set<string>()
  for (const u of units) if (isWorkingUnit(u)) workingUnitIds.add(u.id)
  const plain = calendar.overrides.length === 0 && calendar.officialYears.length === 0
  const cal = plain ? publishedOnly() : createWorkCalendar({ overrides: calendar.overrides, officialYears: calendar.officialYears })
  const rules = calendar.agencyTypes ? { ...DEFAULT_TASK_RULES, agencyTypes: calendar.agencyTypes } : DEFAULT_TASK_RULES
  return { cal, rules, workingUnitIds }
}

export const actorFromPerson = (p: Person): Actor => ({ userId: p.id, unitId: p.unitId, roles: p.roles, name: p.name })

export interface TaskView {
  meta: TaskMeta
  events: OrderedEvent[]
  state: TaskState | null
  /** The summary this client would list: the server's, or the local projection while events are pending. */
  summary: RecordSummary | null
  pending: string[]
  /** Local events the policy would refuse: the server will refuse them too. */
  refused: { eventId: string; message: string }[]
}

export function viewTask(doc: Y.Doc, ctx: TaskContext, actorOf: (id: string) => Actor | undefined, now: number): TaskView | null {
  const meta = readMeta(doc)
  if (!meta) return null
  const events = orderedEvents(doc)
  const pending = pendingEventIds(doc)
  const serverState = readTaskState(doc)
  if (pending.length === 0 && serverState) {
    return { meta, events, state: serverState, summary: readTaskSummary(doc) ?? summarize(meta, serverState), pending, refused: [] }
  }
  const r = reduceTask(meta, events, actorOf, now, ctx)
  const refused = r.refused.filter((x) => pending.includes(x.eventId)).map((x) => ({ eventId: x.eventId, message: x.error.message }))
  // Until the server answers, a refused local event shows nothing but its own mark.
  // The number is the server's (stamped at creation), not something events can reproduce.
  const state = r.state ? (serverState?.number ? { ...r.state, number: serverState.number } : r.state) : serverState
  return { meta, events, state, summary: state ? summarize(meta, state) : null, pending, refused }
}
