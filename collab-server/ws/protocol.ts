/**
 * y-websocket wire format (y-protocols): every message starts with a varuint type.
 *   0 sync (0 step1 state vector | 1 step2 update | 2 update)
 *   1 awareness update, 2 auth (0 permission denied + reason), 3 query awareness
 * Close codes we use are listed in docs/protocol.md.
 */
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const MSG_AUTH = 2
export const MSG_QUERY_AWARENESS = 3

export const CLOSE = {
  BAD_REQUEST: 4400, // malformed or unknown message
  UNAUTHORIZED: 4401, // missing, forged or expired token
  FORBIDDEN: 4403, // no access to this room
  NOT_FOUND: 4404, // not a room name of ours
  TOO_LARGE: 4413, // message over the size limit
  TOO_MANY: 4429, // flood: too many messages or refusals
  SHUTDOWN: 4503 // server shutting down
} as const

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  syncProtocol.writeSyncStep1(e, doc)
  return encoding.toUint8Array(e)
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  syncProtocol.writeSyncStep2(e, doc, stateVector)
  return encoding.toUint8Array(e)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_AWARENESS)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** The reason travels as JSON {code, message} so clients can show the Chinese message and act on the code. */
export function encodePermissionDenied(code: string, message: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_AUTH)
  authProtocol.writePermissionDenied(e, JSON.stringify({ code, message }))
  return encoding.toUint8Array(e)
}
