/**
 * A record kind added through the registry alone (docs/architecture.md,
 * "Adding a record kind"): a domain definition registered in domain/kinds and
 * a server plugin handed to createServer — no edit to the hub, the ACL or the
 * room manager. Driven by the stock y-websocket provider through a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { KINDS, type RoomKind } from '@domain/kinds'
import { hasRole } from '@domain/directory'
import type { KindPlugin } from '@server/rooms/kind-plugin'
import { receiptsMap } from '@domain/task'
import { connect, connectSynced, createTask, login, startServer, waitFor, type TestServer } from './harness'

/** 便签 (a memo): lines anyone in the leader's office may append; at most 40 characters each. */
const memoKind: RoomKind = {
  name: 'memo',
  layout: { lines: 'Y.Array<string>: append-only', stamps: 'Y.Map: line count → server time (server only)' },
  writtenBy: 'clients',
  record: true,
  access: (actor) => (actor.unitId === 'xianfu' || hasRole(actor, 'leader') ? 'write' : hasRole(actor, 'reviewer') ? 'read' : 'none')
}

const memoPlugin: KindPlugin = {
  kind: 'memo',
  check({ room, doc, update, origin }) {
    const lines = doc.getArray<string>('lines')
    doc.getMap('stamps')
    let tr: Y.Transaction | undefined
    const watch = (t: Y.Transaction) => void (t.origin === origin && (tr = t))
    doc.on('afterTransaction', watch)
    try {
      Y.applyUpdate(doc, update, origin)
    } finally {
      doc.off('afterTransaction', watch)
    }
    if (!tr || tr.changed.size === 0) return { kind: 'noop' }
    const ok = tr.deleteSet.clients.size === 0 && [...tr.changed.keys()].every((t) => t === (lines as Y.AbstractType<any>))
    const all = lines.toArray()
    if (!ok || all.some((l) => typeof l !== 'string' || l.length > 40))
      return { kind: 'refused', code: 'MEMO_BAD_LINE', message: '便签每行不超过40字，只能追加', touched: true }
    return {
      kind: 'accepted',
      summary: `便签追加一行（共${all.length}行）`,
      effects: (w) => w.write(room, '便签：服务器记时', (d) => d.getMap<number>('stamps').set(String(all.length), w.now))
    }
  }
}

KINDS.register(memoKind)

let now = Date.parse('2026-09-21T10:00:00+08:00')
/** When set, every reading of the server clock is 1 ms later than the last, as a real clock moves while a message is handled. */
let ticking = false
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => (ticking ? ++now : now), plugins: [memoPlugin] })
})
afterAll(() => server.cleanup())

describe('a toy record kind added through the registry', () => {
  it('accepts a legal update, refuses and records an illegal one, and keeps strangers out', async () => {
    const leader = await login(server.url, 'xianzhang')
    const a = await connectSynced(server.url, 'memo:m1', leader.token)
    a.doc.getArray<string>('lines').push(['周一例会改到周二'])
    const stamps = a.doc.getMap<number>('stamps')
    await waitFor(() => stamps.get('1'), 5000, 'server stamp')

    // The receipt the kind wrote carries exactly the time of its audit rows.
    const trail = server.audit.trail('memo:m1')
    expect(trail.map((r) => [r.kind, r.summary])).toEqual([
      ['client', '便签追加一行（共1行）'],
      ['server', '便签：服务器记时']
    ])
    expect(trail.every((r) => r.at === stamps.get('1'))).toBe(true)

    // A second reader sees the accepted line.
    const b = await connectSynced(server.url, 'memo:m1', leader.token)
    expect(b.doc.getArray('lines').toArray()).toEqual(['周一例会改到周二'])

    // An illegal line: refused with the kind's code, not stored, not broadcast, but on the trail.
    a.doc.getArray<string>('lines').push(['这一行太长了'.repeat(10)])
    await waitFor(() => a.denials.length > 0, 5000, 'refusal')
    expect(a.denials[0].code).toBe('MEMO_BAD_LINE')
    const refused = server.audit.trail('memo:m1').filter((r) => r.kind === 'refused')
    expect(refused).toHaveLength(1)
    expect(refused[0].summary).toContain('MEMO_BAD_LINE')
    expect(server.hub.getRoom('memo:m1').doc.getArray('lines').length).toBe(1)
    expect(b.doc.getArray('lines').length).toBe(1)

    // The registry's access rule is the server's ACL: a township clerk may not even read.
    const clerk = await login(server.url, 'qingquan.clerk')
    const c = connect(server.url, 'memo:m1', clerk.token)
    await waitFor(() => c.closes.length > 0, 5000, 'close')
    expect(c.closes[0].code).toBe(4403)
    for (const x of [a, b, c]) x.destroy()
  })

  it('never lets the audit time go backwards, whatever the clock does', async () => {
    const leader = await login(server.url, 'xianzhang')
    const a = await connectSynced(server.url, 'memo:m2', leader.token)
    a.doc.getArray<string>('lines').push(['第一行'])
    await waitFor(() => a.doc.getMap('stamps').get('1'), 5000, 'first stamp')
    const first = a.doc.getMap<number>('stamps').get('1')!
    now -= 3_600_000 // the machine's clock jumps back an hour
    a.doc.getArray<string>('lines').push(['第二行'])
    await waitFor(() => a.doc.getMap('stamps').get('2'), 5000, 'second stamp')
    expect(a.doc.getMap<number>('stamps').get('2')).toBeGreaterThanOrEqual(first)
    const ats = server.audit.trail('memo:m2').map((r) => r.at)
    expect(ats).toEqual([...ats].sort((x, y) => x - y))
    now += 3_600_000
    a.destroy()
  })

  it("stamps a task's receipt with exactly the time of its audit rows, while the clock moves", async () => {
    const leader = await login(server.url, 'xianzhang')
    ticking = true // the replay gap: rows stamped 10–16 ms after the receipt when time was read twice
    try {
      const { id, client } = await createTask(server.url, leader)
      const receipt = receiptsMap(client.doc).get(`${id}-assign`)!
      const rows = server.audit.trail(`task:${id}`)
      expect(rows.map((r) => r.kind)).toEqual(['client', 'server'])
      expect(rows.map((r) => r.at)).toEqual([receipt.at, receipt.at])
      client.destroy()
    } finally {
      ticking = false
    }
  })
})
