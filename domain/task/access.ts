/**
 * Who may read or write one 交办件 room (docs/protocol.md; the room rules in
 * collab-server/acl/access.ts). Pure, so the client can ask the same question.
 */
import { hasRole, type Actor } from '../directory'
import type { TaskMeta } from './types'

export type Access = 'write' | 'read' | 'none'

export function taskAccess(actor: Actor, meta: TaskMeta | null): Access {
  // An empty room is a task being created: only a leader may create one.
  if (!meta) return hasRole(actor, 'leader') ? 'write' : 'none'
  if (meta.assignedBy === actor.userId) return 'write'
  if (hasRole(actor, 'supervisor')) return 'write'
  const handler = hasRole(actor, 'clerk') || hasRole(actor, 'head')
  if (handler && (meta.leadUnitId === actor.unitId || meta.assistUnitIds.includes(actor.unitId))) return 'write'
  if (hasRole(actor, 'reviewer')) return 'read'
  return 'none'
}
