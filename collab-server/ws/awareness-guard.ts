/**
 * Presence cannot be used to impersonate: whatever a client says about itself
 * in its awareness state, the `user` field is replaced with its authenticated
 * identity, and a connection may only speak for the one awareness client id it
 * announced first.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Actor } from '@domain/directory'

export interface PresenceUser {
  id: string
  name: string
  unitId: string
}

const MAX_STATE_JSON = 4096

/**
 * Top-level presence fields a client may set: "viewing" (the task page),
 * "cursor" (y-prosemirror / the collaboration caret); "user" is always the
 * server's. Anything else could pose as something the server said.
 */
const PRESENCE_FIELDS = new Set(['viewing', 'cursor'])

/**
 * `takenByOther`: an awareness client id another connection in the room
 * already speaks for. A connection's first id must be free, or a second
 * socket could overwrite someone's presence and erase it on disconnect.
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  actor: Actor,
  owned: Set<number>,
  takenByOther: (id: number) => boolean = () => false
): Uint8Array | null {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  if (n > 16) return null
  const entries: { id: number; clock: number; state: string }[] = []
  for (let i = 0; i < n; i++) {
    const id = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const json = decoding.readVarString(d)
    if (owned.size === 0 && !takenByOther(id)) owned.add(id)
    if (!owned.has(id)) continue
    if (json.length > MAX_STATE_JSON) return null
    const parsed = JSON.parse(json) as unknown
    let state: unknown = null
    if (parsed !== null) {
      const base: Record<string, unknown> = {}
      if (typeof parsed === 'object' && !Array.isArray(parsed))
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (PRESENCE_FIELDS.has(k)) base[k] = v
      const user: PresenceUser = { id: actor.userId, name: actor.name, unitId: actor.unitId }
      state = { ...base, user }
    }
    entries.push({ id, clock, state: JSON.stringify(state) })
  }
  if (entries.length === 0) return null
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const x of entries) {
    encoding.writeVarUint(e, x.id)
    encoding.writeVarUint(e, x.clock)
    encoding.writeVarString(e, x.state)
  }
  return encoding.toUint8Array(e)
}
