/**
 * Index rooms (inbox:<unit>, mine:<user>, oversight:<year>) -> Dexie `summaries`.
 * Each row records which index rooms carry it; a row kept by none is removed.
 * Rows marked `local` are projections of unsent events: the task projector
 * owns their content until the server has stamped everything.
 */
import type * as Y from 'yjs'
import { itemsMap } from '@domain/index-rooms'
import type { RecordSummary } from '@domain/task/types'
import type { SummaryRow } from '../data/db'
import { isOpen, listsFor, toRow, type Scope } from '../data/summaries'
import { rooms } from '@domain/rooms'
import type { ProjectorCtx } from './context'
import type { Attacher } from './room'

type Change = [id: string, summary: RecordSummary | undefined]

const withScopes = (row: SummaryRow, scopes: string[], ctx: ProjectorCtx): SummaryRow => ({
  ...row,
  scopes,
  lists: listsFor(row, scopes, ctx.viewer)
})

async function applyChanges(ctx: ProjectorCtx, scope: Scope, changes: Change[]): Promise<void> {
  if (changes.length === 0) return
  const { db } = ctx
  const added: SummaryRow[] = []
  const stale: string[] = []
  await db.transaction('rw', db.summaries, db.listCounts, db.docs, async () => {
    const olds = await db.summaries.bulkGet(changes.map((c) => c[0]))
    const docs = await db.docs.bulkGet(changes.map((c) => rooms.task(c[0])))
    const puts: SummaryRow[] = []
    const dels: string[] = []
    changes.forEach(([id, s], i) => {
      const old = olds[i]
      if (s) {
        const scopes = old?.scopes.includes(scope) ? old.scopes : [...(old?.scopes ?? []), scope]
        if (old?.local) {
          if (scopes !== old.scopes) puts.push(withScopes(old, scopes, ctx))
          return
        }
        const row = toRow(s, scopes, ctx.viewer)
        if (!old) added.push(row)
        if (!old || JSON.stringify(old) !== JSON.stringify(row)) puts.push(row)
        // Fetched ahead: what the person works with now (open records, and one that just closed under their
        // eyes). A closed record first seen here (years of history at a first sign-in) opens on demand.
        if (scope !== 'oversight' && (isOpen(s) || (old !== undefined && isOpen(old))) && s.updatedAt > (docs[i]?.summaryUpdatedAt ?? 0)) stale.push(id)
      } else if (old?.scopes.includes(scope) && !old.local) {
        // A local row (unsent events) keeps its place until the task projector hands it back.
        const scopes = old.scopes.filter((x) => x !== scope)
        if (scopes.length === 0 && !old.local) dels.push(id)
        else puts.push(withScopes(old, scopes, ctx))
      }
    })
    if (puts.length) await db.summaries.bulkPut(puts)
    if (dels.length) await db.summaries.bulkDelete(dels)
  })
  if (scope === 'inbox' && added.length) await ctx.alerts.inboxAdded(added)
  for (const id of stale) ctx.prefetch(id)
}

/** The createdAt range [from, to) of the rows one room of a scope holds (an oversight room: its year); all when absent. */
export type Span = [from: number, to: number]

async function reconcile(ctx: ProjectorCtx, scope: Scope, items: Y.Map<RecordSummary>, span?: Span): Promise<void> {
  const entries = [...items.entries()]
  const present = new Set(entries.map(([k]) => k))
  // Indexed by createdAt, so a year's room reads its year's rows only, however many years there are.
  const known = span
    ? ((await ctx.db.summaries
        .where('createdAt')
        .between(span[0], span[1], true, false)
        .filter((r) => r.scopes.includes(scope))
        .primaryKeys()) as string[])
    : ((await ctx.db.summaries.where('scopes').equals(scope).primaryKeys()) as string[])
  const gone: Change[] = known.filter((id) => !present.has(id)).map((id) => [id, undefined])
  await applyChanges(ctx, scope, [...gone, ...entries])
}

export function indexProjector(ctx: ProjectorCtx, scope: Scope, span?: Span): Attacher {
  return (doc, room) => {
    const items = itemsMap(doc)
    void ctx.queue.run(() => reconcile(ctx, scope, items, span))
    const onChange = (ev: Y.YMapEvent<RecordSummary>) => {
      // Snapshot now: the map may change again before the queue reaches this job.
      const changes: Change[] = [...ev.keysChanged].map((k) => [k, items.get(k)])
      void ctx.queue.run(() => applyChanges(ctx, scope, changes))
    }
    items.observe(onChange)
    const onSync = (synced: boolean) => {
      if (synced && scope === 'inbox') void ctx.queue.run(() => ctx.alerts.inboxSynced())
    }
    room.provider?.on('sync', onSync)
    if (room.synced) onSync(true)
    return () => {
      items.unobserve(onChange)
      room.provider?.off('sync', onSync)
    }
  }
}
