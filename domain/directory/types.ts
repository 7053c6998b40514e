/**
 * The county directory: units, people, roles. It is data an administrator
 * edits (seed file on the server, the `directory` room for clients), never code.
 */
export type UnitKind = 'township' | 'department' | 'leadership' | 'office' | 'discipline'

export interface Unit {
  id: string
  name: string
  kind: UnitKind
  /** Display order inside its kind. */
  order: number
  /** 简称, e.g. 清泉 for 清泉镇. */
  shortName?: string
  /** 公文: 发文代字 (e.g. 浠政办发, 清政 in 清政〔2026〕3号), the red 发文机关标志 and the formal name for 署名/印发机关 — directory data, not code. */
  docCode?: string
  issuerMark?: string
  formalName?: string
  /** Its notices (通知公告) go out only after the unit head approves them (docs/decisions.md). */
  noticeApproval?: boolean
  /**
   * Earlier names with the time each was in use (server ms, [from, to)). A
   * renamed unit keeps its id, so old records still point at it and show the
   * name it had then (`unitNameAt`).
   */
  formerNames?: { name: string; from: number; to: number }[]
  /** Merged into another unit: kept for history, no longer takes part in work. */
  mergedInto?: string
}

/**
 * A person may hold several roles (domain.md, "Roles"). 'top_leader' (县委书记, 县长) comes with
 * 'leader': it adds a county-wide, read-only view of every 交办件 (domain/task/access.ts).
 */
export type Role = 'clerk' | 'head' | 'leader' | 'top_leader' | 'supervisor' | 'reviewer' | 'admin' | 'sysadmin' | 'secadmin' | 'auditadmin'

/** 等保 "three officers": 系统管理员 runs accounts and units, 安全管理员 security (disable, reset, login history), 审计管理员 reads the trail. */
export const SEPARATION_ROLES = ['sysadmin', 'secadmin', 'auditadmin'] as const

export interface Person {
  id: string
  username: string
  name: string
  unitId: string
  roles: Role[]
  /** Post shown next to the name, e.g. 县长, 收发员. */
  title?: string
  /** Further posts in other units (one person, two units); the main post is unitId/title. */
  posts?: { unitId: string; title?: string }[]
  /** Mobile number (from the directory import). */
  mobile?: string
}

export interface Directory {
  units: Unit[]
  people: Person[]
}

/** The authenticated identity the server attaches to a connection; clients never choose it. */
export interface Actor {
  userId: string
  unitId: string
  roles: Role[]
  name: string
}

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role)

/** Who follows records county-wide, read-only where they are not a party: 督查室 and 纪委监委. */
export const isOverseer = (actor: Pick<Actor, 'roles'>): boolean => hasRole(actor, 'supervisor') || hasRole(actor, 'reviewer')

/** Units that take part in work: the 16 townships and 48 county departments. */
export const isWorkingUnit = (u: Unit): boolean => (u.kind === 'township' || u.kind === 'department') && !u.mergedInto

/** The unit's name as it was at `at` (server ms): old records show the name of their time. */
export function unitNameAt(u: Pick<Unit, 'name' | 'formerNames'>, at: number): string {
  for (const f of u.formerNames ?? []) if (at >= f.from && at < f.to) return f.name
  return u.name
}

/** A rename: the current name goes into the history, valid until `now`. */
export function renameUnit(u: Unit, newName: string, now: number): Unit {
  if (newName === u.name) return u
  const prev = u.formerNames ?? []
  const from = prev.length ? prev[prev.length - 1].to : 0
  return { ...u, name: newName, formerNames: [...prev, { name: u.name, from, to: now }] }
}
