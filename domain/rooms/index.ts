/**
 * Room names, built and parsed in one place (the kind registry, domain/kinds).
 * Nothing else writes `task:${id}` by hand.
 *   task:<id>          one leader-assigned task (交办件)
 *   inbox:<unitId>     summaries of records addressed to / sent by a unit
 *   mine:<userId>      summaries of records a leader assigned ("我交办的")
 *   oversight:<year>   summaries of every record assigned that year (督查室, 纪委监委)
 *   oversight-years    which oversight year rooms exist
 *   directory          units and people (admin writes)
 *   calendar           holiday schedule and local exceptions (admin writes)
 *   user:<userId>      reminders for one person (server writes)
 */
import { KINDS, MAX_ROOM_NAME, ROOM_ID, type RoomAddress } from '../kinds'

export { MAX_ROOM_NAME }
export type { RoomAddress }

export const rooms = {
  task: (id: string) => KINDS.room('task', id),
  inbox: (unitId: string) => KINDS.room('inbox', unitId),
  mine: (userId: string) => KINDS.room('mine', userId),
  user: (userId: string) => KINDS.room('user', userId),
  oversight: (year: string) => KINDS.room('oversight', year),
  oversightYears: 'oversight-years',
  directory: 'directory',
  calendar: 'calendar'
} as const

/** The kind and id of a room name; null when it is not a room of ours. */
export const parseRoom = (name: string): RoomAddress | null => KINDS.parse(name)

/** The task id of a `task:<id>` room name, else null. */
export function taskIdOf(name: string): string | null {
  const a = KINDS.parse(name)
  return a?.kind === 'task' ? a.id : null
}

export const isValidId = (id: unknown): id is string => typeof id === 'string' && ROOM_ID.test(id)
