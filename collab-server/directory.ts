/**
 * The server's view of the directory. The source of truth is the `directory`
 * room (seeded from a data file on first start; admins edit it later); this
 * class keeps lookup maps over it.
 */
import type * as Y from 'yjs'
import { isWorkingUnit, type Actor, type Directory, type Person, type Unit } from '../domain/directory'
import { peopleMap, unitsMap } from '../domain/index-rooms'

export class DirectoryService {
  private units = new Map<string, Unit>()
  private people = new Map<string, Person>()
  private byUsername = new Map<string, Person>()
  workingUnitIds: Set<string> = new Set()

  constructor(private readonly doc: Y.Doc) {
    this.refresh()
    doc.on('afterTransaction', () => this.refresh())
  }

  private refresh(): void {
    this.units = new Map(unitsMap(this.doc).entries())
    this.people = new Map(peopleMap(this.doc).entries())
    this.byUsername = new Map([...this.people.values()].map((p) => [p.username, p]))
    this.workingUnitIds = new Set([...this.units.values()].filter(isWorkingUnit).map((u) => u.id))
  }

  unit(id: string): Unit | undefined {
    return this.units.get(id)
  }
  person(id: string): Person | undefined {
    return this.people.get(id)
  }
  personByUsername(username: string): Person | undefined {
    return this.byUsername.get(username)
  }
  actor(userId: string): Actor | undefined {
    const p = this.people.get(userId)
    return p && { userId: p.id, unitId: p.unitId, roles: p.roles, name: p.name }
  }
  peopleOfUnit(unitId: string): Person[] {
    return [...this.people.values()].filter((p) => p.unitId === unitId)
  }
  allPeople(): Person[] {
    return [...this.people.values()]
  }
  /** "清泉镇 张三" — how audit summaries name a person. */
  label(userId: string | null): string {
    if (!userId) return '系统'
    const p = this.people.get(userId)
    if (!p) return userId
    return `${this.units.get(p.unitId)?.name ?? p.unitId} ${p.name}`
  }
}

/** Writes a directory file into the directory room (first start or admin import). */
export function writeDirectory(doc: Y.Doc, dir: Directory): void {
  const units = unitsMap(doc)
  const people = peopleMap(doc)
  for (const u of dir.units) units.set(u.id, u)
  for (const p of dir.people) people.set(p.id, p)
}
