import 'fake-indexeddb/auto'
import Dexie, { liveQuery } from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { periodOf } from '@domain/oversight'
import type { RecordSummary } from '@domain/task/types'
import { UserDb, type SummaryRow } from './db'
import { countList, countListByIndex, listAll, listPage, searchList, summariesCreatedIn, tabCounts } from './queries'
import { listsFor, searchKey, toRow, type Viewer } from './summaries'

const clerk: Viewer = { userId: 'qingquan_clerk', unitId: 'qingquan', roles: ['clerk'] }
const DAY = 86_400_000
const T0 = Date.UTC(2026, 8, 21, 2) // 2026-09-21 10:00 Shanghai

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
  createdAt: T0,
  dueDate: '2026-10-19',
  dueAt: T0 + 20 * DAY,
  provisional: false,
  warning: { level: 'normal' },
  signedUnitIds: [],
  extensions: 0,
  updatedAt: T0,
  ...over
})

let n = 0
const open: UserDb[] = []
const newDb = (name = `queries-${++n}`) => {
  const db = new UserDb(name)
  open.push(db)
  return db
}
afterEach(async () => {
  const all = open.splice(0)
  for (const db of all) db.close()
  for (const name of new Set(all.map((d) => d.name))) await Dexie.delete(name)
})

/** 120 unsigned items with shuffled deadlines, 30 signed, 10 finished. */
async function seed(db: UserDb) {
  const rows: SummaryRow[] = []
  for (let i = 0; i < 160; i++) {
    const dueAt = T0 + ((i * 37) % 160) * DAY // a permutation of 0..159 days
    const s =
      i < 120
        ? summary(`s${i}`, { dueAt })
        : i < 150
          ? summary(`d${i}`, { dueAt, status: 'in_progress', signedUnitIds: ['qingquan'], warning: { level: i % 3 === 0 ? 'red' : 'yellow' } })
          : summary(`f${i}`, {
              dueAt,
              status: 'closed',
              signedUnitIds: ['qingquan'],
              finishedAt: T0 + i,
              updatedAt: T0 + i * 1000,
              warning: { level: 'done_on_time' }
            })
    rows.push(toRow(s, ['inbox'], clerk))
  }
  await db.writeSummaries(() => db.summaries.bulkPut(rows))
  return rows
}

describe('tab pages from the index', () => {
  it('reads one page at a time, in deadline order, with indexed counts that match', async () => {
    const db = newDb()
    const rows = await seed(db)
    const counts = await tabCounts(db, 'inbox')
    expect(counts).toEqual({ sign: 120, doing: 30, yellow: 20, red: 10, done: 10, cancelled: 0 })
    for (const [tab, count] of Object.entries(counts)) expect(count).toBe(rows.filter((r) => r.lists.includes(`inbox:${tab}`)).length)

    const p1 = await listPage(db, 'inbox:sign', { page: 1, pageSize: 50 })
    expect(p1).toMatchObject({ page: 1, total: 120, exact: true, more: true })
    expect(p1.rows).toHaveLength(50)
    const p3 = await listPage(db, 'inbox:sign', { page: 3, pageSize: 50 })
    expect(p3.rows).toHaveLength(20)
    expect(p3.more).toBe(false)
    const p2 = await listPage(db, 'inbox:sign', { page: 2, pageSize: 50 })
    const all = [...p1.rows, ...p2.rows, ...p3.rows]
    expect(new Set(all.map((r) => r.id)).size).toBe(120)
    const dues = all.map((r) => r.dueAt)
    expect(dues).toEqual([...dues].sort((a, b) => a - b))
    expect(all.every((r) => r.lists.includes('inbox:sign'))).toBe(true)
  })

  it('breaks equal deadlines by the most recent change, and lists finished work newest first', async () => {
    const db = newDb()
    await db.writeSummaries(() =>
      db.summaries.bulkPut([
        toRow(summary('a', { updatedAt: T0 + 1 }), ['inbox'], clerk),
        toRow(summary('b', { updatedAt: T0 + 3 }), ['inbox'], clerk),
        toRow(summary('c', { updatedAt: T0 + 2, dueAt: T0 }), ['inbox'], clerk)
      ])
    )
    expect((await listPage(db, 'inbox:sign')).rows.map((r) => r.id)).toEqual(['c', 'b', 'a'])
    await seed(db)
    const done = (await listPage(db, 'inbox:done')).rows.map((r) => r.updatedAt)
    expect(done).toEqual([...done].sort((a, b) => b - a))
  })

  it('shows the last page there is when asked past the end', async () => {
    const db = newDb()
    await seed(db)
    const p = await listPage(db, 'inbox:doing', { page: 9, pageSize: 20 })
    expect(p).toMatchObject({ askedPage: 9, page: 2, total: 30, more: false })
    expect(p.rows).toHaveLength(10)
    expect(await listPage(db, 'inbox:nothing')).toMatchObject({ page: 1, total: 0, rows: [] })
  })

  it('keeps the order index true to `lists` whoever writes the row (a projector spreading an old row)', async () => {
    const db = newDb()
    await seed(db)
    const old = (await db.summaries.get('s0'))!
    // Signed: what indexProjector's withScopes does — spread the old row, new lists, stale listKeys.
    const signed = { ...old, status: 'in_progress' as const, signedUnitIds: ['qingquan'] }
    await db.writeSummaries(() => db.summaries.put({ ...signed, lists: listsFor(signed, old.scopes, clerk) }))
    expect((await db.summaries.get('s0'))!.listKeys.map((k) => k[0])).toEqual(['inbox:doing'])
    expect(await countList(db, 'inbox:sign')).toBe(119)
    expect(await countList(db, 'inbox:doing')).toBe(31)
    // update()/modify() go through the same path.
    await db.summaries.update('s1', { dueAt: T0 - DAY })
    expect((await listPage(db, 'inbox:sign', { pageSize: 1 })).rows[0].id).toBe('s1')
  })

  it('keeps every tab count equal to its index through moves, deletes and concurrent writes', async () => {
    const db = newDb()
    const rows = await seed(db)
    const lists = ['inbox:sign', 'inbox:doing', 'inbox:yellow', 'inbox:red', 'inbox:done', 'todo']
    const agree = async () => {
      for (const l of lists) expect(await countList(db, l), l).toBe(await countListByIndex(db, l))
    }
    await agree()
    await db.writeSummaries(async () => {
      // Two writes of one row racing inside one transaction, plus a delete and a re-add.
      const s5 = rows[5]
      const signed = toRow({ ...s5, status: 'in_progress', signedUnitIds: ['qingquan'] }, ['inbox'], clerk)
      const late = toRow({ ...s5, status: 'in_progress', signedUnitIds: ['qingquan'], dueAt: T0 - DAY, warning: { level: 'red' } }, ['inbox'], clerk)
      await Promise.all([db.summaries.put(signed), db.summaries.put(late), db.summaries.bulkDelete(['s6', 's7']), db.summaries.put(rows[6])])
    })
    await agree()
    expect(await countList(db, 'inbox:red')).toBe(11)
    await db.writeSummaries(() => db.summaries.where('status').equals('closed').delete())
    await agree()
    expect(await countList(db, 'inbox:done')).toBe(0)
    await db.writeSummaries(() => db.summaries.clear())
    for (const l of lists) expect(await countList(db, l)).toBe(0)
  })

  it('refuses a write that moves a row between tabs without its counts (nothing drifts silently)', async () => {
    const db = newDb()
    await seed(db)
    const old = (await db.summaries.get('s0'))!
    const signed = toRow({ ...old, status: 'in_progress', signedUnitIds: ['qingquan'] }, ['inbox'], clerk)
    await expect(db.transaction('rw', db.summaries, () => db.summaries.put(signed))).rejects.toThrow()
    expect((await db.summaries.get('s0'))!.lists).toEqual(old.lists)
    expect(await countList(db, 'inbox:sign')).toBe(await countListByIndex(db, 'inbox:sign'))
  })

  it('notifies live queries when a row enters a tab', async () => {
    const db = newDb()
    await seed(db)
    const seen: number[] = []
    const sub = liveQuery(() => listPage(db, 'inbox:red', { pageSize: 5 })).subscribe((p) => seen.push(p.total))
    await expect.poll(() => seen.at(-1)).toBe(10)
    await db.writeSummaries(() =>
      db.summaries.put(
        toRow(summary('late', { status: 'in_progress', signedUnitIds: ['qingquan'], dueAt: T0 - DAY, warning: { level: 'red' } }), ['inbox'], clerk)
      )
    )
    await expect.poll(() => seen.at(-1)).toBe(11)
    sub.unsubscribe()
  })
})

describe('search', () => {
  const titles = [
    '关于落实浠政发〔2026〕12号文件的通知',
    '浠政发〔2026〕13号 防汛检查',
    '县委办【2025】3号 督查',
    '（紧急）清点防汛物资并上报',
    '浠政办发［２０２６］７号'
  ]

  async function seedTitles(db: UserDb, extra = 0) {
    const rows = titles.map((title, i) => toRow(summary(`t${i}`, { title, dueAt: T0 + i * DAY }), ['inbox'], clerk))
    for (let i = 0; i < extra; i++) rows.push(toRow(summary(`x${i}`, { title: `其他事项${i}`, dueAt: T0 + (10 + i) * DAY }), ['inbox'], clerk))
    await db.writeSummaries(() => db.summaries.bulkPut(rows))
  }
  const found = async (db: UserDb, q: string) => (await listPage(db, 'inbox:sign', { search: q })).rows.map((r) => r.title)

  it('finds a document number however its brackets, width and spaces are typed', async () => {
    const db = newDb()
    await seedTitles(db)
    const target = ['关于落实浠政发〔2026〕12号文件的通知']
    for (const q of [
      '浠政发〔2026〕12号',
      '浠政发[2026]12号',
      '浠政发2026 12',
      '浠政发（2026）12号',
      '浠政发(2026)12',
      '浠政发【2026】12号',
      '浠政发［２０２６］１２号',
      ' 浠政发 〔2026〕 12 '
    ])
      expect(await found(db, q), q).toEqual(target)
    expect(await found(db, '浠政发〔2026〕')).toEqual(['关于落实浠政发〔2026〕12号文件的通知', '浠政发〔2026〕13号 防汛检查'])
    expect(await found(db, '浠政办发[2026]7号')).toEqual(['浠政办发［２０２６］７号'])
    expect(await found(db, '县委办〔2025〕3号')).toEqual(['县委办【2025】3号 督查'])
    expect(await found(db, '紧急 清点')).toEqual(['（紧急）清点防汛物资并上报'])
    expect(await found(db, '国务院')).toEqual([])
    // Only punctuation: no search at all.
    expect(await found(db, '〔 〕')).toHaveLength(titles.length)
  })

  it('finds a record by its id', async () => {
    const db = newDb()
    await seedTitles(db)
    expect((await listPage(db, 'inbox:sign', { search: 'T3' })).rows.map((r) => r.id)).toEqual(['t3'])
  })

  it('keeps the tab order and stops once it has the page', async () => {
    const db = newDb()
    await seedTitles(db, 500)
    const p1 = await listPage(db, 'inbox:sign', { search: '其他事项', pageSize: 20 })
    expect(p1.rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `x${i}`))
    expect(p1).toMatchObject({ more: true, exact: false, total: 21 })
    const p2 = await listPage(db, 'inbox:sign', { search: '其他事项', pageSize: 20, page: 2 })
    expect(p2.rows[0].id).toBe('x20')
    expect(p2.total).toBe(41)
    // The last page of matches is exact.
    const last = await listPage(db, 'inbox:sign', { search: '其他事项4', pageSize: 200 })
    expect(last).toMatchObject({ exact: true, more: false, total: 111 }) // 4, 40–49, 400–499
    // Chunked scan resumes after the last key read, never repeating or skipping a row.
    const every = await searchList(db, 'inbox:sign', searchKey('其他'), Infinity)
    expect(every.map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, i) => `x${i}`))
    expect((await listAll(db, 'inbox:sign', '浠政发')).map((r) => r.id)).toEqual(['t0', 't1'])
  })
})

describe('schema upgrade', () => {
  it('v1 databases keep their rows and gain list keys and the new search text', async () => {
    const name = `queries-upgrade-${++n}`
    const v1 = new Dexie(name)
    v1.version(1).stores({
      updates: '++id, room',
      summaries: 'id, status, dueAt, warningLevel, leadUnitId, updatedAt, *lists, *scopes',
      units: 'id, kind',
      people: 'id, unitId',
      reminders: 'id, at, notified, read',
      pending: 'room, count',
      docs: 'room',
      seen: 'key'
    })
    const legacy = (s: RecordSummary) => {
      const { listKeys: _, ...row } = toRow(s, ['inbox'], clerk)
      return { ...row, search: s.title.toLowerCase() }
    }
    await v1
      .table('summaries')
      .bulkPut([
        legacy(summary('a', { title: '浠政发〔2026〕12号', dueAt: T0 + 2 * DAY })),
        legacy(summary('b', { dueAt: T0 + DAY })),
        legacy(summary('c', { status: 'closed', finishedAt: T0, warning: { level: 'done_on_time' } }))
      ])
    await v1.table('updates').add({ room: 'inbox:qingquan', update: new Uint8Array([1, 2, 3]) })
    v1.close()

    const db = newDb(name)
    await db.open()
    expect(db.verno).toBe(4)
    expect(await db.updates.count()).toBe(1)
    expect(await db.summaries.count()).toBe(3)
    expect(await tabCounts(db, 'inbox')).toMatchObject({ sign: 2, done: 1 })
    expect((await listPage(db, 'inbox:sign')).rows.map((r) => r.id)).toEqual(['b', 'a'])
    expect((await listPage(db, 'inbox:sign', { search: '浠政发[2026]12' })).rows.map((r) => r.id)).toEqual(['a'])
  })
})

describe('period reports', () => {
  it('reads the records assigned within a period by the createdAt index, Shanghai days inclusive', async () => {
    const db = newDb()
    const at = (s: string) => Date.parse(s)
    await db.writeSummaries(() =>
      db.summaries.bulkPut(
        [
          summary('before', { createdAt: at('2025-12-31T23:59:59+08:00') }),
          summary('first', { createdAt: at('2026-01-01T00:00:00+08:00') }),
          summary('mid', { createdAt: at('2026-06-15T12:00:00+08:00') }),
          summary('last', { createdAt: at('2026-12-31T23:59:59+08:00') }),
          summary('after', { createdAt: at('2027-01-01T00:00:00+08:00') })
        ].map((s) => toRow(s, ['oversight'], { userId: 'jiwei1', unitId: 'jiwei', roles: ['reviewer'] }))
      )
    )
    const rows = await summariesCreatedIn(db, periodOf('year', '2026-03-01'))
    expect(rows.map((r) => r.id).sort()).toEqual(['first', 'last', 'mid'])
  })
})
