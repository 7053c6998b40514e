/**
 * Layout of the server-written rooms (clients only read them):
 *   inbox:<unit>, mine:<user>, oversight   Y.Map 'items': recordId -> RecordSummary
 *   directory                              Y.Map 'units': id -> Unit, Y.Map 'people': id -> Person
 *   calendar                               Y.Map 'overrides': date -> CalendarOverride, Y.Map 'meta': 'officialYears' -> number[]
 *   user:<user>                            Y.Array 'reminders': Reminder
 */
import type * as Y from 'yjs'
import type { RecordSummary } from './task/types'
import type { Person, Unit } from './directory'

export interface Reminder {
  id: string
  at: number
  kind: 'assigned' | 'chase' | 'yellow' | 'red' | 'extension_decision' | 'returned' | 'digest' | 'signed' | 'reported' | 'security'
  recordId?: string
  title: string
  body: string
}

export const itemsMap = (doc: Y.Doc) => doc.getMap<RecordSummary>('items')
export const unitsMap = (doc: Y.Doc) => doc.getMap<Unit>('units')
export const peopleMap = (doc: Y.Doc) => doc.getMap<Person>('people')
export const remindersArray = (doc: Y.Doc) => doc.getArray<Reminder>('reminders')
