/**
 * Layout of the server-written rooms (clients only read them):
 *   inbox:<unit>, mine:<user>,
 *   oversight:<year>                       Y.Map 'items': recordId -> RecordSummary
 *   oversight-years                        Y.Map 'years': year -> true (domain/kinds/builtin.ts)
 *   directory                              Y.Map 'units': id -> Unit, Y.Map 'people': id -> Person
 *   calendar                               Y.Map 'overrides': date -> CalendarOverride, Y.Map 'meta': 'officialYears' -> number[]
 *   user:<user>                            Y.Array 'reminders': Reminder
 */
import type * as Y from 'yjs'
import type { RecordSummary } from './task/types'
import type { Person, Unit } from './directory'

/**
 * A reminder the server raises. The server writes a code and its parameters
 * (domain/kinds/task.ts); each client words it in its own language
 * (renderer/src/core/i18n/parts/kinds.ts). `title`/`body` are the Chinese text
 * older servers wrote, shown only when there is no code.
 */
export interface Reminder {
  id: string
  at: number
  kind:
    | 'assigned'
    | 'chase'
    | 'yellow'
    | 'red'
    | 'extension_decision'
    | 'returned'
    | 'digest'
    | 'signed'
    | 'reported'
    /** 审核办结 / 撤销: the units learn how it ended. */
    | 'accepted'
    | 'cancelled'
    /** 代录: the leader is asked to check what 督查室 recorded in their name. */
    | 'recorded'
    /** A calendar change moved the deadline. */
    | 'deadline_moved'
    /** A security alert for the admins (an account under attack). */
    | 'security'
  recordId?: string
  code?: string
  params?: Record<string, string | number | boolean>
  title?: string
  body?: string
}

export const itemsMap = (doc: Y.Doc) => doc.getMap<RecordSummary>('items')
export const unitsMap = (doc: Y.Doc) => doc.getMap<Unit>('units')
export const peopleMap = (doc: Y.Doc) => doc.getMap<Person>('people')
export const remindersArray = (doc: Y.Doc) => doc.getArray<Reminder>('reminders')
