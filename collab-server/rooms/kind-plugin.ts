/**
 * What a room kind plugs into the hub (docs/architecture.md, "Adding a record
 * kind"): its update check, what happens when an update is accepted, and its
 * timers. A kind never sees the hub; it gets a narrow writer for one step.
 */
import type * as Y from 'yjs'
import type { Actor } from '@domain/directory'

/** One durable step, as a kind sees it. */
export interface RoomWriter {
  /** The server time of this step: every audit row of the step and every receipt written in it carry exactly this (a `stamp`'s shared row carries the latest of its steps'). */
  readonly now: number
  /** A room's current doc (loaded from the log if needed). Read it; change it only through `write`. */
  doc(room: string): Y.Doc
  /** Writes as the server into a room, audited with `summary` (Chinese: the record); broadcast after the commit. */
  write(room: string, summary: string, fn: (doc: Y.Doc) => void): void
  /**
   * A server write that only adds receipts of this step (entries of its own,
   * stamped with `now`, that nothing later in the batch reads from the doc):
   * it runs at the end of the group-commit batch, sharing one update and one
   * audit row with the other stamps of that room in the batch (the row's
   * summaries joined). Outside a batch it is `write`. Still committed before
   * anything of the step is broadcast.
   */
  stamp(room: string, summary: string, fn: (doc: Y.Doc) => void): void
}

/** Removes one entry from a server-written list room (map `map`), audited with `why`, if it is there. */
export function removeEntry(w: RoomWriter, room: string, key: string, why: string, map = 'items'): void {
  if (w.doc(room).getMap(map).has(key)) w.write(room, why, (d) => d.getMap(map).delete(key))
}

/** One client update offered to a room of the kind. The update is not applied yet. */
export interface UpdateCheck {
  room: string
  /** The id part of the room name. */
  id: string
  /** The room's live doc: apply the update to it (with `origin`) to check it; on refusal say whether it was touched. */
  doc: Y.Doc
  update: Uint8Array
  origin: unknown
  actor: Actor
  /** The server time this update will carry if accepted (= `RoomWriter.now` of its step). */
  now: number
  /** `Y.decodeUpdate(update)`, already made by the hub (absent if the bytes did not decode): read it, do not change it. */
  decoded?: ReturnType<typeof Y.decodeUpdate>
}

export type KindVerdict =
  /** Changed nothing (a resend): nothing stored, nothing broadcast. */
  | { kind: 'noop' }
  | { kind: 'refused'; code: string; message: string /** the doc was changed and must be rebuilt from the log */; touched: boolean }
  | {
      kind: 'accepted'
      /** The audit summary of the client's row (Chinese). */
      summary: string
      /** What the server writes because of it (receipts, index rows, reminders), in the same step. */
      effects?: (w: RoomWriter) => void
      /** Who may read the room may have changed (a record was just created): connections are re-checked. */
      accessChanged?: boolean
    }

/** Runs a timer's work as durable steps. */
export interface StepRunner {
  step<T>(fn: (w: RoomWriter) => T): T
  /** A doc, for reading outside a step. */
  doc(room: string): Y.Doc
  now(): number
}

export interface KindTimer {
  name: string
  everyMs: number
  run(steps: StepRunner): void
}

export interface KindPlugin {
  /** The registry name of the kind (domain/kinds). */
  readonly kind: string
  /** Checks one client update from someone the registry lets write; absent: clients cannot edit the room. */
  check?(u: UpdateCheck): KindVerdict
  timers?: KindTimer[]
}
