/**
 * Stamps (RoomWriter.stamp): receipt-only server writes that wait for the end
 * of the group-commit batch and share one update and one audit row per room
 * (docs/decisions.md, "Cost per update"). What must hold on the paths a busy
 * record rarely takes: a step that fails takes its own stamp with it and
 * nobody else's, including stamps it had written early (before its own server
 * write to the room) and that were rolled back with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { KINDS, type RoomKind } from '@domain/kinds'
import { hasRole } from '@domain/directory'
import type { KindPlugin } from '@server/rooms/kind-plugin'
import { DEFAULT_CONN_LIMITS } from '@server/ws/conn'
import { connectSynced, login, rawSocket, sendTogether, startServer, syncUpdate, waitFor, type Session, type TestServer } from './harness'

/** Lines appended by the leader's office; the server stamps each line's time. */
const kind: RoomKind = {
  name: 'stampmemo',
  layout: { lines: 'Y.Array<string>: append-only', stamps: 'Y.Map: line → server time (server only)', notes: 'Y.Array<string> (server only)' },
  writtenBy: 'clients',
  record: true,
  access: (actor) => (hasRole(actor, 'leader') ? 'write' : 'none')
}

const plugin: KindPlugin = {
  kind: 'stampmemo',
  check({ room, doc, update, origin }) {
    const before = new Set(doc.getArray<string>('lines').toArray())
    Y.applyUpdate(doc, update, origin)
    const added = doc
      .getArray<string>('lines')
      .toArray()
      .filter((l) => !before.has(l))
    if (!added.length) return { kind: 'noop' }
    return {
      kind: 'accepted',
      summary: `追加：${added.join('、')}`,
      effects: (w) => {
        for (const line of added) {
          w.stamp(room, `记时：${line.replace(/-.*/, '')}`, (d) => d.getMap<number>('stamps').set(line, w.now))
          // A server write to the room: the stamps waiting for it are written first.
          if (line.startsWith('note')) w.write(room, '备注', (d) => d.getArray<string>('notes').push([line]))
          if (line.endsWith('-boom')) throw new Error('effects failed')
        }
      }
    }
  }
}

KINDS.register(kind)

let now = Date.parse('2026-09-21T10:00:00+08:00')
let server: TestServer
let leader: Session
beforeAll(async () => {
  // Every reading of the clock is 1 ms later: each step has its own time.
  server = await startServer({ clock: () => ++now, plugins: [plugin] })
  leader = await login(server.url, 'xianzhang')
})
afterAll(() => server.cleanup())

/**
 * Edits made on separate copies of the record (so none depends on another: one can fail alone), sent in one
 * write to the socket: the server reads them in one turn, one batch.
 */
function oneBatchOfLines(base: Y.Doc, lines: string[]): Uint8Array[] {
  return lines.map((l) => {
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base))
    const sv = Y.encodeStateVector(scratch)
    scratch.getArray<string>('lines').push([l])
    return Y.encodeStateAsUpdate(scratch, sv)
  })
}

/** The leader watches `room` while `lines` are sent to it in one batch; `stamps` is the watcher's copy. */
async function linesInOneBatch(room: string, lines: string[]) {
  const observer = await connectSynced(server.url, room, leader.token)
  const raw = await rawSocket(server.url, room, leader.token)
  sendTogether(raw.ws, oneBatchOfLines(observer.doc, lines).map(syncUpdate))
  return {
    observer,
    stamps: observer.doc.getMap<number>('stamps'),
    close() {
      raw.ws.close()
      observer.destroy()
    }
  }
}

describe('stamps', () => {
  it('share one row per room and batch; each keeps its own step time', async () => {
    const room = 'stampmemo:one'
    const { stamps, close } = await linesInOneBatch(room, ['a', 'b', 'c'])
    await waitFor(() => stamps.size === 3, 5000, 'three stamps')
    const rows = server.audit.trail(room)
    expect(rows.map((r) => r.kind)).toEqual(['client', 'client', 'client', 'server'])
    expect(rows[3].summary).toBe('记时：a；记时：b；记时：c')
    expect([stamps.get('a'), stamps.get('b'), stamps.get('c')]).toEqual(rows.slice(0, 3).map((r) => r.at))
    expect(rows[3].at).toBe(rows[2].at)
    close()
  })

  it('a failed step takes its own stamp, not the others of the batch', async () => {
    const room = 'stampmemo:two'
    const { stamps, close } = await linesInOneBatch(room, ['a', 'x-boom', 'c'])
    await waitFor(() => stamps.has('a') && stamps.has('c'), 5000, 'the good stamps')
    expect(stamps.has('x-boom')).toBe(false)
    const rows = server.audit.trail(room)
    expect(rows.map((r) => `${r.kind} ${r.summary}`)).toEqual(['client 追加：a', 'client 追加：c', 'server 记时：a；记时：c'])
    close()
  })

  it('stamps a failed step wrote early wait again and are written at the end of the batch', async () => {
    const room = 'stampmemo:three'
    // 'note-boom' writes to the room (so the stamp of 'a' is written first, inside its step), then fails.
    const { observer, stamps, close } = await linesInOneBatch(room, ['a', 'note-boom', 'note'])
    const notes = observer.doc.getArray<string>('notes')
    await waitFor(() => stamps.has('a') && stamps.has('note') && notes.length === 1, 5000, 'a, then note, stamped')
    expect(stamps.has('note-boom')).toBe(false)
    expect(notes.toArray()).toEqual(['note'])
    const rows = server.audit.trail(room).map((r) => `${r.kind} ${r.summary}`)
    // 'note' stamps, then writes: the stamps waiting (a's, back in the queue, and its own) are written before its note.
    expect(rows).toEqual(['client 追加：a', 'client 追加：note', 'server 记时：a；记时：note', 'server 备注'])
    close()
  })
})

describe('a full batch', () => {
  it('stops the server reading until it is durable and sent: what comes after waits for the next batch', async () => {
    // Four steps to a batch: two clients' six edits each, sent at once, cannot share one.
    const small = await startServer({ clock: () => ++now, plugins: [plugin], limits: { ...DEFAULT_CONN_LIMITS, maxBatchSteps: 4 } })
    const lead = await login(small.url, 'xianzhang')
    const rooms = ['stampmemo:full-a', 'stampmemo:full-b']
    const observers = await Promise.all(rooms.map((r) => connectSynced(small.url, r, lead.token)))
    const raws = await Promise.all(rooms.map((r) => rawSocket(small.url, r, lead.token)))
    const lines = ['1', '2', '3', '4', '5', '6']
    const batches = observers.map((o) => oneBatchOfLines(o.doc, lines))
    // Both written before the server's next read: without the bound the server takes all twelve in one turn.
    for (const [i, raw] of raws.entries()) sendTogether(raw.ws, batches[i].map(syncUpdate))
    await waitFor(() => observers.every((o) => o.doc.getMap<number>('stamps').size === 6), 5000, 'every line stamped')
    // The trail says which batch each step was in: a batch's stamps are written at its end.
    const rows = rooms.flatMap((r) => small.audit.trail(r)).sort((x, y) => x.seq - y.seq)
    const first = rows[0].room
    const firstRows = rows.filter((r) => r.room === first)
    // The first client's message was read whole (the bound does not cut a read in two), stamped, committed;
    // only then was the second client read.
    expect(firstRows.map((r) => r.kind)).toEqual(['client', 'client', 'client', 'client', 'client', 'client', 'server'])
    expect(rows.slice(0, 7)).toEqual(firstRows)
    expect(rows.slice(7).map((r) => r.kind)).toEqual(['client', 'client', 'client', 'client', 'client', 'client', 'server'])
    for (const o of observers) expect(o.doc.getArray<string>('lines').toArray().sort()).toEqual(lines)
    for (const raw of raws) raw.ws.close()
    for (const o of observers) o.destroy()
    await small.cleanup()
  })
})
