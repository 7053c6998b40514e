/**
 * Who may read or write each room: the server's ACL is the kind registry's
 * own rule (domain/kinds), the same one the client's room manager uses to
 * decide which rooms to open. Nothing here names a kind.
 */
import type * as Y from 'yjs'
import type { Actor } from '@domain/directory'
import { KINDS, type Access } from '@domain/kinds'

export type { Access }

export function roomAccess(actor: Actor, room: string, doc: Y.Doc | null): Access {
  return KINDS.access(actor, room, doc)
}
