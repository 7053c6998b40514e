/**
 * Who a notice goes to: its audience parts resolved against the directory.
 * Pure and linear in the size of the directory (64 units / 700 people).
 */
import { isWorkingUnit, type Actor, type Directory, type Person, type Unit } from '../directory'
import type { AudiencePart } from './types'

export interface DirectoryIndex {
  units: Map<string, Unit>
  people: Map<string, Person>
  peopleByUnit: Map<string, Person[]>
}

export function indexDirectory(dir: Directory): DirectoryIndex {
  const units = new Map(dir.units.map((u) => [u.id, u]))
  const people = new Map(dir.people.map((p) => [p.id, p]))
  const peopleByUnit = new Map<string, Person[]>()
  for (const p of dir.people) {
    const list = peopleByUnit.get(p.unitId)
    if (list) list.push(p)
    else peopleByUnit.set(p.unitId, [p])
  }
  return { units, people, peopleByUnit }
}

/**
 * 县委办 and 县政府办: the offices that publish county-wide. Recognised from the
 * directory's data (an `office` unit, or the offices' standard names), not by id.
 */
export function isCountyOffice(u: Unit | undefined): boolean {
  if (!u) return false
  return u.kind === 'office' || /^(中共)?[^\s]{0,8}?县(委|人民政府|政府)办公室$/.test(u.name) || /^县(委|政府)办$/.test(u.name)
}

/** Parts only the county offices may address: everyone, a whole group, or a role across units. */
export const isCountyWide = (p: AudiencePart): boolean => p.type === 'county' || p.type === 'group' || p.type === 'role'

const inScope = (u: Unit | undefined, scope: 'all' | 'townships' | 'departments'): boolean =>
  !!u && (scope === 'all' ? isWorkingUnit(u) : scope === 'townships' ? u.kind === 'township' : u.kind === 'department')

export interface ResolvedAudience {
  /** Sorted person ids. */
  userIds: string[]
  /** Ids named in the audience that the directory does not know: the publish is refused. */
  unknown: string[]
  /**
   * Where the 公告栏 rows go (docs/decisions.md, "Notices: rooms the server can guard"):
   * units addressed whole (county, chosen units, a group) get one row on their unit board;
   * everyone else in the audience (chosen people, a role) one row on their own board.
   */
  boards: BoardTargets
  /** Each person's unit at publishing: where a 回执 still missing is counted after they move (docs/decisions.md, "A notice to a unit follows the unit"). */
  unitOf: Record<string, string>
}

export interface BoardTargets {
  /** Sorted unit ids addressed whole. */
  units: string[]
  /** Sorted person ids outside those units. */
  people: string[]
}

export function resolveAudience(parts: AudiencePart[], ix: DirectoryIndex): ResolvedAudience {
  const out = new Set<string>()
  const unknown: string[] = []
  const whole = new Set<string>()
  const addUnit = (unitId: string, pick?: (p: Person) => boolean) => {
    if (!pick) whole.add(unitId)
    for (const p of ix.peopleByUnit.get(unitId) ?? []) if (!pick || pick(p)) out.add(p.id)
  }
  for (const part of parts) {
    switch (part.type) {
      case 'county':
        for (const u of ix.units.keys()) addUnit(u)
        // People whose unit the directory lacks still get the notice, on their own board.
        for (const p of ix.people.values()) out.add(p.id)
        break
      case 'units':
        for (const u of part.unitIds) {
          if (!ix.units.has(u)) unknown.push(u)
          else addUnit(u)
        }
        break
      case 'group':
        for (const u of ix.units.values()) if (inScope(u, part.group)) addUnit(u.id)
        break
      case 'people':
        for (const id of part.userIds) {
          if (ix.people.has(id)) out.add(id)
          else unknown.push(id)
        }
        break
      case 'role':
        for (const u of ix.units.values()) if (inScope(u, part.scope)) addUnit(u.id, (p) => p.roles.includes(part.role))
        break
    }
  }
  const userIds = [...out].sort()
  const people = userIds.filter((id) => !whole.has(ix.people.get(id)?.unitId ?? ''))
  const unitOf: Record<string, string> = {}
  for (const id of userIds) unitOf[id] = ix.people.get(id)?.unitId ?? ''
  return { userIds, unknown, boards: { units: [...whole].sort(), people }, unitOf }
}

/**
 * Who may open a published notice and sign its 回执 (docs/decisions.md, "A notice to a unit
 * follows the unit"): everyone it was sent to, wherever they are now, and whoever is now in a
 * unit it was addressed to whole. People and roles addressed by name are in `audience` only,
 * so a newcomer to their unit does not inherit them. One lookup each: nothing here grows with
 * the county's history. The server's ACL, its reader check and the client all ask this.
 */
export function isNoticeReader(
  actor: Pick<Actor, 'userId' | 'unitId'>,
  audience: ReadonlySet<string> | readonly string[],
  wholeUnits: readonly string[]
): boolean {
  const sent = 'has' in audience ? audience.has(actor.userId) : audience.includes(actor.userId)
  return sent || (actor.unitId !== '' && wholeUnits.includes(actor.unitId))
}
