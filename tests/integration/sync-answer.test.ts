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
import * as encoding from 'lib0/encoding'
import { appendEvent, readServerState } from '@domain/task'
import { connectSynced, createTask, login, rawSocket, startServer, waitFor, type Session, type TestServer } from './harness'

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
  const { id, client: observer } = await createTask(server.url, leader)
  const room = `task:${id}`
  // A first fresh client makes the server encode and keep the whole record.
  const first = await connectSynced(server.url, room, clerk.token)
  appendEvent(first.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: T0 })
  await waitFor(() => readServerState(observer.doc)?.status === 'in_progress', 5000, 'signed')
  // The next fresh client asks for everything: the one answer (sync step 2) must hold the signature.
  // Updates sent after the answer arrive after the provider has already said "synced".
  const raw = await rawSocket(server.url, room, leader.token)
  const ask = encoding.createEncoder()
  encoding.writeVarUint(ask, 0) // sync
  encoding.writeVarUint(ask, 0) // step 1
  encoding.writeVarUint8Array(ask, Y.encodeStateVector(new Y.Doc()))
  raw.ws.send(encoding.toUint8Array(ask))
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
