import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendEvent, receiptsMap, writeNewTask } from '@domain/task/doc'
import type { TaskEvent, TaskMeta } from '@domain/task/types'
import { UserDb } from '../data/db'
import { pendingTotal, recordPending, roomsWithPending } from './pending'
import { loadRoom, persistDoc, wipeRoom } from './persistence'

let n = 0
const dbs: UserDb[] = []
const freshDb = (name = `t-${++n}`) => {
  const db = new UserDb(name)
  dbs.push(db)
  return db
}
afterEach(async () => {
  const all = dbs.splice(0)
  for (const db of all) db.close()
  for (const name of new Set(all.map((d) => d.name))) await Dexie.delete(name)
})

const meta: TaskMeta = {
  id: 't1',
  title: '防汛物资检查',
  requirement: '',
  taskClass: 'standard',
  leadUnitId: 'qingquan',
  assistUnitIds: [],
  assignedBy: 'xianzhang',
  assignedByUnitId: 'xianlingdao'
}
const ev = (id: string, type: TaskEvent['type'], actorId = 'qingquan_clerk', unitId = 'qingquan'): TaskEvent => ({ id, type, actorId, unitId, clientAt: 1 })

describe('pending count', () => {
  it('counts unstamped events per room and drops them when the server stamps them', async () => {
    const db = freshDb()
    const doc = new Y.Doc()
    writeNewTask(doc, meta, ev('e1', 'assign', 'xianzhang', 'xianlingdao'))
    receiptsMap(doc).set('e1', { seq: 1, at: 1000 })
    expect(await recordPending(db, 'task:t1', doc)).toEqual([])
    expect(await pendingTotal(db)).toBe(0)

    appendEvent(doc, ev('e2', 'sign'))
    expect(await recordPending(db, 'task:t1', doc)).toEqual(['e2'])
    const other = new Y.Doc()
    writeNewTask(other, { ...meta, id: 't2' }, ev('e3', 'assign', 'xianzhang', 'xianlingdao'))
    await recordPending(db, 'task:t2', other)
    expect(await pendingTotal(db)).toBe(2)
    expect((await roomsWithPending(db)).sort()).toEqual(['task:t1', 'task:t2'])

    receiptsMap(doc).set('e2', { seq: 2, at: 2000 })
    await recordPending(db, 'task:t1', doc)
    expect(await pendingTotal(db)).toBe(1)
    expect(await roomsWithPending(db)).toEqual(['task:t2'])
  })

  it('survives a restart: a new connection to the same database reads the same count', async () => {
    const name = `restart-${++n}`
    const db = freshDb(name)
    const doc = new Y.Doc()
    writeNewTask(doc, meta, ev('e1', 'assign', 'xianzhang', 'xianlingdao'))
    await recordPending(db, 'task:t1', doc)
    db.close()
    const again = freshDb(name)
    expect(await pendingTotal(again)).toBe(1)
    expect(await roomsWithPending(again)).toEqual(['task:t1'])
  })

  it('a doc rebuilt from storage holds the same unsent events, and storage does not re-store them', async () => {
    const db = freshDb()
    const doc = new Y.Doc()
    const p = persistDoc(db, 'task:t1', doc)
    writeNewTask(doc, meta, ev('e1', 'assign', 'xianzhang', 'xianlingdao'))
    appendEvent(doc, ev('e2', 'sign'))
    await p.stop()
    const rowsBefore = await db.updates.count()

    const copy = new Y.Doc()
    const p2 = persistDoc(db, 'task:t1', copy)
    expect(await loadRoom(db, 'task:t1', copy)).toBe(rowsBefore)
    await p2.stop()
    expect(await db.updates.count()).toBe(rowsBefore)
    expect(await recordPending(db, 'task:t1', copy)).toEqual(['e1', 'e2'])

    await wipeRoom(db, 'task:t1')
    expect(await pendingTotal(db)).toBe(0)
    expect(await loadRoom(db, 'task:t1', new Y.Doc())).toBe(0)
  })
})
