import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { Person, Unit } from '@domain/directory'
import { itemsMap } from '@domain/index-rooms'
import { oversightYearOf, oversightYearRange } from '@domain/kinds'
import { appendEvent, receiptsMap, serverMap, writeNewTask } from '@domain/task/doc'
import type { RecordSummary, TaskEvent, TaskMeta } from '@domain/task/types'
import type { DesktopApi } from '@preload/contract'
import { Alerts } from '../alerts/alerts'
import { UserDb } from '../data/db'
import { translate } from '../i18n/catalogue'
import { actorFromPerson, makeTaskContext } from '@renderer/features/tasks/model'
import type { ProjectorCtx } from './context'
import { indexProjector } from './indexProjector'
import { SerialQueue } from './queue'
import type { Room } from './room'
import { taskProjector } from './taskProjector'

const units: Unit[] = [
  { id: 'qingquan', name: '清泉镇', kind: 'township', order: 1 },
  { id: 'xianlingdao', name: '县领导', kind: 'leadership', order: 1 }
]
const people: Person[] = [
  { id: 'qingquan_clerk', username: 'qingquan.clerk', name: '王丽华', unitId: 'qingquan', roles: ['clerk'] },
  { id: 'xianzhang', username: 'xianzhang', name: '曾新民', unitId: 'xianlingdao', roles: ['leader'] }
]
const NOW = Date.UTC(2026, 8, 21, 2)

let n = 0
const open: UserDb[] = []
afterEach(async () => {
  const all = open.splice(0)
  for (const db of all) db.close()
  for (const name of new Set(all.map((d) => d.name))) await Dexie.delete(name)
})

async function setup(name = `proj-${++n}`) {
  const db = new UserDb(name)
  open.push(db)
  const notes: { title: string; body: string; route?: string }[] = []
  const api = { notify: async (x: (typeof notes)[0]) => void notes.push(x), setBadgeCount: async () => {} } as unknown as DesktopApi
  const alerts = new Alerts(
    db,
    api,
    (k, v) => translate('zh-CN', k, v),
    () => NOW
  )
  await alerts.init()
  const dir = { units: new Map(units.map((u) => [u.id, u])), people: new Map(people.map((p) => [p.id, p])) }
  const ctx: ProjectorCtx = {
    db,
    viewer: { userId: 'qingquan_clerk', unitId: 'qingquan', roles: ['clerk'] },
    queue: new SerialQueue(),
    dir,
    alerts,
    now: () => NOW,
    taskContext: () => makeTaskContext(units),
    actorOf: (id) => (dir.people.get(id) ? actorFromPerson(dir.people.get(id)!) : undefined),
    indexSummary: () => null,
    setPinned: vi.fn(),
    prefetch: vi.fn()
  }
  return { db, ctx, notes, alerts }
}
const fakeRoom = (name: string, doc: Y.Doc) => ({ name, doc, provider: null, synced: true }) as unknown as Room

const summary = (id: string, over: Partial<RecordSummary> = {}): RecordSummary => ({
  id,
  kind: 'task',
  title: `任务${id}`,
  taskClass: 'standard',
  status: 'assigned',
  leadUnitId: 'qingquan',
  assistUnitIds: [],
  assignedBy: 'xianzhang',
  assignedByUnitId: 'xianlingdao',
  createdAt: NOW,
  dueDate: '2026-10-19',
  dueAt: NOW + 1e9,
  provisional: false,
  warning: { level: 'normal' },
  signedUnitIds: [],
  extensions: 0,
  updatedAt: NOW,
  ...over
})

describe('inbox projection and alerts', () => {
  it('announces old items once as a digest, then each new item once, and never again after a restart', async () => {
    const { db, ctx, notes } = await setup('restart-proj')
    const doc = new Y.Doc()
    indexProjector(ctx, 'inbox')(doc, fakeRoom('inbox:qingquan', doc))
    itemsMap(doc).set('a', summary('a'))
    await ctx.queue.run(() => ctx.alerts.inboxSynced())
    expect(notes).toEqual([{ title: '新交办件', body: '您有 1 件交办件待签收', route: '/todo' }])

    itemsMap(doc).set('b', summary('b'))
    itemsMap(doc).set('b', summary('b', { updatedAt: NOW + 1 }))
    await ctx.queue.idle()
    expect(notes.slice(1)).toEqual([{ title: '新交办件', body: '任务b', route: '/tasks/b' }])
    expect(await db.summaries.where('lists').equals('inbox:sign').count()).toBe(2)

    itemsMap(doc).delete('a')
    await ctx.queue.idle()
    expect(await db.summaries.get('a')).toBeUndefined()

    // Restart: same database, doc rebuilt; nothing is announced again.
    const again = await setup('restart-proj')
    const doc2 = new Y.Doc()
    Y.applyUpdate(doc2, Y.encodeStateAsUpdate(doc))
    indexProjector(again.ctx, 'inbox')(doc2, fakeRoom('inbox:qingquan', doc2))
    await again.ctx.queue.run(() => again.ctx.alerts.inboxSynced())
    expect(again.notes).toEqual([])
  })

  it('fetches ahead what is worked on now; closed history opens on demand', async () => {
    const { ctx } = await setup('history-prefetch')
    const prefetch = ctx.prefetch as ReturnType<typeof vi.fn>
    const doc = new Y.Doc()
    indexProjector(ctx, 'inbox')(doc, fakeRoom('inbox:qingquan', doc))
    // A first sign-in: one open record and years of closed ones in the unit's inbox.
    doc.transact(() => {
      itemsMap(doc).set('open1', summary('open1'))
      for (let i = 0; i < 50; i++) itemsMap(doc).set(`old${i}`, summary(`old${i}`, { status: i % 2 ? 'closed' : 'cancelled' }))
    })
    await ctx.queue.idle()
    expect(new Set(prefetch.mock.calls.map((c) => c[0]))).toEqual(new Set(['open1']))
    const before = prefetch.mock.calls.length
    // The open one closes while the person watches: fetched once more, so its final state opens offline.
    itemsMap(doc).set('open1', summary('open1', { status: 'closed', updatedAt: NOW + 5 }))
    await ctx.queue.idle()
    expect(prefetch.mock.calls.slice(before).map((c) => c[0])).toContain('open1')
    expect(new Set(prefetch.mock.calls.map((c) => c[0]))).toEqual(new Set(['open1']))
  })
})

describe('task projection', () => {
  const meta: TaskMeta = {
    id: 't1',
    title: '防汛检查',
    requirement: '',
    taskClass: 'standard',
    leadUnitId: 'qingquan',
    assistUnitIds: [],
    assignedBy: 'xianzhang',
    assignedByUnitId: 'xianlingdao'
  }
  const assign: TaskEvent = { id: 'e1', type: 'assign', actorId: 'xianzhang', unitId: 'xianlingdao', clientAt: NOW }

  it('shows an offline 签收 in the lists at once, marked local, until the server stamps it', async () => {
    const { db, ctx } = await setup()
    const inbox = new Y.Doc()
    indexProjector(ctx, 'inbox')(inbox, fakeRoom('inbox:qingquan', inbox))
    itemsMap(inbox).set('t1', summary('t1'))
    const task = new Y.Doc()
    writeNewTask(task, meta, assign)
    receiptsMap(task).set('e1', { seq: 1, at: NOW })
    taskProjector(ctx)(task, fakeRoom('task:t1', task))
    await new Promise((r) => setTimeout(r, 40))
    await ctx.queue.idle()
    expect((await db.summaries.get('t1'))?.lists).toContain('inbox:sign')

    appendEvent(task, { id: 'e2', type: 'sign', actorId: 'qingquan_clerk', unitId: 'qingquan', clientAt: NOW })
    await new Promise((r) => setTimeout(r, 40))
    await ctx.queue.idle()
    let row = await db.summaries.get('t1')
    expect(row?.local).toBe(true)
    expect(row?.status).toBe('in_progress')
    expect(row?.lists).toEqual(['inbox:doing'])
    expect((await db.pending.get('task:t1'))?.count).toBe(1)
    expect(ctx.setPinned).toHaveBeenLastCalledWith('task:t1', true)

    // The index may change meanwhile: the local row keeps its content.
    itemsMap(inbox).set('t1', summary('t1', { updatedAt: NOW + 5 }))
    await ctx.queue.idle()
    expect((await db.summaries.get('t1'))?.local).toBe(true)

    // The server stamps the event and writes its summary: the row becomes the server's.
    task.transact(() => {
      receiptsMap(task).set('e2', { seq: 2, at: NOW + 10 })
      serverMap(task).set('summary', summary('t1', { status: 'in_progress', signedUnitIds: ['qingquan'], updatedAt: NOW + 10 }))
    })
    await new Promise((r) => setTimeout(r, 40))
    await ctx.queue.idle()
    row = await db.summaries.get('t1')
    expect(row?.local).toBeUndefined()
    expect(row?.lists).toEqual(['inbox:doing'])
    expect(await db.pending.get('task:t1')).toBeUndefined()
    expect(ctx.setPinned).toHaveBeenLastCalledWith('task:t1', false)
  })
})

describe('oversight year rooms', () => {
  it("each year's room reconciles only its own year's rows", async () => {
    const { db, ctx } = await setup()
    const rows = async () => (await db.summaries.where('scopes').equals('oversight').primaryKeys()).sort()
    const y2026 = new Y.Doc()
    const y2027 = new Y.Doc()
    itemsMap(y2026).set('old', summary('old', { createdAt: Date.UTC(2026, 11, 31, 15, 59) })) // 2026-12-31 23:59 Shanghai
    itemsMap(y2027).set('new', summary('new', { createdAt: Date.UTC(2026, 11, 31, 16, 0) })) // 2027-01-01 00:00 Shanghai
    indexProjector(ctx, 'oversight', oversightYearRange('2026'))(y2026, fakeRoom('oversight:2026', y2026))
    indexProjector(ctx, 'oversight', oversightYearRange('2027'))(y2027, fakeRoom('oversight:2027', y2027))
    await ctx.queue.idle()
    expect(await rows()).toEqual(['new', 'old'])
    // The 2027 room reopens (a new doc) holding nothing: only its own row goes; 2026's stays.
    const again = new Y.Doc()
    indexProjector(ctx, 'oversight', oversightYearRange('2027'))(again, fakeRoom('oversight:2027', again))
    await ctx.queue.idle()
    expect(await rows()).toEqual(['old'])
    expect(oversightYearOf(Date.UTC(2026, 11, 31, 15, 59))).toBe('2026')
    expect(oversightYearOf(Date.UTC(2026, 11, 31, 16, 0))).toBe('2027')
  })
})
