import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { encodeUpdate } from './protocol'

describe('encodeUpdate', () => {
  it.each([0, 1, 127, 128, 300, 16383, 16384, 70000, 2_097_152])('is byte for byte what y-protocols writes (%i bytes)', (n) => {
    const update = new Uint8Array(n).map((_, i) => i * 7)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    syncProtocol.writeUpdate(e, update)
    expect(Buffer.from(encodeUpdate(update)).equals(Buffer.from(encoding.toUint8Array(e)))).toBe(true)
  })
})
