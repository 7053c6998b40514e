/**
 * Who may read or write one task room (交办件). The server ACL and the
 * client's room manager both reach this through the kind registry
 * (domain/kinds), so the rule is written once.
 */
import { hasRole, type Actor } from '../directory'
import type { TaskMeta } from './types'

export type Access = 'write' | 'read' | 'none'

export function taskAccess(actor: Actor, meta: TaskMeta | null): Access {
  // An empty room is a task being created: only a leader may create one.
  // 督查室 may create one too: 代录 of a leader's instruction (checkMeta decides the rest).
  if (!meta) return hasRole(actor, 'leader') || hasRole(actor, 'supervisor') ? 'write' : 'none'
  if (meta.assignedBy === actor.userId) return 'write'
  if (hasRole(actor, 'supervisor')) return 'write'
  const handler = hasRole(actor, 'clerk') || hasRole(actor, 'head')
  if (handler && (meta.leadUnitId === actor.unitId || meta.assistUnitIds.includes(actor.unitId))) return 'write'
  // 县委书记 and 县长 see every 交办件 in the county, with the same warnings; they write only their own.
  if (hasRole(actor, 'reviewer') || hasRole(actor, 'top_leader')) return 'read'
  return 'none'
}
