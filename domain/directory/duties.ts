/**
 * 等保 2.0 三员分立 (docs/decisions.md, "Separation of administrative duties"):
 * what each administrative role may do on the 系统管理 pages. One rule for the
 * server's admin API and the client's pages. 'admin' is the combined role of a
 * county that does not separate the duties (and of the demo county).
 */
import { SEPARATION_ROLES, type Role } from './types'

export interface AdminDuties {
  /** See the accounts and units lists. */
  directory: boolean
  /** 系统管理员: add and edit people (ordinary roles), units, merges, the import. */
  manage: boolean
  /** 安全管理员: disable and enable, reset passwords, grant and withdraw the administrative roles. */
  secure: boolean
  /** A person's login history: 安全管理员 and 审计管理员. */
  loginHistory: boolean
  /** 审计管理员: read the trail of administrative changes (nobody can change it). */
  trail: boolean
  /**
   * 系统管理员: write the work calendar (holidays, 调休, the 代办件 time limits). It is configuration,
   * not security or audit; the calendar room's access rule (domain/kinds) reads it from here.
   */
  calendar: boolean
}

/** Roles only the security side may grant or withdraw, one person at a time (never by import). */
export const ADMIN_ROLES: readonly Role[] = ['admin', ...SEPARATION_ROLES]

export function adminDuties(a: { roles: readonly Role[] }): AdminDuties {
  const has = (r: Role) => a.roles.includes(r)
  const all = has('admin')
  const manage = all || has('sysadmin')
  const secure = all || has('secadmin')
  const trail = all || has('auditadmin')
  return { directory: manage || secure || trail, manage, secure, loginHistory: secure || trail, trail, calendar: manage }
}

/** The three officers are three people: null, or the two or more separated roles one person would hold. */
export function dutyConflict(roles: readonly Role[]): Role[] | null {
  const held = SEPARATION_ROLES.filter((r) => roles.includes(r))
  return held.length > 1 ? held : null
}
