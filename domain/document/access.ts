/**
 * Who sees what (the server enforces it on every room join; the client hides what it may not open):
 *   - a draft (until 核发): the drafting unit's people and the named signer;
 *   - an issued document's content: the sender and every recipient unit, and the people outside
 *     them whom a recipient unit named in its 传阅 (a county leader, another unit's head): the
 *     server lists them in the docpub room (domain/document/kinds.ts, docpubReaders);
 *   - a recipient unit's internal handling (its 收文 room): that unit, the people it named
 *     (主办/协办, 传阅 readers), and the read-only oversight roles (纪委监委, 督查室) — never the other
 *     recipient units, nor the sender (who sees the stage and times through RecipientProgress).
 */
import { hasRole, type Actor } from '../directory'
import type { IncomingMeta, IncomingState, OutgoingState } from './types'

export function canReadOutgoing(state: OutgoingState, actor: Actor): boolean {
  if (actor.unitId === state.header.draftingUnitId) return true
  const issued = state.issuedAt !== undefined
  if (!issued) return actor.userId === state.signerId || actor.userId === state.signed?.by
  return actor.userId === state.signed?.by || !!state.recipients?.some((r) => r.unitId === actor.unitId)
}

export function canReadIncoming(meta: IncomingMeta, state: IncomingState | null, actor: Actor): boolean {
  if (actor.unitId === meta.unitId) return true
  if (hasRole(actor, 'reviewer') || hasRole(actor, 'supervisor')) return true
  if (!state) return false
  const i = state.instruction
  if (i && (actor.userId === i.by || actor.userId === i.leadUserId || i.assistUserIds.includes(actor.userId))) return true
  return !!state.readers[actor.userId]
}
