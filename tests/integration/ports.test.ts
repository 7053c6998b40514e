/**
 * The hub's ports (docs/architecture.md): every accepted update reaches the
 * room bus only after the event log has committed it (durable before
 * visible), and fan-out to other connections goes through the bus, so a
 * multi-process bus sees every update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendEvent } from '@domain/task'
import { LocalRoomBus } from '@server/rooms/room-bus'
import type { DB } from '@server/store/db'
import { connectSynced, createTask, login, startServer, waitFor, type TestServer } from './harness'

const published: { room: string; committed: boolean }[] = []
let db: DB | undefined
class RecordingBus extends LocalRoomBus {
  override publish(room: string, update: Uint8Array, origin: unknown): void {
    published.push({ room, committed: !!db && !db.inTransaction })
    super.publish(room, update, origin)
  }
}

let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => Date.parse('2026-09-21T10:00:00+08:00'), bus: new RecordingBus() })
  db = server.db
})
afterAll(() => server.cleanup())

describe('ports', () => {
  it('publishes on the room bus only what the log has committed, and fans out through it', async () => {
    const leader = await login(server.url, 'xianzhang')
    const clerk = await login(server.url, 'qingquan.clerk')
    const { id, client } = await createTask(server.url, leader)
    const c = await connectSynced(server.url, `task:${id}`, clerk.token)
    published.length = 0
    appendEvent(c.doc, { id: 'sign1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    // The leader's copy gets the clerk's event and the receipt — both came over the bus.
    await waitFor(() => client.doc.getArray('events').length === 2 && client.doc.getMap('receipts').has('sign1'), 5000, 'fan-out')
    expect(published.map((p) => p.room)).toEqual(expect.arrayContaining([`task:${id}`, 'inbox:qingquan', `mine:${leader.user.id}`, 'oversight:2026']))
    expect(published.every((p) => p.committed)).toBe(true)
    client.destroy()
    c.destroy()
  })
})
