/**
 * Who may read or write each room (issue 3, "Access per room"):
 * a unit reads records addressed to it or sent by it; leaders read what they
 * assigned; 督查室 follows (and chases) every open item; discipline reviewers
 * read everything with a deadline and write nothing; index rooms are written
 * only by the server; directory and calendar only by admins.
 */
import { hasRole, type Actor } from '../../domain/directory'
import type { RoomRef } from '../../domain/rooms'
import type { TaskMeta } from '../../domain/task'

export type Access = 'write' | 'read' | 'none'

export function roomAccess(actor: Actor, ref: RoomRef, taskMeta: TaskMeta | null): Access {
  switch (ref.kind) {
    case 'directory':
    case 'calendar':
      return hasRole(actor, 'admin') ? 'write' : 'read'
    case 'inbox':
      return actor.unitId === ref.unitId ? 'read' : 'none'
    case 'mine':
    case 'user':
      return actor.userId === ref.userId ? 'read' : 'none'
    case 'oversight':
      return hasRole(actor, 'reviewer') || hasRole(actor, 'supervisor') ? 'read' : 'none'
    case 'task':
      return taskAccess(actor, taskMeta)
  }
}

function taskAccess(actor: Actor, meta: TaskMeta | null): Access {
  // An empty room is a task being created: only a leader may create one.
  if (!meta) return hasRole(actor, 'leader') ? 'write' : 'none'
  if (meta.assignedBy === actor.userId) return 'write'
  if (hasRole(actor, 'supervisor')) return 'write'
  const handler = hasRole(actor, 'clerk') || hasRole(actor, 'head')
  if (handler && (meta.leadUnitId === actor.unitId || meta.assistUnitIds.includes(actor.unitId))) return 'write'
  if (hasRole(actor, 'reviewer')) return 'read'
  return 'none'
}
