/**
 * The client side of the kind registry (domain/kinds): which projector keeps
 * each kind's rooms in Dexie. A kind without one here is opened and synced
 * like any other; its doc is simply not projected. The room manager asks
 * this module and the registry, never names a kind itself.
 */
import { KINDS, oversightYearRange } from '@domain/kinds'
import type { Scope } from '../data/summaries'
import type { ProjectorCtx } from './context'
import { directoryProjector } from './directoryProjector'
import { indexProjector } from './indexProjector'
import { reminderProjector } from './reminderProjector'
import type { Attacher } from './room'
import { taskProjector } from './taskProjector'

/** Index rooms: the Dexie scope their rows carry; `span` the createdAt range of the rows one room holds (all when absent). */
const INDEX_SCOPES: Record<string, { scope: Scope; span?: (id: string) => [from: number, to: number] }> = {
  inbox: { scope: 'inbox' },
  mine: { scope: 'mine' },
  // One oversight room per year of assignment (docs/decisions.md): a room reconciles only its year's rows.
  oversight: { scope: 'oversight', span: oversightYearRange }
}

/** The projector of a room, or null when its kind projects nothing (the calendar feeds the task context directly). */
export function projectorFor(ctx: ProjectorCtx, name: string): Attacher | null {
  const a = KINDS.parse(name)
  if (!a) return null
  const index = INDEX_SCOPES[a.kind]
  if (index) return indexProjector(ctx, index.scope, index.span?.(a.id))
  switch (a.kind) {
    case 'task':
      return taskProjector(ctx)
    case 'directory':
      return directoryProjector(ctx)
    case 'user':
      return reminderProjector(ctx)
    default:
      return null
  }
}

/** Rooms whose `items` map lists record summaries (the newest summary of a record is looked up there). */
export const isIndexRoom = (name: string): boolean => {
  const a = KINDS.parse(name)
  return !!a && a.kind in INDEX_SCOPES
}

export const scopeOfRoom = (name: string): Scope | null => {
  const a = KINDS.parse(name)
  return a ? (INDEX_SCOPES[a.kind]?.scope ?? null) : null
}
