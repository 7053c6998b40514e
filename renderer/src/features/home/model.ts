/**
 * What the 工作台 shows each role (docs/decisions.md): the lists that hold "my" yellow and
 * red items, and which tools and shortcuts a role gets. Pure, so it is tested without a browser.
 */
import type { Role } from '@domain/directory'
import type { Scope } from '@renderer/core/data/summaries'

export interface HomePlan {
  /** Index scopes whose 临期/超期 lists are "mine". */
  warningScopes: Scope[]
  /** Show the 待办 table (people who sign, review or decide). */
  todo: boolean
  shortcuts: Shortcut[]
}

export type Shortcut = 'assign' | 'proxyAssign' | 'register' | 'tasks' | 'oversight' | 'audit' | 'calendar'

export function homePlan(roles: readonly Role[]): HomePlan {
  const has = (r: Role) => roles.includes(r)
  const handler = has('clerk') || has('head')
  const leader = has('leader')
  const overseer = has('supervisor') || has('reviewer') || has('top_leader')
  const warningScopes: Scope[] = [
    ...(handler ? (['inbox'] as const) : []),
    ...(leader ? (['mine'] as const) : []),
    ...(overseer && !leader ? (['oversight'] as const) : [])
  ]
  const shortcuts: Shortcut[] = []
  if (leader) shortcuts.push('assign')
  if (has('clerk')) shortcuts.push('register')
  if (handler || leader) shortcuts.push('tasks')
  if (has('supervisor') && !leader) shortcuts.push('proxyAssign')
  if (has('supervisor') || has('reviewer') || has('top_leader')) shortcuts.push('oversight')
  if (has('reviewer')) shortcuts.push('audit')
  if (has('admin')) shortcuts.push('calendar')
  return { warningScopes, todo: handler || leader, shortcuts }
}

/** Pages a role sees in the sidebar: no empty 交办件 / 待办 pages for people who neither handle nor assign. */
export function navFor(roles: readonly Role[]): { todo: boolean; tasks: boolean } {
  const has = (r: Role) => roles.includes(r)
  const works = has('clerk') || has('head') || has('leader')
  // 督查室 keeps 交办件: the county-wide list and 代录.
  return { todo: works, tasks: works || has('supervisor') }
}
