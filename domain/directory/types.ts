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
  /** 公文: 发文代字 (e.g. 浠政办发), the red 发文机关标志 and the formal name for 署名/印发机关 — directory data, not code. */
  docCode?: string
  issuerMark?: string
  formalName?: string
  /** Its notices (通知公告) go out only after the unit head approves them (docs/decisions.md). */
  noticeApproval?: boolean
}

/**
 * A person may hold several roles (domain.md, "Roles"). 'top_leader' (县委书记, 县长) comes with
 * 'leader': it adds a county-wide, read-only view of every 交办件 (domain/task/access.ts).
 */
export type Role = 'clerk' | 'head' | 'leader' | 'top_leader' | 'supervisor' | 'reviewer' | 'admin'

export interface Person {
  id: string
  username: string
  name: string
  unitId: string
  roles: Role[]
  /** Post shown next to the name, e.g. 县长, 收发员. */
  title?: string
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

/** Units that take part in work: the 16 townships and 48 county departments. */
export const isWorkingUnit = (u: Unit): boolean => u.kind === 'township' || u.kind === 'department'
