/**
 * What the server writes for an accepted event (docs/decisions.md, "Cost per
 * update"): a 反馈 gets its receipt alone — `{seq, at}` — and readers still see
 * the record's time move; an event that changes status, deadline or warning
 * also rewrites `state` and `summary`. Holds across a restart (the state the
 * checks use is rebuilt from the stored state and the receipts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { appendEvent, eventsArray, readServerState, readTaskState, readTaskSummary, receiptsMap } from '@domain/task'
import {
  connectSynced,
  createTask,
  login,
  rawSocket,
  signedTask,
  restartOn,
  sendTogether,
  startServer,
  waitFor,
  syncStep1,
  syncUpdate,
  type Session,
  type TestServer
} from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00')
let now = T0
let server: TestServer
let leader: Session
let clerk: Session
beforeAll(async () => {
  server = await startServer({ clock: () => now })
  leader = await login(server.url, 'xianzhang')
  clerk = await login(server.url, 'qingquan.clerk')
})
afterAll(() => server.cleanup())

/** The row the server wrote right after the first 反馈 of a room. */
const rowAfterFirstProgress = (room: string) => {
  const rows = server.audit.trail(room)
  const i = rows.findIndex((r) => r.kind === 'client' && r.summary.includes('反馈'))
  expect(i, 'client row of the 反馈').toBeGreaterThan(-1)
  return rows[i + 1]
}

describe('receipts', () => {
  it('a 反馈 costs a receipt, not a rewrite of the record; readers still see its time', async () => {
    const { id, client: observer } = await createTask(server.url, leader)
    const room = `task:${id}`
    const c = await connectSynced(server.url, room, clerk.token)
    now = T0 + 60_000
    appendEvent(c.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now })
    await waitFor(() => readServerState(observer.doc)?.status === 'in_progress', 5000, 'signed')
    const signedState = readServerState(observer.doc)

    now = T0 + 120_000
    appendEvent(c.doc, { id: 'p1', type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: '已召开专题会议部署' } })
    await waitFor(() => receiptsMap(observer.doc).get('p1'), 5000, 'progress receipt')
    const receipt = rowAfterFirstProgress(room)
    expect(receipt.kind).toBe('server')
    // Receipt only: before, this row also carried the whole state and summary (~800 bytes).
    expect(receipt.update!.length).toBeLessThan(120)
    expect(readServerState(observer.doc)).toEqual(signedState)
    expect(readTaskState(observer.doc)?.lastEventAt).toBe(now)
    expect(readTaskSummary(observer.doc)?.updatedAt).toBe(now)

    // After a restart the server's checks start from the stored state and the receipts.
    c.destroy()
    observer.destroy()
    await server.close()
    server = await restartOn(server, { clock: () => now })
    now = T0 + 180_000
    const c2 = await connectSynced(server.url, room, clerk.token)
    appendEvent(c2.doc, { id: 'p2', type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: '第二次反馈' } })
    appendEvent(c2.doc, { id: 'r1', type: 'completion_report', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: '已办结' } })
    await waitFor(() => readServerState(c2.doc)?.status === 'reported', 5000, 'reported')
    // A change of status rewrites the state, with the time of its own event.
    expect(readServerState(c2.doc)?.lastEventAt).toBe(now)
    expect(receiptsMap(c2.doc).get('r1')?.at).toBe(now)
    const fresh = await connectSynced(server.url, room, leader.token)
    expect(readTaskState(fresh.doc)).toEqual(readServerState(c2.doc))
    c2.destroy()
    fresh.destroy()
  })

  it('a peer gets an edit and its receipt as one frame', async () => {
    const { room, observer, c } = await signedTask(server.url, leader, clerk, 'fs', now)
    const raw = await rawSocket(server.url, room, leader.token)
    // Sync messages (type 0) carry a step 1, a step 2 or an update (1, 2) and its bytes.
    const sync = () =>
      raw.messages.flatMap((m) => {
        const d = decoding.createDecoder(m)
        if (decoding.readVarUint(d) !== 0) return []
        const sub = decoding.readVarUint(d)
        return sub === 0 ? [] : [{ sub, update: decoding.readVarUint8Array(d) }]
      })
    raw.ws.send(syncStep1())
    const rawDoc = () => {
      const doc = new Y.Doc()
      for (const m of sync()) Y.applyUpdate(doc, m.update)
      return doc
    }
    const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('hex')
    await waitFor(() => sv(rawDoc()) === sv(observer.doc), 5000, 'the peer synced')
    const framesBefore = sync().filter((m) => m.sub === 2).length
    appendEvent(c.doc, { id: 'fp', type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: '进展顺利' } })
    const seen = () => {
      const doc = new Y.Doc()
      for (const m of sync()) Y.applyUpdate(doc, m.update)
      return (
        eventsArray(doc)
          .toArray()
          .some((e) => e.id === 'fp') && receiptsMap(doc).has('fp')
      )
    }
    await waitFor(seen, 5000, 'edit and receipt at the peer')
    expect(sync().filter((m) => m.sub === 2).length - framesBefore).toBe(1)
    raw.ws.close()
    c.destroy()
    observer.destroy()
  })

  it('several 反馈 to one record in one batch share one receipt write; each keeps its own time and order', async () => {
    const { room, observer, c } = await signedTask(server.url, leader, clerk, 'bs', now)
    const rowsBefore = server.audit.trail(room).length

    // Three edits made apart, sent in one write to the socket: the server reads them in one turn, one batch.
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(c.doc))
    const updates: Uint8Array[] = []
    scratch.on('update', (u: Uint8Array) => updates.push(u))
    const progress = (n: number) =>
      appendEvent(scratch, { id: `b${n}`, type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: `第${n}次` } })
    progress(1)
    progress(2)
    progress(3)
    const raw = await rawSocket(server.url, room, clerk.token)
    sendTogether(raw.ws, updates.splice(0).map(syncUpdate))
    await waitFor(() => ['b1', 'b2', 'b3'].every((k) => receiptsMap(observer.doc).has(k)), 5000, 'three receipts')
    let rows = server.audit.trail(room).slice(rowsBefore)
    expect(rows.map((r) => r.kind)).toEqual(['client', 'client', 'client', 'server'])
    expect(rows[3].summary).toMatch(/反馈.*（3条）/)
    // The client rows are in the order sent; each receipt carries its own row's time.
    for (const [i, k] of ['b1', 'b2', 'b3'].entries()) expect(receiptsMap(observer.doc).get(k)?.at, k).toBe(rows[i].at)
    const seqOf = (k: string) => receiptsMap(observer.doc).get(k)!.seq
    expect(seqOf('b1')).toBeLessThan(seqOf('b2'))
    expect(seqOf('b2')).toBeLessThan(seqOf('b3'))

    // A 反馈 and then a report in one batch: the report's receipt comes after the 反馈's, as they were accepted.
    const before2 = server.audit.trail(room).length
    progress(4)
    appendEvent(scratch, { id: 'br', type: 'completion_report', actorId: clerk.user.id, unitId: 'qingquan', clientAt: now, payload: { text: '已办结' } })
    sendTogether(raw.ws, updates.splice(0).map(syncUpdate))
    await waitFor(() => readServerState(observer.doc)?.status === 'reported', 5000, 'reported')
    rows = server.audit.trail(room).slice(before2)
    expect(rows.map((r) => r.kind)).toEqual(['client', 'client', 'server', 'server'])
    expect(seqOf('b4')).toBeLessThan(seqOf('br'))
    expect(receiptsMap(observer.doc).get('br')?.at).toBe(rows[1].at)
    raw.ws.close()
    c.destroy()
    observer.destroy()
  })
})
