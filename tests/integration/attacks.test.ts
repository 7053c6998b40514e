/**
 * What one ordinary account can do to others in a room (docs/decisions.md,
 * "Cost an attacker can impose"). Each attack is made with a raw socket or a
 * stock provider against a real server; each must leave the other people's
 * work intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { appendEvent, eventsArray, receiptsMap, type TaskEvent } from '@domain/task'
import { DEFAULT_CONN_LIMITS } from '@server/ws/conn'
import { connect, createTask, login, rawSocket, sendTogether, startServer, synced, syncStep1, syncUpdate, waitFor, type Session } from './harness'

let server: Awaited<ReturnType<typeof startServer>>
let leader: Session
let clerk: Session
let head: Session
const T0 = Date.parse('2026-09-21T10:00:00+08:00')
beforeAll(async () => {
  server = await startServer({ clock: () => T0 })
  leader = await login(server.url, 'xianzhang')
  clerk = await login(server.url, 'qingquan.clerk')
  head = await login(server.url, 'qingquan.head')
})
afterAll(() => server.cleanup())

/** The update `change` makes on a copy of `from` written under `clientID`. */
function updateOn(from: Y.Doc, change: (d: Y.Doc) => void, clientID?: number): Uint8Array {
  const d = new Y.Doc()
  Y.applyUpdate(d, Y.encodeStateAsUpdate(from))
  // Set after loading: Yjs itself moves off an id it sees in use, a crafted client does not.
  if (clientID !== undefined) d.clientID = clientID
  const out: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => out.push(u))
  change(d)
  d.destroy()
  return Y.mergeUpdates(out)
}

const ev = (s: Session, id: string, type: TaskEvent['type'], payload?: TaskEvent['payload']): TaskEvent => ({
  id,
  type,
  actorId: s.user.id,
  unitId: s.user.unitId,
  clientAt: T0,
  ...(payload ? { payload } : {})
})
const refusals = (room: string) => server.audit.trail(room).filter((r) => r.kind === 'refused')

describe('one account cannot cost others their work', () => {
  it('a refused update read in the same turn as an accepted one does not stop the accepted one reaching the others', async () => {
    const { id, client: observer } = await createTask(server.url, leader)
    const room = `task:${id}`
    const writer = connect(server.url, room, clerk.token)
    await synced(writer)
    const raw = await rawSocket(server.url, room, clerk.token)
    // The careful path (a delete: the doc is rebuilt) and the check-before-apply path (a forged actor).
    const bad = [
      updateOn(writer.doc, (d) => eventsArray(d).delete(0, 1)),
      updateOn(writer.doc, (d) => appendEvent(d, { ...ev(clerk, 'forged', 'sign'), actorId: 'qingquan_head' }))
    ]
    let n = 0
    for (const b of bad) {
      const good = updateOn(writer.doc, (d) => appendEvent(d, n === 0 ? ev(clerk, `ok${n}`, 'sign') : ev(clerk, `ok${n}`, 'progress', { text: '进展' })))
      Y.applyUpdate(writer.doc, good)
      sendTogether(raw.ws, [syncUpdate(good), syncUpdate(b)])
      const want = `ok${n++}`
      await waitFor(() => receiptsMap(observer.doc).has(want), 5000, `${want} and its receipt at the observer`)
      expect(
        eventsArray(observer.doc)
          .toArray()
          .map((e) => e.id)
      ).toContain(want)
    }
    await waitFor(() => refusals(room).length >= 2, 5000, 'both refusals recorded')
    expect(
      eventsArray(observer.doc)
        .toArray()
        .map((e) => e.id)
    ).not.toContain('forged')
    raw.ws.close()
    writer.destroy()
    observer.destroy()
  })

  it('a refusal does not rebuild the record from its history, however many come', async () => {
    const { id, client: observer } = await createTask(server.url, leader)
    const room = `task:${id}`
    const writer = connect(server.url, room, clerk.token)
    await synced(writer)
    appendEvent(writer.doc, ev(clerk, 'rb-sign', 'sign'))
    for (let i = 0; i < 30; i++) appendEvent(writer.doc, ev(clerk, `rb-p${i}`, 'progress', { text: '进展' }))
    await waitFor(() => receiptsMap(observer.doc).has('rb-p29'), 5000, 'a record with history')
    // Count every read of this record's history from the log (the old server re-read it on each refusal).
    const log = server.log
    const load = log.loadRoom.bind(log)
    let loads = 0
    log.loadRoom = (r) => {
      if (r === room) loads++
      return load(r)
    }
    try {
      const raw = await rawSocket(server.url, room, clerk.token)
      const before = refusals(room).length
      for (let i = 0; i < 10; i++) {
        raw.ws.send(syncUpdate(updateOn(writer.doc, (d) => appendEvent(d, { ...ev(clerk, `rb-f${i}`, 'sign'), actorId: 'qingquan_head' }))))
        raw.ws.send(syncUpdate(updateOn(writer.doc, (d) => eventsArray(d).delete(i, 1))))
      }
      await waitFor(() => refusals(room).length >= before + 20, 5000, 'twenty refusals recorded')
      expect(loads).toBe(0)
      raw.ws.close()
    } finally {
      log.loadRoom = load
    }
    // The record is as it was.
    appendEvent(writer.doc, ev(clerk, 'rb-after', 'progress', { text: '照常' }))
    await waitFor(() => receiptsMap(observer.doc).has('rb-after'), 5000, 'the writer still gets receipts')
    expect(eventsArray(observer.doc).length).toBe(eventsArray(writer.doc).length)
    writer.destroy()
    observer.destroy()
  })

  it('writing under another person’s Yjs client id is refused, and that person’s next edit is not lost', async () => {
    const { id, client: leaderClient } = await createTask(server.url, leader)
    const room = `task:${id}`
    const victim = connect(server.url, room, clerk.token)
    await synced(victim)
    appendEvent(victim.doc, ev(clerk, 'v-sign', 'sign'))
    await waitFor(() => receiptsMap(victim.doc).has('v-sign'), 5000, 'sign receipt')
    // Another account with write access (the unit head) appends its own legal progress, under the clerk's id.
    const attacker = await rawSocket(server.url, room, head.token)
    const hijack = updateOn(victim.doc, (d) => appendEvent(d, ev(head, 'h-progress', 'progress', { text: '抢占编号' })), victim.doc.clientID)
    attacker.ws.send(syncUpdate(hijack))
    await waitFor(() => refusals(room).some((r) => r.userId === head.user.id), 5000, 'the hijack refused')
    expect(refusals(room).at(-1)?.summary).toContain('CLIENT_ID_TAKEN')
    // The victim's next edit, at the very clock the attacker tried to take, still gets its receipt.
    appendEvent(victim.doc, ev(clerk, 'v-progress', 'progress', { text: '本人进展' }))
    await waitFor(() => receiptsMap(leaderClient.doc).has('v-progress'), 5000, 'the victim’s edit reaches the leader with its receipt')
    expect(
      eventsArray(leaderClient.doc)
        .toArray()
        .map((e) => e.id)
    ).not.toContain('h-progress')
    // The head can still write under its own id.
    const own = new Y.Doc()
    Y.applyUpdate(own, Y.encodeStateAsUpdate(leaderClient.doc))
    attacker.ws.send(syncUpdate(updateOn(own, (d) => appendEvent(d, ev(head, 'h-own', 'progress', { text: '本人编号' })))))
    await waitFor(() => receiptsMap(leaderClient.doc).has('h-own'), 5000, 'the head’s own edit')
    attacker.ws.close()
    victim.destroy()
    leaderClient.destroy()
  })

  it('client ids stay bound across a restart (the binding is rebuilt from the log)', async () => {
    const { id, client: leaderClient } = await createTask(server.url, leader)
    const room = `task:${id}`
    const victim = connect(server.url, room, clerk.token)
    await synced(victim)
    appendEvent(victim.doc, ev(clerk, 'r-sign', 'sign'))
    await waitFor(() => receiptsMap(leaderClient.doc).has('r-sign'), 5000, 'sign receipt')
    const state = Y.encodeStateAsUpdate(victim.doc)
    const victimId = victim.doc.clientID
    victim.destroy()
    leaderClient.destroy()
    // Drop the room from memory as the idle sweep would, so it is rebuilt from the log.
    await waitFor(() => [...(server.hub.rooms.get(room)?.conns ?? [])].length === 0 || !server.hub.rooms.has(room), 5000, 'room empty')
    server.hub.sweepIdle(-1)
    expect(server.hub.rooms.has(room)).toBe(false)
    const attacker = await rawSocket(server.url, room, head.token)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, state)
    attacker.ws.send(syncUpdate(updateOn(copy, (d) => appendEvent(d, ev(head, 'r-hijack', 'progress', { text: '抢占编号' })), victimId)))
    await waitFor(() => refusals(room).some((r) => r.userId === head.user.id), 5000, 'the hijack refused after reload')
    expect(refusals(room).at(-1)?.summary).toContain('CLIENT_ID_TAKEN')
    attacker.ws.close()
  })
})

describe('what one person can make the server spend', () => {
  let small: Awaited<ReturnType<typeof startServer>>
  beforeAll(async () => {
    small = await startServer({ clock: () => T0, limits: { ...DEFAULT_CONN_LIMITS, maxConnsPerPerson: 3, replyBytesPerSec: 1, replyBurstBytes: 64 * 1024 } })
  })
  afterAll(() => small.cleanup())

  it('asking again and again for a whole record closes the asker; others keep working', async () => {
    const l = await login(small.url, 'xianzhang')
    const c = await login(small.url, 'qingquan.clerk')
    const { id, client: observer } = await createTask(small.url, l)
    const room = `task:${id}`
    const writer = connect(small.url, room, c.token)
    await synced(writer)
    appendEvent(writer.doc, ev(c, 'am-sign', 'sign'))
    for (let i = 0; i < 8; i++) appendEvent(writer.doc, ev(c, `am-p${i}`, 'progress', { text: '长'.repeat(4000) }))
    await waitFor(() => receiptsMap(observer.doc).has('am-p7'), 5000, 'a record of ~100 KB')
    const attacker = await rawSocket(small.url, room, l.token)
    const ask = syncStep1() // "I have nothing"
    for (let i = 0; i < 10; i++) attacker.ws.send(ask)
    expect((await attacker.closed).code).toBe(4429)
    appendEvent(writer.doc, ev(c, 'am-after', 'progress', { text: '照常' }))
    await waitFor(() => receiptsMap(observer.doc).has('am-after'), 5000, 'the writer still gets receipts')
    // Whole-record answers are kept encoded and topped up with later updates: a newcomer gets exactly the record.
    const late = connect(small.url, room, c.token)
    await synced(late)
    await waitFor(() => receiptsMap(late.doc).has('am-after'), 5000, 'the newcomer has everything')
    expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(observer.doc))
    expect(eventsArray(late.doc).toJSON()).toEqual(eventsArray(observer.doc).toJSON())
    late.destroy()
    writer.destroy()
    observer.destroy()
  })

  it('one person cannot hold more connections than the cap', async () => {
    const c = await login(small.url, 'sanhua.clerk')
    const room = `user:${c.user.id}`
    const socks = [await rawSocket(small.url, room, c.token), await rawSocket(small.url, room, c.token), await rawSocket(small.url, room, c.token)]
    const fourth = await rawSocket(small.url, room, c.token)
    expect((await fourth.closed).code).toBe(4429)
    socks[0].ws.close()
    await socks[0].closed
    // A slot freed is a slot usable again.
    const again = await rawSocket(small.url, room, c.token)
    await waitFor(() => again.messages.length > 0, 5000, 'the room answers the new connection')
    expect(again.ws.readyState).toBe(again.ws.OPEN)
    for (const s of [...socks.slice(1), again]) s.ws.close()
  })
})

describe('a reader that does not read', () => {
  it('is closed once what is queued for it passes the bound; others keep working', async () => {
    const s = await startServer({ clock: () => T0, limits: { ...DEFAULT_CONN_LIMITS, maxBufferedBytes: 256 * 1024 } })
    try {
      const l = await login(s.url, 'xianzhang')
      const c = await login(s.url, 'qingquan.clerk')
      const h = await login(s.url, 'qingquan.head')
      const { id, client: observer } = await createTask(s.url, l)
      const room = `task:${id}`
      const writer = connect(s.url, room, c.token)
      await synced(writer)
      appendEvent(writer.doc, ev(c, 'sr-sign', 'sign'))
      for (let i = 0; i < 8; i++) appendEvent(writer.doc, ev(c, `sr-p${i}`, 'progress', { text: '长'.repeat(4000) }))
      await waitFor(() => receiptsMap(observer.doc).has('sr-p7'), 5000, 'a record of ~100 KB')
      // The attacker stops reading its socket and asks for the whole record again and again (~20 MB of answers).
      const attacker = await rawSocket(s.url, room, h.token)
      ;(attacker.ws as unknown as { _socket: { pause(): void } })._socket.pause()
      const ask = syncStep1()
      for (let i = 0; i < 200; i++) attacker.ws.send(ask)
      const heads = () => [...(s.hub.rooms.get(room)?.conns ?? [])].filter((x) => x.actor.userId === h.user.id).length
      await waitFor(() => heads() === 0, 10_000, 'the non-reading connection closed by the server')
      appendEvent(writer.doc, ev(c, 'sr-after', 'progress', { text: '照常' }))
      await waitFor(() => receiptsMap(observer.doc).has('sr-after'), 5000, 'the writer still gets receipts')
      attacker.ws.terminate()
      writer.destroy()
      observer.destroy()
    } finally {
      await s.cleanup()
    }
  })
})

describe('appending past a quota', () => {
  it('is refused with QUOTA; a refused update is kept as a bounded prefix with its hash and size', async () => {
    const s = await startServer({ clock: () => T0, limits: { ...DEFAULT_CONN_LIMITS, appendBytesPerSec: 1, appendBurstBytes: 60_000 } })
    try {
      const l = await login(s.url, 'xianzhang')
      const c = await login(s.url, 'qingquan.clerk')
      const { id, client: observer } = await createTask(s.url, l)
      const room = `task:${id}`
      const writer = connect(s.url, room, c.token)
      await synced(writer)
      appendEvent(writer.doc, ev(c, 'q-sign', 'sign'))
      await waitFor(() => receiptsMap(observer.doc).has('q-sign'), 5000, 'sign')
      // Each report is ~15 KB; the fifth goes past the 60 KB the clerk may send.
      for (let i = 0; i < 5; i++) appendEvent(writer.doc, ev(c, `q${i}`, 'progress', { text: '满'.repeat(5000) }))
      await waitFor(() => writer.denials.some((d) => d.code === 'QUOTA'), 5000, 'QUOTA refusal')
      const row = s.audit.trail(room).find((r) => r.kind === 'refused')!
      expect(row.summary).toContain('QUOTA')
      expect(row.summary).toMatch(/保留前4096字节，共\d+字节，SHA-256 [0-9a-f]{64}/)
      expect(row.update?.length).toBe(4096)
      // The accepted reports reached the observer; the refused one did not.
      await waitFor(() => receiptsMap(observer.doc).has('q3'), 5000, 'the accepted reports at the observer')
      expect(
        eventsArray(observer.doc)
          .toArray()
          .map((e) => e.id)
      ).not.toContain('q4')
      writer.destroy()
      observer.destroy()
    } finally {
      await s.cleanup()
    }
  })
})

describe('a record’s size', () => {
  it('is limited: past it a clear RECORD_FULL refusal, the record stays as it was, and other records are untouched', async () => {
    const s = await startServer({ clock: () => T0, limits: { ...DEFAULT_CONN_LIMITS, maxRecordBytes: 120_000 } })
    try {
      const l = await login(s.url, 'xianzhang')
      const c = await login(s.url, 'qingquan.clerk')
      const { id, client: observer } = await createTask(s.url, l)
      const other = await createTask(s.url, l)
      const room = `task:${id}`
      const writer = connect(s.url, room, c.token)
      await synced(writer)
      appendEvent(writer.doc, ev(c, 'f-sign', 'sign'))
      await waitFor(() => receiptsMap(observer.doc).has('f-sign'), 5000, 'sign')
      // ~15 KB reports, one at a time, until the record is full.
      let i = 0
      while (!writer.denials.some((d) => d.code === 'RECORD_FULL') && i < 20) {
        const want = `f${i}`
        appendEvent(writer.doc, ev(c, want, 'progress', { text: '满'.repeat(5000) }))
        await waitFor(() => receiptsMap(observer.doc).has(want) || writer.denials.some((d) => d.code === 'RECORD_FULL'), 5000, `${want} accepted or refused`)
        i++
      }
      expect(writer.denials.map((d) => d.code)).toContain('RECORD_FULL')
      expect(i).toBeGreaterThan(3) // the limit, not the first report, stopped it
      const full = `f${i - 1}`
      expect(
        eventsArray(observer.doc)
          .toArray()
          .map((e) => e.id)
      ).not.toContain(full)
      expect(s.audit.trail(room).some((r) => r.kind === 'refused' && r.summary.includes('RECORD_FULL'))).toBe(true)
      // Another record is not affected.
      const w2 = connect(s.url, `task:${other.id}`, c.token)
      await synced(w2)
      appendEvent(w2.doc, ev(c, 'o-sign', 'sign'))
      await waitFor(() => receiptsMap(other.client.doc).has('o-sign'), 5000, 'the other record still takes edits')
      w2.destroy()
      other.client.destroy()
      writer.destroy()
      observer.destroy()
    } finally {
      await s.cleanup()
    }
  })
})

describe('evidence of refusals', () => {
  it('is bounded per refusal and per person: past the cap only hash and size are kept, and the trail says so', async () => {
    const s = await startServer({ clock: () => T0, limits: { ...DEFAULT_CONN_LIMITS, maxRefusals: 10_000 } })
    try {
      const l = await login(s.url, 'xianzhang')
      const c = await login(s.url, 'qingquan.clerk')
      const { id, client: observer } = await createTask(s.url, l)
      const room = `task:${id}`
      const writer = connect(s.url, room, c.token)
      await synced(writer)
      const raw = await rawSocket(s.url, room, c.token)
      let closed = false
      void raw.closed.then(() => {
        closed = true
      })
      // 320 refused updates of ~18 KB (a report signed as the unit head): ~5.8 MB sent as refusals.
      const N = 320
      for (let i = 0; i < N; i++)
        raw.ws.send(
          syncUpdate(updateOn(writer.doc, (d) => appendEvent(d, { ...ev(c, `e${i}`, 'progress', { text: '证'.repeat(6000) }), actorId: 'qingquan_head' })))
        )
      const refused = () => s.audit.trail(room).filter((r) => r.kind === 'refused')
      await waitFor(() => refused().length >= N || closed, 20_000, 'every refusal on the trail')
      const rows = refused()
      expect(rows).toHaveLength(N)
      // Each refusal keeps at most a 4 KiB prefix with the whole update's hash and size…
      for (const r of rows) expect(r.update?.length ?? 0).toBeLessThanOrEqual(4096)
      expect(rows[0]!.summary).toMatch(/保留前4096字节，共\d+字节，SHA-256 [0-9a-f]{64}/)
      // …and one person's evidence stops at the cap (1 MiB and a trickle), noted in the trail.
      const kept = rows.reduce((n, r) => n + (r.update?.length ?? 0), 0)
      expect(kept).toBeLessThan(1.25 * 1024 * 1024)
      const capped = rows.filter((r) => r.summary.includes('证据已达上限，未保留内容'))
      expect(capped.length).toBeGreaterThan(0)
      expect(capped.every((r) => r.update === null && /共\d+字节，SHA-256 [0-9a-f]{64}/.test(r.summary))).toBe(true)
      raw.ws.close()
      writer.destroy()
      observer.destroy()
    } finally {
      await s.cleanup()
    }
  })
})

describe('presence', () => {
  it('an awareness id belongs to one connection, and made-up top-level fields are dropped', async () => {
    const { id, client: observer } = await createTask(server.url, leader)
    const room = `task:${id}`
    const victim = connect(server.url, room, clerk.token)
    await synced(victim)
    victim.provider.awareness.setLocalStateField('viewing', true)
    const victimId = victim.doc.clientID
    await waitFor(() => (observer.provider.awareness.getStates().get(victimId) as { viewing?: boolean } | undefined)?.viewing, 5000, 'victim presence')
    // Another account speaks for the victim's awareness id, then leaves.
    const attacker = await rawSocket(server.url, room, head.token)
    const fake = (cid: number, state: object) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1) // awareness
      const u = encoding.createEncoder()
      encoding.writeVarUint(u, 1)
      encoding.writeVarUint(u, cid)
      encoding.writeVarUint(u, 999)
      encoding.writeVarString(u, JSON.stringify(state))
      encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
      return encoding.toUint8Array(e)
    }
    attacker.ws.send(fake(victimId, { viewing: false }))
    attacker.ws.send(fake(424242, { viewing: true, role: '县长', name: '冒充' }))
    await waitFor(() => observer.provider.awareness.getStates().get(424242), 5000, 'the attacker’s own presence')
    const own = observer.provider.awareness.getStates().get(424242) as Record<string, unknown>
    expect(Object.keys(own).sort()).toEqual(['user', 'viewing'])
    expect((own.user as { id: string }).id).toBe(head.user.id)
    attacker.ws.close()
    await waitFor(() => !observer.provider.awareness.getStates().has(424242), 5000, 'the attacker’s presence gone with it')
    expect((observer.provider.awareness.getStates().get(victimId) as { viewing?: boolean; user?: { id: string } }).user?.id).toBe(clerk.user.id)
    expect((observer.provider.awareness.getStates().get(victimId) as { viewing?: boolean }).viewing).toBe(true)
    victim.destroy()
    observer.destroy()
  })
})

describe('knocking on rooms', () => {
  it('a refused connection to a name with nothing behind it leaves one row in one place and no chain or room', async () => {
    const names = ['task:nothing-here-1', 'task:nothing-here-2', 'task:nothing-here-3']
    const before = server.audit.trail('access-refusals').length
    for (const n of names) {
      const s = await rawSocket(server.url, n, clerk.token).catch(() => null)
      if (s) expect((await s.closed).code).toBe(4403)
    }
    await waitFor(() => server.audit.trail('access-refusals').length === before + 3, 5000, 'three rows in the one place')
    for (const n of names) {
      expect(server.audit.trail(n)).toEqual([])
      expect(server.hub.rooms.has(n)).toBe(false)
    }
    // A record that exists keeps the refusal in its own trail (its owners see who knocked).
    const { id, client } = await createTask(server.url, leader)
    const stranger = await login(server.url, 'sanhua.clerk')
    const s = await rawSocket(server.url, `task:${id}`, stranger.token).catch(() => null)
    if (s) await s.closed
    await waitFor(() => server.audit.trail(`task:${id}`).some((r) => r.kind === 'event' && r.summary.includes('无权查看')), 5000, 'row in the record’s trail')
    client.destroy()
  })
})
