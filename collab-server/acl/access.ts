/**
 * Who may read or write each room (issue 3, "Access per room"):
 * a unit reads records addressed to it or sent by it; leaders read what they
 * assigned; 督查室 follows (and chases) every open item; discipline reviewers
 * read everything with a deadline and write nothing; index rooms are written
 * only by the server; directory and calendar only by admins.
 */
import { hasRole, type Actor } from '../../domain/directory'
import type { RoomRef } from '../../domain/rooms'
import { taskAccess, type Access, type TaskMeta } from '../../domain/task'

export type { Access }

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
      return hasRole(actor, 'reviewer') || hasRole(actor, 'supervisor') || hasRole(actor, 'top_leader') ? 'read' : 'none'
    case 'task':
      return taskAccess(actor, taskMeta)
  }
}
