/**
 * Durable before visible. A server process is killed with SIGKILL in
 * the middle of a stream of edits; after a restart on the same folder every
 * event any client had seen (its receipt arrived) is still there.
 */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendEvent, eventsArray, receiptsMap } from '@domain/task'
import { connectSynced, createTask, login, startServerProcess, waitFor } from './harness'

describe('kill -9 during a stream of edits', () => {
  it('loses nothing a client has seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-crash-'))
    const p1 = startServerProcess(dir)
    const url = await p1.url
    const leader = await login(url, 'xianzhang')
    const clerk = await login(url, 'qingquan.clerk')
    const { id, client: observer } = await createTask(url, leader)
    const c = await connectSynced(url, `task:${id}`, clerk.token)
    appendEvent(c.doc, { id: 'sign', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    await waitFor(() => receiptsMap(c.doc).has('sign'))
    let n = 0
    const pump = setInterval(() => {
      for (let i = 0; i < 5; i++)
        appendEvent(c.doc, { id: `p${++n}`, type: 'progress', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0, payload: { text: `进展 ${n}` } })
    }, 5)
    await waitFor(() => receiptsMap(observer.doc).size > 60, 10_000, 'some progress stamped')
    p1.child.kill('SIGKILL')
    clearInterval(pump)
    const seen = [...receiptsMap(observer.doc).keys(), ...receiptsMap(c.doc).keys()]
    const seenEvents = eventsArray(observer.doc)
      .toArray()
      .map((e) => e.id)
    observer.destroy()
    c.destroy()

    const p2 = startServerProcess(dir)
    const url2 = await p2.url
    const again = await login(url2, 'xianzhang')
    const check = await connectSynced(url2, `task:${id}`, again.token)
    const stored = new Set(receiptsMap(check.doc).keys())
    const storedEvents = new Set(
      eventsArray(check.doc)
        .toArray()
        .map((e) => e.id)
    )
    expect(seen.filter((k) => !stored.has(k))).toEqual([])
    expect(seenEvents.filter((k) => !storedEvents.has(k))).toEqual([])
    expect(stored.size).toBeGreaterThan(60)
    check.destroy()
    p2.child.kill('SIGTERM')
    await new Promise((r) => p2.child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
  }, 60_000)
})
