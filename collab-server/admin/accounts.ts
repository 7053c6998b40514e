/**
 * Account administration (docs/deploy.md, "Accounts"). Every change is one
 * audited step in the `admin` trail with the state before and after; people
 * themselves live in the `directory` room, so name/unit/role changes reach
 * every client through it. Nothing here can touch audit records, tasks,
 * documents or notices.
 */
import { randomInt } from 'node:crypto'
import { ADMIN_ROLES, dutyConflict, type AdminDuties, type Person, type Role } from '@domain/directory'
import { peopleMap } from '@domain/index-rooms'
import { isValidId } from '@domain/rooms'
import { hashPassword } from '../auth/passwords'
import { setPassword, passwordProblem, type AuthDeps } from '../http/auth-routes'
import type { Hub } from '../rooms/hub'

export const ROLES: readonly Role[] = ['clerk', 'head', 'leader', 'top_leader', 'supervisor', 'reviewer', 'admin', 'sysadmin', 'secadmin', 'auditadmin']

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

export interface AccountView extends Person {
  disabled: boolean
  mustChangePassword: boolean
  expiresAt: number | null
}

export interface PersonInput {
  id?: unknown
  username?: unknown
  name?: unknown
  unitId?: unknown
  roles?: unknown
  title?: unknown
  mobile?: unknown
  posts?: unknown
  expiresAt?: unknown
}

/** The roles in which two lists differ. */
const changedRoles = (a: readonly Role[], b: readonly Role[]): Role[] => [...a.filter((r) => !b.includes(r)), ...b.filter((r) => !a.includes(r))]

/** Who may grant which roles (docs/decisions.md, "Separation of administrative duties"). */
function checkRoleChange(duties: AdminDuties, adminId: string, userId: string, changed: Role[]): void {
  if (changed.length === 0) return
  if (userId === adminId) throw new AdminError(403, 'SELF_ROLES', '不能修改自己的角色')
  if (changed.some((r) => ADMIN_ROLES.includes(r)) && !duties.secure)
    throw new AdminError(403, 'ADMIN_ROLE_NEEDS_SECADMIN', '管理员角色只能由安全管理员授予或收回')
  if (changed.some((r) => !ADMIN_ROLES.includes(r)) && !duties.manage) throw new AdminError(403, 'FORBIDDEN', '只有系统管理员可以修改人员的业务角色')
}

export class AccountAdmin {
  constructor(
    private readonly hub: Hub,
    private readonly auth: AuthDeps
  ) {}

  list(): AccountView[] {
    const rows = new Map(
      (
        this.auth.db.prepare('SELECT user_id, disabled, must_change, expires_at FROM accounts').all() as {
          user_id: string
          disabled: number
          must_change: number
          expires_at: number | null
        }[]
      ).map((r) => [r.user_id, r])
    )
    return this.auth
      .directory()
      .allPeople()
      .map((p) => {
        const r = rows.get(p.id)
        return { ...p, disabled: !!r?.disabled, mustChangePassword: !!r?.must_change, expiresAt: r?.expires_at ?? null }
      })
  }

  loginHistory(userId: string, limit = 50): { at: number; address: string; outcome: string }[] {
    return this.auth.db.prepare('SELECT at, address, outcome FROM login_history WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?').all(userId, limit) as {
      at: number
      address: string
      outcome: string
    }[]
  }

  /** Adds a person with a one-time password they must change at first login; returns that password. */
  async create(adminId: string, input: PersonInput, duties: AdminDuties): Promise<{ person: Person; oneTimePassword: string }> {
    const person = this.validate(input)
    checkRoleChange(duties, adminId, person.id, changedRoles([], person.roles))
    const dir = this.auth.directory()
    if (dir.person(person.id)) throw new AdminError(409, 'ID_TAKEN', `编号 ${person.id} 已存在`)
    if (dir.personByUsername(person.username) || this.auth.db.prepare('SELECT 1 FROM accounts WHERE username = ?').get(person.username))
      throw new AdminError(409, 'USERNAME_TAKEN', `用户名 ${person.username} 已被使用`)
    const otp = oneTimePassword()
    const hash = await hashPassword(otp, this.auth.passwordCost)
    const now = this.auth.clock()
    this.hub.step((w) => {
      this.auth.db
        .prepare('INSERT INTO accounts(user_id, username, password_hash, must_change, password_changed_at, expires_at) VALUES (?,?,?,1,?,?)')
        .run(person.id, person.username, hash, now, numOrNull(input.expiresAt))
      w.write('directory', `${this.who(adminId)} 新增人员：${describePerson(person)}`, (doc) => peopleMap(doc).set(person.id, person))
      this.trail(adminId, `新增账号 ${person.username}`, null, person)
    })
    this.auth.accounts.reload(person.id)
    return { person, oneTimePassword: otp }
  }

  update(adminId: string, userId: string, input: PersonInput, duties: AdminDuties): Person {
    if (!duties.manage && !duties.secure) throw new AdminError(403, 'FORBIDDEN', '需要系统管理员或安全管理员权限')
    const before = this.auth.directory().person(userId)
    if (!before) throw new AdminError(404, 'NO_SUCH_PERSON', '无此人员')
    const after = this.validate({ ...before, ...input, id: userId, username: before.username })
    const { roles: _b, ...restBefore } = before
    const { roles: _a, ...restAfter } = after
    if (JSON.stringify(restBefore) !== JSON.stringify(restAfter) && !duties.manage) throw new AdminError(403, 'FORBIDDEN', '只有系统管理员可以修改人员信息')
    checkRoleChange(duties, adminId, userId, changedRoles(before.roles, after.roles))
    const rolesChanged = before.roles.join() !== after.roles.join() || before.unitId !== after.unitId
    if (input.expiresAt !== undefined && input.expiresAt !== null && numOrNull(input.expiresAt) === null)
      throw new AdminError(400, 'BAD_EXPIRY', '账号有效期无效')
    // The account's expiry lives with the account, not in the directory; the trail shows it when it changes.
    const expiry = input.expiresAt === undefined ? undefined : { before: this.auth.accounts.row(userId)?.expires_at ?? null, after: numOrNull(input.expiresAt) }
    const personChanged = JSON.stringify(before) !== JSON.stringify(after)
    if (!personChanged && (!expiry || expiry.before === expiry.after)) throw new AdminError(400, 'NO_CHANGE', '没有修改')
    this.hub.step((w) => {
      if (personChanged)
        w.write('directory', `${this.who(adminId)} 修改人员：${describePerson(before)} → ${describePerson(after)}`, (doc) => peopleMap(doc).set(userId, after))
      if (expiry) this.auth.db.prepare('UPDATE accounts SET expires_at = ? WHERE user_id = ?').run(expiry.after, userId)
      this.trail(
        adminId,
        `修改账号 ${before.username}`,
        expiry ? { ...before, expiresAt: expiry.before } : before,
        expiry ? { ...after, expiresAt: expiry.after } : after
      )
    })
    // New roles or unit: tokens carry the old ones, so they end now and the person signs in again.
    if (rolesChanged) this.revoke(userId, 'roles changed')
    return after
  }

  setDisabled(adminId: string, userId: string, disabled: boolean): void {
    const person = this.auth.directory().person(userId)
    const row = this.auth.accounts.row(userId)
    if (!person || !row) throw new AdminError(404, 'NO_SUCH_PERSON', '无此人员')
    if (disabled && userId === adminId) throw new AdminError(400, 'CANNOT_DISABLE_SELF', '不能停用自己的账号')
    this.hub.step(() => {
      this.auth.db.prepare('UPDATE accounts SET disabled = ? WHERE user_id = ?').run(disabled ? 1 : 0, userId)
      this.trail(adminId, `${disabled ? '停用' : '启用'}账号 ${person.username}（${this.who(userId)}）`, { disabled: !!row.disabled }, { disabled })
    })
    if (disabled) this.revoke(userId, 'account disabled')
    else this.auth.accounts.reload(userId)
  }

  /**
   * 强制下线: ends every session of the person (a lost laptop, a suspected stolen password) without
   * disabling the account; they sign in again with their password. On the trail; the client's sign-in
   * page says 会话已被管理员终止 (docs/protocol.md, refresh `reason`).
   */
  endSessions(adminId: string, userId: string): { closed: number } {
    const person = this.auth.directory().person(userId)
    const row = this.auth.accounts.row(userId)
    if (!person || !row) throw new AdminError(404, 'NO_SUCH_PERSON', '无此人员')
    if (userId === adminId) throw new AdminError(400, 'CANNOT_END_OWN_SESSIONS', '不能强制自己下线，请使用退出登录')
    this.hub.step(() => {
      this.trail(adminId, `强制下线 ${person.username}（${this.who(userId)}）：结束其全部会话`, { sessions: 'live' }, { sessions: 'ended' })
    })
    this.auth.accounts.revokeAll(userId)
    return { closed: this.hub.closeUser(userId, 'sessions ended by an administrator') }
  }

  /** Sets a one-time password that must be changed at the next login; ends every session. */
  async resetPassword(adminId: string, userId: string): Promise<{ oneTimePassword: string }> {
    const person = this.auth.directory().person(userId)
    const row = this.auth.accounts.row(userId)
    if (!person || !row) throw new AdminError(404, 'NO_SUCH_PERSON', '无此人员')
    const otp = oneTimePassword()
    const hash = await hashPassword(otp, this.auth.passwordCost)
    const now = this.auth.clock()
    this.hub.step(() => {
      setPassword(this.auth.db, userId, hash, row.password_hash, now, true)
      this.trail(
        adminId,
        `重置密码 ${person.username}（${this.who(userId)}），下次登录须修改`,
        { mustChangePassword: !!row.must_change },
        { mustChangePassword: true }
      )
    })
    this.revoke(userId, 'password reset')
    return { oneTimePassword: otp }
  }

  /** Exposed for the password-change route's checks. */
  problem(userId: string, pw: string) {
    return passwordProblem(this.auth, userId, pw)
  }

  private revoke(userId: string, reason: string): void {
    this.auth.accounts.revokeAll(userId)
    this.hub.closeUser(userId, reason)
  }

  private who(userId: string): string {
    return this.auth.directory().label(userId)
  }

  /** One row on the admin trail: what changed, before and after. Runs inside the caller's commit. */
  private trail(adminId: string, what: string, before: unknown, after: unknown): void {
    const actor = this.auth.directory().person(adminId)
    this.auth.audit.append({
      room: 'admin',
      kind: 'event',
      userId: adminId,
      unitId: actor?.unitId ?? null,
      at: this.auth.clock(),
      update: null,
      summary: `${this.who(adminId)} ${what}；之前：${JSON.stringify(before)}；之后：${JSON.stringify(after)}`
    })
  }

  private validate(input: PersonInput): Person {
    const id = input.id
    const dir = this.auth.directory()
    if (!isValidId(id)) throw new AdminError(400, 'BAD_ID', '编号只能由字母、数字、_、- 组成')
    if (typeof input.username !== 'string' || !/^[A-Za-z0-9._-]{2,64}$/.test(input.username))
      throw new AdminError(400, 'BAD_USERNAME', '用户名须为2–64位字母、数字或 . _ -')
    if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 32)
      throw new AdminError(400, 'BAD_NAME', '请填写姓名（不超过32字）')
    const unit = typeof input.unitId === 'string' ? dir.unit(input.unitId) : undefined
    if (!unit) throw new AdminError(400, 'BAD_UNIT', '单位不存在')
    if (!Array.isArray(input.roles) || input.roles.length === 0 || !input.roles.every((r) => ROLES.includes(r as Role)))
      throw new AdminError(400, 'BAD_ROLES', '请至少选择一个有效角色')
    const roles = [...new Set(input.roles as Role[])]
    const conflict = dutyConflict(roles)
    if (conflict) throw new AdminError(400, 'ROLES_CONFLICT', '系统管理员、安全管理员、审计管理员须由不同人员担任')
    const title = optText(input.title, 32, 'BAD_TITLE', '职务不超过32字')
    const mobile = optText(input.mobile, 11, 'BAD_MOBILE', '手机号须为11位')
    if (mobile && !/^1\d{10}$/.test(mobile)) throw new AdminError(400, 'BAD_MOBILE', '手机号须为11位')
    const p: Person = { id, username: input.username, name: input.name.trim(), unitId: unit.id, roles }
    if (title) p.title = title
    if (mobile) p.mobile = mobile
    const posts = this.posts(input.posts, unit.id)
    if (posts.length) p.posts = posts
    return p
  }

  /** Further posts in other units (one person, two units): working units other than the main one. */
  private posts(v: unknown, mainUnitId: string): NonNullable<Person['posts']> {
    if (v === undefined || v === null) return []
    if (!Array.isArray(v) || v.length > 3) throw new AdminError(400, 'BAD_POSTS', '兼职最多3个')
    const out: NonNullable<Person['posts']> = []
    for (const x of v as { unitId?: unknown; title?: unknown }[]) {
      const u = typeof x?.unitId === 'string' ? this.auth.directory().unit(x.unitId) : undefined
      if (!u || u.mergedInto) throw new AdminError(400, 'BAD_UNIT', '兼职单位不存在或已被合并')
      if (u.id === mainUnitId || out.some((o) => o.unitId === u.id)) throw new AdminError(400, 'BAD_POSTS', '兼职单位不能与所在单位或其他兼职重复')
      const title = optText(x.title, 32, 'BAD_TITLE', '职务不超过32字')
      out.push(title ? { unitId: u.id, title } : { unitId: u.id })
    }
    return out
  }
}

function optText(v: unknown, max: number, code: string, message: string): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string' || v.trim().length > max) throw new AdminError(400, code, message)
  return v.trim() || undefined
}

const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function describePerson(p: Person): string {
  const posts = (p.posts ?? []).map((x) => `兼${x.unitId}${x.title ?? ''}`).join('，')
  return `${p.name}（${p.username}，${p.unitId}，${p.roles.join('/')}${p.title ? `，${p.title}` : ''}${p.mobile ? `，${p.mobile}` : ''}${posts ? `，${posts}` : ''}）`
}

/** 12 characters from an alphabet without look-alikes; meets the default policy (lower, upper, digit). */
export function oneTimePassword(): string {
  const sets = ['abcdefghjkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789']
  const all = sets.join('')
  const chars = sets.map((s) => s[randomInt(s.length)])
  while (chars.length < 12) chars.push(all[randomInt(all.length)])
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j], chars[i]]
  }
  return chars.join('')
}
