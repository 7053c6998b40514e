/**
 * y-websocket wire format (y-protocols): every message starts with a varuint type.
 *   0 sync (0 step1 state vector | 1 step2 update | 2 update)
 *   1 awareness update, 2 auth (0 permission denied + reason), 3 query awareness
 * Close codes and message types are the wire contract (domain/wire; docs/protocol.md).
 */
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import type * as Y from 'yjs'

import { CLOSE, MSG } from '@domain/wire'

export { CLOSE }
export const MSG_SYNC = MSG.SYNC
export const MSG_AWARENESS = MSG.AWARENESS
export const MSG_AUTH = MSG.AUTH
export const MSG_QUERY_AWARENESS = MSG.QUERY_AWARENESS

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

/**
 * sync/update (0, 2, varuint length, bytes) in one exact allocation: this runs
 * once per broadcast update, and lib0's growing encoder copied each update
 * twice (docs/decisions.md, "Cost per update").
 */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frameSync(2, update)
}

/** sync/step2 around an update the caller already has (a cached whole-record state). */
export function encodeSyncStep2Bytes(update: Uint8Array): Uint8Array {
  return frameSync(1, update)
}

function frameSync(step: 1 | 2, update: Uint8Array): Uint8Array {
  const n = update.length
  let lenBytes = 1
  for (let v = n; v > 0x7f; v = Math.floor(v / 128)) lenBytes++
  const out = new Uint8Array(2 + lenBytes + n)
  out[0] = 0 // MSG.SYNC
  out[1] = step // 1 step 2, 2 update
  let i = 2
  let v = n
  while (v > 0x7f) {
    out[i++] = 0x80 | (v & 0x7f)
    v = Math.floor(v / 128)
  }
  out[i++] = v
  out.set(update, i)
  return out
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
