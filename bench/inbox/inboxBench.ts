/**
 * Not part of the app (nothing imports it): the browser side of bench/inbox.bench.ts,
 * which bundles this module with esbuild into a page it opens in Chromium. It lives
 * here, not in bench/, because it is browser code over the renderer's modules and is
 * type-checked with them (tsconfig.web.json).
 *
 * Everything timed here is the renderer's own code: the UserDb schema (Dexie, IndexedDB),
 * the index projector that writes index rooms into it, and the query functions the hooks
 * hand to useLiveQuery (data/queries.ts) — run through Dexie's liveQuery exactly as
 * useLiveQuery does. The reviewer's table is domain/oversight's unitEfficiency over the
 * summaries read from Dexie.
 */
import Dexie, { liveQuery } from 'dexie'
import { createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import * as Y from 'yjs'
import { createWorkCalendar, DAY_MS, startOfShanghaiDay, type WorkCalendar } from '@domain/calendar'
import { computeDeadline, DEFAULT_DEADLINE_RULES, isDeadlineError, warningLevel, type TaskClass } from '@domain/deadline'
import { isWorkingUnit, type Person, type Unit } from '@domain/directory'
import { itemsMap } from '@domain/index-rooms'
import { rooms } from '@domain/rooms'
import { periodOf, unitEfficiency } from '@domain/oversight'
import type { RecordSummary } from '@domain/task/types'
import { UserDb } from '@renderer/core/data/db'
import { listPage, PAGE_SIZE, summariesCreatedIn, tabCounts } from '@renderer/core/data/queries'
import { TABS, type Scope, type TabKey, type Viewer } from '@renderer/core/data/summaries'
import { ServicesContext } from '@renderer/core/app/context'
import type { Services } from '@renderer/core/app/services'
import { I18nProvider } from '@renderer/core/i18n'
import { ScopeTabs } from '@renderer/features/tasks/ScopeTabs'
import { makeTaskContext } from '@renderer/features/tasks/model'
import { setTablePrefs } from '@renderer/features/tasks/tablePrefs'
import type { ProjectorCtx } from '@renderer/core/sync/context'
import { indexProjector } from '@renderer/core/sync/indexProjector'
import { SerialQueue } from '@renderer/core/sync/queue'
import type { Room } from '@renderer/core/sync/room'

/** Mid-December 2026, Shanghai: the year's tasks are in every state. */
export const NOW = startOfShanghaiDay('2026-12-15') + 10 * 3_600_000

/** The county's directory (the demo seed), handed in by the bench: see `setDirectory`. */
let units: Unit[] = []
let people: Person[] = []
let leaders: Person[] = []

export function setDirectory(dir: { units: Unit[]; people: Person[] }): { units: number; people: number } {
  units = dir.units.filter(isWorkingUnit)
  people = dir.people
  leaders = people.filter((p) => p.roles.includes('leader'))
  return { units: units.length, people: people.length }
}

/** mulberry32: the same 20,000 tasks on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The task titled with 浠政发〔2026〕12号. */
export const TARGET_INDEX = 4242

const SUBJECTS = [
  '防汛物资清点',
  '秸秆禁烧巡查',
  '安全生产大检查',
  '信访积案化解',
  '高标准农田建设',
  '人居环境整治',
  '森林防火值守',
  '低保对象复核',
  '营商环境问题整改',
  '校园周边治理'
]
const ISSUERS = ['浠政发', '浠政办发', '县委办', '浠发', '浠政函']

/**
 * Summaries as the server writes them into index rooms: created through 2026, deadlines
 * from the real calendar rules, warnings as of NOW, a realistic mix of states. `unitOf`
 * picks the lead unit (a clerk's inbox: theirs or another unit with theirs assisting).
 */
export function makeSummaries(
  count: number,
  cal: WorkCalendar,
  seed: number,
  lead: (rnd: () => number, i: number) => { leadUnitId: string; assistUnitIds: string[] }
): RecordSummary[] {
  const rnd = prng(seed)
  const from = startOfShanghaiDay('2026-01-01')
  const out: RecordSummary[] = []
  for (let i = 0; i < count; i++) {
    const createdAt = from + Math.floor(rnd() * (NOW - from - DAY_MS))
    const r = rnd()
    const taskClass: TaskClass = r < 0.75 ? 'standard' : r < 0.9 ? 'urgent' : 'agency'
    const agencyType = taskClass === 'agency' ? Object.keys(DEFAULT_DEADLINE_RULES.agencyTypes)[0] : undefined
    const d = computeDeadline({ taskClass, agencyType, assignedAt: createdAt }, cal, DEFAULT_DEADLINE_RULES)
    if (isDeadlineError(d)) throw new Error(d.error.message)
    const { leadUnitId, assistUnitIds } = lead(rnd, i)
    const leader = leaders[Math.floor(rnd() * leaders.length)]
    // Work due long ago is nearly all finished; work not yet due mostly open.
    const overdueDays = (NOW - d.dueAt) / DAY_MS
    const finishedShare = overdueDays > 30 ? 0.97 : overdueDays > 0 ? 0.6 : 0.25
    const x = rnd()
    // One known document number, still waiting to be signed: what the search figure looks for.
    const target = i === TARGET_INDEX
    const cancelled = !target && x < 0.03
    const finished = !target && !cancelled && x < 0.03 + finishedShare * 0.97
    const finishedAt = finished ? Math.min(NOW - 3_600_000, d.dueAt + Math.floor((rnd() - 0.8) * 20 * DAY_MS)) : undefined
    const signed = !target && (finished || rnd() < 0.8)
    const reported = !finished && !cancelled && signed && rnd() < 0.1
    const status: RecordSummary['status'] = cancelled ? 'cancelled' : finished ? 'closed' : reported ? 'reported' : signed ? 'in_progress' : 'assigned'
    const title = target
      ? '关于落实浠政发〔2026〕12号文件做好防汛物资清点的通知'
      : `关于落实${ISSUERS[i % ISSUERS.length]}〔2026〕${100 + (i % 9000)}号文件做好${SUBJECTS[i % SUBJECTS.length]}工作的通知`
    out.push({
      id: `b${i.toString(36).padStart(5, '0')}`,
      kind: 'task',
      title,
      taskClass,
      ...(agencyType ? { agencyType } : {}),
      status,
      leadUnitId,
      assistUnitIds,
      assignedBy: leader.id,
      assignedByUnitId: leader.unitId,
      createdAt,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      provisional: d.provisional,
      warning: warningLevel({ dueDate: d.dueDate, now: NOW, finishedAt: finished ? finishedAt : undefined, cancelled }, cal, DEFAULT_DEADLINE_RULES),
      signedUnitIds: signed ? [leadUnitId, ...assistUnitIds] : [],
      extensions: rnd() < 0.08 ? 1 : 0,
      updatedAt: finishedAt ?? Math.min(NOW, createdAt + Math.floor(rnd() * 10 * DAY_MS)),
      ...(finished ? { finishedAt } : {}),
      ...(reported ? { reportedAt: NOW - DAY_MS } : {})
    })
  }
  return out
}

const fakeRoom = (name: string, doc: Y.Doc) => ({ name, doc, provider: null, synced: true }) as unknown as Room

/**
 * Fills a fresh UserDb the way the app does: an index room's Y.Doc carrying the
 * summaries, projected into Dexie by indexProjector.
 */
async function project(dbName: string, viewer: Viewer, scope: Scope, room: string, summaries: RecordSummary[]): Promise<{ ms: number; rows: number }> {
  await Dexie.delete(dbName)
  const db = new UserDb(dbName)
  await db.open()
  const queue = new SerialQueue()
  const ctx = {
    db,
    viewer,
    queue,
    dir: { units: new Map(units.map((u) => [u.id, u])), people: new Map(people.map((p) => [p.id, p])) },
    alerts: { inboxAdded: async () => {}, inboxSynced: async () => {}, remindersSynced: async () => {}, remindersAdded: async () => {} },
    now: () => NOW,
    indexSummary: () => null,
    setPinned: () => {},
    prefetch: () => {}
  } as unknown as ProjectorCtx
  const doc = new Y.Doc()
  const t0 = performance.now()
  indexProjector(ctx, scope)(doc, fakeRoom(room, doc))
  doc.transact(() => {
    const items = itemsMap(doc)
    for (const s of summaries) items.set(s.id, s)
  })
  await queue.idle()
  const ms = performance.now() - t0
  const rows = await db.summaries.count()
  // The directory (unit and person names in the table), as directoryProjector leaves it.
  await db.units.bulkPut(units)
  await db.people.bulkPut(people)
  db.close()
  return { ms, rows }
}

const cal = createWorkCalendar()
export const CLERK: Viewer = { userId: 'qingquan_clerk', unitId: 'qingquan', roles: ['clerk'] }
export const REVIEWER: Viewer = { userId: 'jiwei1', unitId: 'jiwei', roles: ['reviewer'] }
const CLERK_DB = 'bench-inbox-qingquan_clerk'
const REVIEWER_DB = 'bench-oversight-jiwei1'

/** 20,000 tasks in one township clerk's inbox (lead on most, assisting on the rest). */
export function seedInbox(count: number) {
  const summaries = makeSummaries(count, cal, 20260921, (rnd) => {
    if (rnd() < 0.7) return { leadUnitId: 'qingquan', assistUnitIds: rnd() < 0.3 ? [units[1 + Math.floor(rnd() * (units.length - 1))].id] : [] }
    return { leadUnitId: units[1 + Math.floor(rnd() * (units.length - 1))].id, assistUnitIds: ['qingquan'] }
  })
  return project(CLERK_DB, CLERK, 'inbox', rooms.inbox('qingquan'), summaries)
}

/** 20,000 tasks across the county's working units, as the discipline commission's device holds them. */
export function seedOversight(count: number) {
  const summaries = makeSummaries(count, cal, 20261215, (rnd) => ({
    leadUnitId: units[Math.floor(rnd() * units.length)].id,
    assistUnitIds: rnd() < 0.3 ? [units[Math.floor(rnd() * units.length)].id] : []
  }))
  return project(REVIEWER_DB, REVIEWER, 'oversight', rooms.oversight('2026'), summaries)
}

/**
 * The first value of a live query: what useLiveQuery renders first. Unsubscribed at
 * once, so no run answers from a subscription an earlier run left behind.
 */
function firstValue<T>(querier: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false
    const sub: { unsubscribe(): void } | undefined = liveQuery(querier).subscribe({
      next: (v) => {
        done = true
        sub?.unsubscribe()
        resolve(v)
      },
      error: reject
    })
    if (done) sub.unsubscribe()
  })
}

let clerkDb: UserDb | null = null
let reviewerDb: UserDb | null = null

/** The app opens the user's database once at sign-in (startServices); so does the bench. */
export async function openDatabases(): Promise<{ openMs: number }> {
  clerkDb?.close()
  reviewerDb?.close()
  const t0 = performance.now()
  clerkDb = new UserDb(CLERK_DB)
  await clerkDb.open()
  const openMs = performance.now() - t0
  reviewerDb = new UserDb(REVIEWER_DB)
  await reviewerDb.open()
  return { openMs }
}

const need = (db: UserDb | null) => {
  if (!db) throw new Error('openDatabases() first')
  return db
}

export interface Timed {
  ms: number
  rows: number
  total: number
  counts?: Record<TabKey, number>
}

/** ScopeTabs mounting or switching to a tab: useTabCounts + useListPage, both live, in parallel. */
async function showTab(db: UserDb, scope: Scope, tab: TabKey, search = ''): Promise<Timed> {
  const t0 = performance.now()
  const [counts, page] = await Promise.all([
    firstValue(() => tabCounts(db, scope, TABS)),
    firstValue(() => listPage(db, `${scope}:${tab}`, { page: 1, pageSize: PAGE_SIZE, search }))
  ])
  return { ms: performance.now() - t0, rows: page.rows.length, total: page.total, counts }
}

export const openInbox = () => showTab(need(clerkDb), 'inbox', 'sign')
export const switchTab = (tab: TabKey) => showTab(need(clerkDb), 'inbox', tab)
export const openOversight = (tab: TabKey) => showTab(need(reviewerDb), 'oversight', tab)

/** A later page of a long tab (the pager): only the page query runs. */
export async function pageOf(tab: TabKey, page: number): Promise<Timed> {
  const db = need(clerkDb)
  const t0 = performance.now()
  const p = await firstValue(() => listPage(db, `inbox:${tab}`, { page, pageSize: PAGE_SIZE }))
  return { ms: performance.now() - t0, rows: p.rows.length, total: p.total }
}

/** Typing a search into a tab: the tab's page query with the search. */
export async function search(tab: TabKey, text: string): Promise<Timed> {
  const db = need(clerkDb)
  const t0 = performance.now()
  const p = await firstValue(() => listPage(db, `inbox:${tab}`, { page: 1, pageSize: PAGE_SIZE, search: text }))
  return { ms: performance.now() - t0, rows: p.rows.length, total: p.total }
}

/** The 2026 efficiency table over the summaries `read` returns: read time and unitEfficiency time. */
async function efficiencyTable(read: (db: UserDb, period: ReturnType<typeof periodOf>) => Promise<RecordSummary[]>) {
  const db = need(reviewerDb)
  const period = periodOf('year', '2026-06-30')
  const t0 = performance.now()
  const rows = await read(db, period)
  const t1 = performance.now()
  const table = unitEfficiency(
    rows,
    period,
    NOW,
    cal,
    units.map((u) => u.id)
  )
  const t2 = performance.now()
  return { ms: t2 - t0, readMs: t1 - t0, computeMs: t2 - t1, rows: table.length, total: rows.length }
}

/**
 * The reviewer's efficiency table for 2026: the year's summaries read from Dexie (by the
 * createdAt index), then unitEfficiency. A plain read, not a live query — as the oversight
 * workspace reads (a live query would track 20,000 keys and re-read on every change).
 */
export const efficiencyYear = (): Promise<Timed & { readMs: number; computeMs: number }> => efficiencyTable(summariesCreatedIn)

/** The same table from every summary the oversight room carries (scopes index), whatever its year. */
export const efficiencyAllOversight = (): Promise<Timed & { readMs: number; computeMs: number }> =>
  efficiencyTable((db) => db.summaries.where('scopes').equals('oversight').toArray())

/**
 * The same in the real UI: ScopeTabs (antd Tabs + TaskTable over the hooks) rendered by
 * React into the page. Timed from the render call or the tab click until the DOM shows
 * the tab's first page and every count (React has committed; painting is not included).
 */
let ui: { root: Root; el: HTMLElement } | null = null

function until(el: HTMLElement, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done()) return resolve()
    const timer = setTimeout(() => {
      mo.disconnect()
      reject(new Error(`the UI did not settle within ${timeoutMs} ms`))
    }, timeoutMs)
    const mo = new MutationObserver(() => {
      if (!done()) return
      mo.disconnect()
      clearTimeout(timer)
      resolve()
    })
    mo.observe(el, { subtree: true, childList: true, attributes: true, characterData: true })
  })
}

/**
 * Rows on a page of the rendered table: the tables' default (features/tasks/tablePrefs.ts),
 * set explicitly so a choice left in the page's storage cannot change the figure.
 */
const UI_PAGE_SIZE = 50

/** The tab's table shows its first page (not loading) and the counts are in. */
function shows(el: HTMLElement, tab: TabKey, counts: Record<TabKey, number>): boolean {
  const table = el.querySelector(`[data-testid="task-list-inbox-${tab}"]`)
  if (!table || table.querySelector('.ant-spin-spinning')) return false
  if (table.querySelectorAll('tr[data-testid^="task-row-"]').length !== Math.min(UI_PAGE_SIZE, counts[tab])) return false
  return TABS.every((t) => el.querySelector(`[data-testid="tab-count-${t}"]`)?.getAttribute('data-count') === String(counts[t]))
}

export async function renderInbox(): Promise<Timed> {
  const db = need(clerkDb)
  const counts = await tabCounts(db, 'inbox')
  setTablePrefs({ density: 'compact', pageSize: UI_PAGE_SIZE })
  ui?.root.unmount()
  ui?.el.remove()
  const el = document.createElement('div')
  document.body.append(el)
  const root = createRoot(el)
  ui = { root, el }
  // What the table's hooks read from a signed-in session: the database, the viewer, the
  // session's (server-adjusted) clock for the live day counts, and the county's task context.
  const taskCtx = makeTaskContext(units)
  const used: Pick<Services, 'db' | 'viewer'> & { session: Pick<Services['session'], 'now'>; manager: Pick<Services['manager'], 'taskContext'> } = {
    db,
    viewer: CLERK,
    session: { now: () => NOW },
    manager: { taskContext: () => taskCtx }
  }
  const services = used as Services
  const t0 = performance.now()
  const tabs = createElement(ServicesContext.Provider, { value: services }, createElement(ScopeTabs, { scope: 'inbox' }))
  // biome-ignore lint/correctness/noChildrenProp: createElement's types want the provider's required children in its props.
  root.render(createElement(I18nProvider, { fallback: 'zh-CN', children: tabs }))
  await until(el, () => shows(el, 'sign', counts))
  return { ms: performance.now() - t0, rows: el.querySelectorAll('tr[data-testid^="task-row-"]').length, total: counts.sign, counts }
}

export async function renderTab(tab: TabKey): Promise<Timed> {
  if (!ui) throw new Error('renderInbox() first')
  const { el } = ui
  const counts = await tabCounts(need(clerkDb), 'inbox')
  const t0 = performance.now()
  ;(el.querySelector(`[data-testid="tab-${tab}"]`) as HTMLElement).click()
  await until(el, () => shows(el, tab, counts))
  return {
    ms: performance.now() - t0,
    rows: el.querySelectorAll(`[data-testid="task-list-inbox-${tab}"] tr[data-testid^="task-row-"]`).length,
    total: counts[tab]
  }
}

export const bench = {
  setDirectory,
  seedInbox,
  seedOversight,
  openDatabases,
  openInbox,
  switchTab,
  openOversight,
  pageOf,
  search,
  efficiencyYear,
  efficiencyAllOversight,
  renderInbox,
  renderTab
}
export type InboxBench = typeof bench
