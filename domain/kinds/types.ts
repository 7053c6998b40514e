/**
 * A room kind: everything both sides need to know about one kind of Y.Doc
 * room, defined once in domain/ (docs/architecture.md, "Adding a record kind").
 * The server's ACL, its hub and the client's room manager read these
 * definitions; none of them names a kind.
 */
import type * as Y from 'yjs'
import type { Actor } from '../directory'

export type Access = 'write' | 'read' | 'none'

/** A parsed room name: which kind, and the id after the colon ('' for a singleton room). */
export interface RoomAddress {
  kind: string
  id: string
}

export interface RoomKind {
  /** The room name prefix (`task` → `task:<id>`), or the whole name of a singleton room (`directory`). */
  readonly name: string
  /** One room of this kind, named exactly `name` (no id). */
  readonly singleton?: boolean
  /** Ids it accepts; the default is short ASCII tokens (domain/rooms). */
  readonly idPattern?: RegExp
  /** The root names of its Y.Doc, each with what it holds: the documented layout (docs/protocol.md). */
  readonly layout: Readonly<Record<string, string>>
  /** Who may change it: people through their clients, administrators, or only the server. */
  readonly writtenBy: 'clients' | 'admins' | 'server'
  /**
   * Who reads and who writes: the one rule the server's ACL and the client's
   * room manager both use. `doc` is the room's content where the rule needs it
   * (a record's participants); null when the caller has none (yet).
   */
  access(actor: Actor, id: string, doc: Y.Doc | null): Access
  /** Ids of the rooms of this kind a person keeps open all the time (index rooms); none for records. */
  keepOpen?(actor: Actor): string[]
  /** Room names this room's content asks its readers to keep open as well (a catalogue of period rooms). */
  follows?(doc: Y.Doc): string[]
  /** Records: the server drops an idle room from memory and reloads it from the log on demand. */
  readonly record?: boolean
  /** Records: what the reviewers' replay shows of a doc "as it was at T" (GET /api/audit/replay). */
  replay?(doc: Y.Doc): { meta: unknown; events: unknown[]; state: unknown }
}

/** A reminder the server raises: a code and its parameters; each client words it in its own language. */
export interface ReminderNotice {
  code: string
  params: Record<string, string | number | boolean>
}
