import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import type { Reminder } from '@domain/index-rooms'
import type { DesktopApi } from '@preload/contract'
import { UserDb } from '../data/db'
import { translate } from '../i18n/catalogue'
import { Alerts } from './alerts'

const NOW = Date.UTC(2026, 8, 21, 2)
let n = 0
const dbs: UserDb[] = []
afterEach(async () => {
  const all = dbs.splice(0)
  for (const db of all) db.close()
  for (const name of new Set(all.map((d) => d.name))) await Dexie.delete(name)
})

async function setup(name = `alerts-${++n}`) {
  const db = new UserDb(name)
  dbs.push(db)
  const notes: { title: string; body: string }[] = []
  const api = { notify: async (x: { title: string; body: string }) => void notes.push(x), setBadgeCount: async () => {} } as unknown as DesktopApi
  const alerts = new Alerts(
    db,
    api,
    (k, v) => translate('zh-CN', k, v),
    () => NOW
  )
  await alerts.init()
  const add = async (r: Reminder) => {
    await db.reminders.put({ ...r, notified: 0, read: 0 })
    await alerts.remindersAdded([r.id])
  }
  return { db, alerts, notes, add }
}

const rem = (id: string, over: Partial<Reminder> = {}): Reminder => ({
  id,
  at: NOW,
  kind: 'chase',
  recordId: 't1',
  title: `催办：任务${id}`,
  body: '请加快',
  ...over
})

describe('reminder alerts', () => {
  it("stays silent about a device's history, then announces each new reminder exactly once", async () => {
    const { db, alerts, notes, add } = await setup('alerts-restart')
    await add(rem('old', { at: NOW - 3 * 86_400_000 }))
    await add(rem('recent', { at: NOW - 60_000 }))
    await alerts.remindersSynced()
    expect(notes).toEqual([])
    expect((await db.reminders.get('old'))?.read).toBe(1)
    expect((await db.reminders.get('recent'))?.read).toBe(0)

    await add(rem('r1'))
    await alerts.remindersSynced() // a reconnect re-syncs: nothing new to say
    expect(notes).toEqual([{ title: '催办：任务r1', body: '请加快', route: '/tasks/t1' }])

    const again = await setup('alerts-restart')
    await again.alerts.remindersSynced()
    expect(again.notes).toEqual([])
  })

  it('does not repeat a new-task notification the inbox already gave', async () => {
    const { alerts, notes, add, db } = await setup()
    await alerts.remindersSynced()
    await alerts.inboxSynced()
    await alerts.inboxAdded([{ id: 't9', title: '新任务', lists: ['inbox:sign'] } as never])
    await add(rem('a1', { kind: 'assigned', recordId: 't9', title: '新交办件', body: '新任务' }))
    expect(notes.map((x) => x.body)).toEqual(['新任务'])
    expect((await db.reminders.get('a1'))?.notified).toBe(1)
  })
})

describe('notice alerts', () => {
  const row = (id: string, over: object = {}) => ({ id, title: `通知${id}`, status: 'published', unit: '县政府办公室', ...over })

  it("primes on a device's first board, then announces each new notice once, leading to its page", async () => {
    const { alerts, notes } = await setup('alerts-notices')
    await alerts.noticesOnBoard([row('old')])
    expect(notes).toEqual([])
    // Concurrent calls (the board changes twice quickly) still announce once.
    await Promise.all([alerts.noticesOnBoard([row('old'), row('n1')]), alerts.noticesOnBoard([row('old'), row('n1')])])
    expect(notes).toEqual([{ title: '新通知：通知n1', body: '县政府办公室 发布', route: '/notices/n1' }])
    // Already read elsewhere, withdrawn or a draft: nothing to announce.
    await alerts.noticesOnBoard([row('n2', { readAt: NOW }), row('n3', { status: 'withdrawn' }), row('n4', { status: 'draft' })])
    expect(notes).toHaveLength(1)
  })

  it('moved to another unit: that unit’s earlier notices prime again instead of each announcing itself; new ones still do', async () => {
    const { alerts, notes } = await setup('alerts-notices-moved')
    const routes = () => (notes as unknown as { route: string }[]).map((n) => n.route)
    await alerts.noticesOnBoard([row('a1')], 'qingquan')
    await alerts.noticesOnBoard([row('a1'), row('a2')], 'qingquan')
    expect(routes()).toEqual(['/notices/a2'])
    // Signed in again in 散花镇: its board brings a year of earlier notices at once.
    await alerts.noticesOnBoard([row('b1'), row('b2'), row('b3')], 'sanhua')
    expect(notes).toHaveLength(1)
    await alerts.noticesOnBoard([row('b1'), row('b2'), row('b3'), row('b4')], 'sanhua')
    expect(routes()).toEqual(['/notices/a2', '/notices/b4'])
  })

  it('a device primed before the unit was in the key keeps announcing without priming again', async () => {
    const { alerts, notes, db } = await setup('alerts-notices-legacy')
    await db.seen.put({ key: 'primed:notices', at: NOW })
    await alerts.noticesOnBoard([row('c1')], 'qingquan')
    expect((notes as unknown as { route: string }[]).map((n) => n.route)).toEqual(['/notices/c1'])
  })

  it('a notice reminder leads to the notice, a task reminder to the task', async () => {
    const { alerts, notes, add } = await setup()
    await alerts.remindersSynced()
    await add(rem('x1', { recordId: 'n7', code: 'notice.remind', params: { title: '防汛会议', unit: '县政府办公室' } }))
    expect(notes).toEqual([{ title: '请阅读通知：防汛会议', body: '县政府办公室 提醒您阅读并按要求回执', route: '/notices/n7' }])
  })
})
