/** The `directory` room -> Dexie units/people, and the in-memory maps the projectors use for names and actors. */
import type * as Y from 'yjs'
import type { Person, Unit } from '@domain/directory'
import { peopleMap, unitsMap } from '@domain/index-rooms'
import type { ProjectorCtx } from './context'
import type { Attacher } from './room'

async function sync<T extends { id: string }>(table: import('dexie').Table<T, string>, map: Y.Map<T>, memory: Map<string, T>): Promise<void> {
  if (map.size === 0) return // never synced: keep the cache
  const values = [...map.values()]
  const keep = new Set(values.map((v) => v.id))
  const old = (await table.toCollection().primaryKeys()) as string[]
  await table.bulkPut(values)
  await table.bulkDelete(old.filter((k) => !keep.has(k)))
  memory.clear()
  for (const v of values) memory.set(v.id, v)
}

export function directoryProjector(ctx: ProjectorCtx): Attacher {
  return (doc) => {
    const units = unitsMap(doc)
    const people = peopleMap(doc)
    const run = () =>
      void ctx.queue.run(async () => {
        await ctx.db.transaction('rw', ctx.db.units, ctx.db.people, async () => {
          await sync<Unit>(ctx.db.units, units, ctx.dir.units)
          await sync<Person>(ctx.db.people, people, ctx.dir.people)
        })
      })
    run()
    const onChange = () => run()
    units.observe(onChange)
    people.observe(onChange)
    return () => {
      units.unobserve(onChange)
      people.unobserve(onChange)
    }
  }
}

/** Loads the cached directory into memory at start (offline). */
export async function loadDirectory(ctx: Pick<ProjectorCtx, 'db' | 'dir'>): Promise<void> {
  const [units, people] = await Promise.all([ctx.db.units.toArray(), ctx.db.people.toArray()])
  for (const u of units) ctx.dir.units.set(u.id, u)
  for (const p of people) ctx.dir.people.set(p.id, p)
}
