/**
 * Room names. One Y.Doc per record; index rooms written only by the server.
 *   task:<id>        one leader-assigned task (交办件)
 *   inbox:<unitId>   summaries of records addressed to / sent by a unit
 *   mine:<userId>    summaries of records a leader assigned ("我交办的")
 *   oversight        summaries of every record with a deadline (leaders, 督查室, 纪委监委)
 *   directory        units and people (admin writes)
 *   calendar         holiday schedule and local exceptions (admin writes)
 *   user:<userId>    reminders for one person (server writes)
 */
export type RoomRef =
  | { kind: 'task'; id: string }
  | { kind: 'inbox'; unitId: string }
  | { kind: 'mine'; userId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'oversight' }
  | { kind: 'directory' }
  | { kind: 'calendar' }

/** Ids are short ASCII tokens; anything else is not a room of ours. */
const ID = /^[A-Za-z0-9_-]{1,64}$/
export const MAX_ROOM_NAME = 80

export function parseRoom(name: string): RoomRef | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_ROOM_NAME) return null
  if (name === 'oversight' || name === 'directory' || name === 'calendar') return { kind: name }
  const i = name.indexOf(':')
  if (i < 0) return null
  const prefix = name.slice(0, i)
  const id = name.slice(i + 1)
  if (!ID.test(id)) return null
  switch (prefix) {
    case 'task':
      return { kind: 'task', id }
    case 'inbox':
      return { kind: 'inbox', unitId: id }
    case 'mine':
      return { kind: 'mine', userId: id }
    case 'user':
      return { kind: 'user', userId: id }
    default:
      return null
  }
}

export function roomName(ref: RoomRef): string {
  switch (ref.kind) {
    case 'task':
      return `task:${ref.id}`
    case 'inbox':
      return `inbox:${ref.unitId}`
    case 'mine':
      return `mine:${ref.userId}`
    case 'user':
      return `user:${ref.userId}`
    default:
      return ref.kind
  }
}

export const isValidId = (id: unknown): id is string => typeof id === 'string' && ID.test(id)
