/**
 * A client that knows nothing of a record gets the whole record in its sync
 * answer: when its provider says "synced", everything the server had accepted
 * before the request is there. (The server keeps the encoded record and tops it
 * up with later updates; sending those as separate messages after the answer
 * let a client report synced on an older record.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { readServerState } from '@domain/task'
import { connectSynced, login, rawSocket, signedTask, startServer, syncStep1, waitFor, type Session, type TestServer } from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00')
let server: TestServer
let leader: Session
let clerk: Session
beforeAll(async () => {
  server = await startServer({ clock: () => T0 })
  leader = await login(server.url, 'xianzhang')
  clerk = await login(server.url, 'qingquan.clerk')
})
afterAll(() => server.cleanup())

it('a fresh client is synced only with everything accepted before its request', async () => {
  // A first fresh client (the clerk's) makes the server encode and keep the whole record.
  const { room, observer, c: first } = await signedTask(server.url, leader, clerk, 's1', T0)
  // The next fresh client asks for everything: the one answer (sync step 2) must hold the signature.
  // Updates sent after the answer arrive after the provider has already said "synced".
  const raw = await rawSocket(server.url, room, leader.token)
  raw.ws.send(syncStep1())
  const answer = () =>
    raw.messages
      .map((m) => decoding.createDecoder(m))
      .map((d) => [decoding.readVarUint(d), decoding.readVarUint(d), d] as const)
      .find(([type, step]) => type === 0 && step === 1)
  await waitFor(() => answer(), 5000, 'sync answer')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, decoding.readVarUint8Array(answer()![2]))
  expect(readServerState(doc)?.status).toBe('in_progress')
  raw.ws.close()
  const second = await connectSynced(server.url, room, leader.token)
  expect(readServerState(second.doc)?.status).toBe('in_progress')
  for (const c of [observer, first, second]) c.destroy()
})
