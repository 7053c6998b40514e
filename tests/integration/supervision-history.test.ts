/**
 * Timers look only at open items (docs/decisions.md, "The cost must not grow with history"):
 * electronic supervision re-judges the open tasks, never every summary of every oversight year.
 * Structural, independent of machine speed: the same tick reads the same records and the same
 * rooms with 10 closed records in the county's history as with 10,000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemsMap } from '@domain/index-rooms'
import { readMeta, readServerState, type RecordSummary } from '@domain/task'
import { rooms } from '@domain/rooms'
import { writeSummary } from '../../collab-server/indexer'
import { createTask, login, startServer, type TestServer } from './harness'

const T0 = Date.parse('2026-09-21T10:00:00+08:00')
let now = T0
let server: TestServer
beforeAll(async () => {
  server = await startServer({ clock: () => now })
})
afterAll(() => server.cleanup())

let closedSoFar = 0
/** Closed records as the server's own step writes them: their summaries in every index room, and the table. */
function addClosed(n: number, template: RecordSummary, meta: NonNullable<ReturnType<typeof readMeta>>): void {
  for (let done = 0; done < n; ) {
    server.hub.step((w) => {
      for (let k = 0; k < 500 && done < n; k++, done++) {
        const id = `old${++closedSoFar}`
        writeSummary(w, { ...meta, id }, { ...template, id, status: 'closed', finishedAt: T0 - 86_400_000 }, '办结', server.supervisor.book)
      }
    })
  }
}

/** One tick, counting every room the supervisor reads. */
function measuredTick() {
  const hub = server.hub
  const read = hub.doc.bind(hub)
  const touched: string[] = []
  hub.doc = (name: string) => {
    touched.push(name)
    return read(name)
  }
  try {
    const t = server.supervisor.tick()
    return { examined: t.examined, changed: t.changed.length, rooms: touched.length }
  } finally {
    hub.doc = read
  }
}

describe('supervision with years of closed records', () => {
  it('touches the same records and rooms with 10 closed records as with 10,000', async () => {
    const leader = await login(server.url, 'xianzhang')
    const tasks = []
    for (let i = 0; i < 3; i++) tasks.push(await createTask(server.url, leader, { title: `开放任务${i}` }))
    for (const t of tasks) t.client.destroy()
    const doc = server.hub.doc(rooms.task(tasks[0].id))
    const meta = readMeta(doc)!
    const template = itemsMap(server.hub.doc(rooms.oversight('2026'))).get(tasks[0].id)!
    expect(readServerState(doc)?.status).toBe('assigned')

    addClosed(10, template, meta)
    now = Date.parse('2026-10-14T09:00:00+08:00') // every open task turns yellow (3 working days left)
    const small = measuredTick()
    expect(small).toMatchObject({ examined: 3, changed: 3 })
    expect(small.rooms).toBeGreaterThan(0)

    addClosed(9_990, template, meta)
    expect(itemsMap(server.hub.doc(rooms.oversight('2026'))).size).toBeGreaterThanOrEqual(10_003)
    now = Date.parse('2026-10-20T09:00:00+08:00') // and red
    const large = measuredTick()
    expect(large).toEqual(small)
    // Nothing closed is ever re-judged: the table holds the open ones only.
    expect(server.supervisor.book.openCount('task')).toBe(3)
  }, 120_000)
})
