/**
 * POST /api/login, POST /api/token/refresh, POST /api/password.
 * Wrong credentials get one answer whatever was wrong; repeated failures are
 * slowed per (account, address) and per address (collab-server/auth/throttle.ts);
 * every failure, throttled attempt and refresh-token reuse is on the audit
 * trail. Bodies must be application/json, so a hostile page cannot drive
 * logins with a "simple" cross-site form post.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Person } from '@domain/directory'
import { API_ERROR } from '@domain/wire'
import { verifyPassword, dummyHash, hashPassword } from '../auth/passwords'
import type { TokenService } from '../auth/tokens'
import type { LoginThrottle } from '../auth/throttle'
import type { Accounts } from '../auth/accounts'
import { checkPasswordShape, type PasswordPolicy } from '../auth/password-policy'
import type { DB } from '../store/db'
import type { DirectoryService } from '../directory'
import type { AuditLog } from '../audit/log'
import { apiError, bearer, clientAddress, readJson, sendJson } from './util'

export interface AuthDeps {
  db: DB
  tokens: TokenService
  throttle: LoginThrottle
  accounts: Accounts
  policy: PasswordPolicy
  directory: () => DirectoryService
  audit: AuditLog
  clock: () => number
  passwordCost: number
  /** Behind nginx on this machine: take the client address from the last X-Forwarded-For entry (docs/deploy.md). */
  trustProxy?: boolean
  /** Tells the administrators (a reminder in their user room); runs inside a commit. */
  alertAdmins: (title: string, body: string) => void
}

/** The address login throttling counts: the peer, or — only when it is a local proxy we were told to trust — the address it reports. */
export function loginAddress(req: IncomingMessage, trustProxy = false): string {
  const peer = clientAddress(req)
  if (!trustProxy || !/^(127\.|::1$|::ffff:127\.)/.test(peer)) return peer
  const xff = req.headers['x-forwarded-for']
  const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .pop()
  return last && last.length <= 64 ? last : peer
}

export function isJson(req: IncomingMessage): boolean {
  const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  return ct === 'application/json'
}

export function issueSession(deps: AuthDeps, p: Person, family?: string) {
  const now = deps.clock()
  const gen = deps.accounts.gen(p.id)
  const who = { sub: p.id, unit: p.unitId, roles: p.roles, name: p.name, gen }
  const access = deps.tokens.issue('access', who, now)
  // The refresh token names its family; the family remembers only its newest member.
  const fam = family ?? deps.accounts.newFamily(p.id, '-', now)
  const refresh = deps.tokens.issue('refresh', { ...who, fam }, now)
  deps.accounts.rotate(fam, refresh.jti)
  return {
    token: access.token,
    expiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshExpiresAt: refresh.expiresAt,
    user: p,
    unit: deps.directory().unit(p.unitId),
    serverTime: now,
    mustChangePassword: mustChange(deps, p.id, now)
  }
}

function mustChange(deps: AuthDeps, userId: string, now: number): boolean {
  return deps.accounts.mustChangePassword(userId, now, deps.policy.maxAgeDays)
}

/** The code every other route and the WebSocket upgrade answer with while the password must be changed (docs/protocol.md). */
export const PASSWORD_CHANGE_REQUIRED = API_ERROR.PASSWORD_CHANGE_REQUIRED

/**
 * The server's side of revocation and of the forced password change, checked
 * before every API route except login, renewal, the password change and the
 * account state: a revoked token is refused (401), and while the password must
 * be changed the token may do nothing else (403 PASSWORD_CHANGE_REQUIRED). A
 * missing or bad token passes through: the route answers for it. O(1).
 */
export function sessionRefusal(deps: AuthDeps, req: IncomingMessage): { status: number; code: string; message: string } | null {
  const token = bearer(req)
  if (!token) return null
  const now = deps.clock()
  const check = deps.tokens.verify(token, 'access', now)
  if (!check.ok) return null
  return userRefusal(deps, check.payload.sub, check.payload.gen, now)
}

/** The same check for a verified token's subject (the WebSocket upgrade uses it). */
export function userRefusal(deps: AuthDeps, userId: string, gen: number | undefined, now: number): { status: number; code: string; message: string } | null {
  if (!deps.accounts.tokenLive(userId, gen)) return { status: 401, code: 'UNAUTHORIZED', message: '请重新登录' }
  if (mustChange(deps, userId, now)) return { status: 403, code: PASSWORD_CHANGE_REQUIRED, message: '请先修改密码，再继续使用' }
  return null
}

function auditEvent(deps: AuthDeps, person: Person | undefined, at: number, summary: string): void {
  deps.audit.transaction(() =>
    deps.audit.append({ room: 'auth', kind: 'event', userId: person?.id ?? null, unitId: person?.unitId ?? null, at, update: null, summary })
  )
}

export async function login(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
  const body = (await readJson(req)) as { username?: unknown; password?: unknown } | null
  if (!body || typeof body.username !== 'string' || typeof body.password !== 'string' || body.username.length > 64 || body.password.length > 256)
    return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
  const username = body.username
  const now = deps.clock()
  const addr = loginAddress(req, deps.trustProxy)
  const person = deps.directory().personByUsername(username)
  const throttled = deps.throttle.check(username, addr, now)
  if (throttled.waitMs > 0) {
    const note = deps.throttle.noteThrottled(username, addr, throttled.scope ?? 'account-address', now)
    if (note === 'record')
      auditEvent(
        deps,
        person,
        now,
        `登录受限：${username}（${addr}，${throttled.scope === 'address' ? '该地址失败过多' : '该账号在该地址失败过多'}，需等待${Math.ceil(throttled.waitMs / 1000)}秒）`
      )
    else if (note === 'cap')
      auditEvent(deps, person, now, `登录受限：${username}（${addr}）受限尝试已达${deps.throttle.limits.auditThrottledMax}次，本时段内后续受限尝试不再逐条记录`)
    return apiError(res, 429, 'TOO_MANY_ATTEMPTS', `登录失败次数过多，请${Math.ceil(throttled.waitMs / 1000)}秒后再试`, { retryAfterMs: throttled.waitMs })
  }
  const row = person ? deps.accounts.row(person.id) : undefined
  // Always run one scrypt so a missing account answers as slowly as a wrong password.
  const good = await verifyPassword(body.password, row?.password_hash ?? (await dummyHash(deps.passwordCost)))
  const expired = !!row?.expires_at && now >= row.expires_at
  if (!person || !row || row.disabled || expired || !good) {
    const { alert, accountFailures } = deps.throttle.fail(username, addr, now)
    deps.audit.transaction(() => {
      deps.audit.append({
        room: 'auth',
        kind: 'event',
        userId: person?.id ?? null,
        unitId: person?.unitId ?? null,
        at: now,
        update: null,
        summary: `登录失败：${username}（${addr}）`
      })
      if (person) deps.accounts.recordLogin(person.id, now, addr, row?.disabled ? 'disabled' : expired ? 'expired' : 'bad_password')
      if (alert && person) {
        const label = deps.directory().label(person.id)
        deps.audit.append({
          room: 'auth',
          kind: 'event',
          userId: person.id,
          unitId: person.unitId,
          at: now,
          update: null,
          summary: `安全提醒：${label} 的账号在15分钟内登录失败${accountFailures}次，可能有人在猜测密码（最近来自 ${addr}）`
        })
        deps.alertAdmins(
          '账号可能遭到密码猜测',
          `${label}（${username}）的账号在15分钟内登录失败${accountFailures}次，最近来自 ${addr}。本人仍可正常登录；请核实并视情况重置密码。`
        )
      }
    })
    return apiError(res, 401, 'BAD_CREDENTIALS', '用户名或密码错误')
  }
  deps.throttle.succeed(username)
  deps.accounts.recordLogin(person.id, now, addr, 'ok')
  sendJson(res, 200, issueSession(deps, person))
}

export async function refresh(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
  const body = (await readJson(req)) as { refreshToken?: unknown } | null
  const now = deps.clock()
  const check = deps.tokens.verify(body?.refreshToken, 'refresh', now)
  if (!check.ok) return apiError(res, 401, 'BAD_REFRESH', '登录已过期，请重新登录', { reason: check.code })
  const p = check.payload
  const person = deps.directory().person(p.sub)
  const account = deps.accounts.row(p.sub)
  if (!person || !deps.accounts.tokenLive(p.sub, p.gen)) {
    // The reason tells the cut-off client what to say on its sign-in page (docs/protocol.md): disabled,
    // the owner's own password change elsewhere, or an administrator ending the sessions (reset, roles, merge).
    if (account?.disabled) return apiError(res, 401, 'BAD_REFRESH', '账号已被停用，请联系管理员', { reason: 'DISABLED' })
    if (account && !account.must_change && (account.password_changed_at ?? 0) > p.iat)
      return apiError(res, 401, 'BAD_REFRESH', '密码已修改，请用新密码登录', { reason: 'PASSWORD_CHANGED' })
    return apiError(res, 401, 'BAD_REFRESH', '会话已被管理员终止，请重新登录', { reason: 'REVOKED' })
  }
  // An account past its expiry date renews nothing: its sessions end within one access-token lifetime.
  const expiresAt = account?.expires_at
  if (expiresAt && now >= expiresAt) return apiError(res, 401, 'BAD_REFRESH', '账号已过期，请联系管理员', { reason: 'EXPIRED' })
  const rot = deps.db.transaction(() => {
    const r = deps.accounts.checkRefresh(p.fam, p.sub, p.jti)
    if (!r.ok && r.code === 'REUSED')
      deps.audit.transaction(() =>
        deps.audit.append({
          room: 'auth',
          kind: 'event',
          userId: person.id,
          unitId: person.unitId,
          at: now,
          update: null,
          summary: `安全：${deps.directory().label(person.id)} 的续期凭据被重复使用（${loginAddress(req, deps.trustProxy)}），该登录的全部续期凭据已作废`
        })
      )
    return r
  })()
  if (!rot.ok) return apiError(res, 401, 'BAD_REFRESH', '登录已过期，请重新登录', { reason: rot.code })
  sendJson(res, 200, issueSession(deps, person, p.fam))
}

/** POST /api/password {oldPassword, newPassword} with the access token: the user's own change (also the forced one). */
export async function changePassword(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
  const now = deps.clock()
  const check = deps.tokens.verify(bearer(req), 'access', now)
  if (!check.ok || !deps.accounts.tokenLive(check.payload.sub, check.payload.gen)) return apiError(res, 401, 'UNAUTHORIZED', '请重新登录')
  const body = (await readJson(req)) as { oldPassword?: unknown; newPassword?: unknown } | null
  if (!body || typeof body.oldPassword !== 'string' || typeof body.newPassword !== 'string' || body.oldPassword.length > 256)
    return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
  const person = deps.directory().person(check.payload.sub)
  const row = deps.accounts.row(check.payload.sub)
  if (!person || !row) return apiError(res, 401, 'UNAUTHORIZED', '请重新登录')
  if (!(await verifyPassword(body.oldPassword, row.password_hash))) return apiError(res, 403, 'BAD_OLD_PASSWORD', '原密码错误')
  const problem = await passwordProblem(deps, person.id, body.newPassword, row.password_hash)
  if (problem) return apiError(res, 400, problem.code, problem.message)
  const hash = await hashPassword(body.newPassword, deps.passwordCost)
  const forced = mustChange(deps, person.id, now)
  deps.audit.transaction(() => {
    setPassword(deps.db, person.id, hash, row.password_hash, now, false)
    deps.audit.append({
      room: 'auth',
      kind: 'event',
      userId: person.id,
      unitId: person.unitId,
      at: now,
      update: null,
      summary: `修改密码${forced ? '（强制修改：一次性密码或密码到期）' : ''}：${deps.directory().label(person.id)}`
    })
  })
  // Every change ends every session, this one included: whoever else signed in with the same
  // (one-time) password must not be freed by the owner's change. The answer is a new session.
  deps.accounts.revokeAll(person.id)
  sendJson(res, 200, issueSession(deps, person))
}

/** GET /api/account: the signed-in user's own account state (the client shows the forced password change). */
export function accountState(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): void {
  const now = deps.clock()
  const check = deps.tokens.verify(bearer(req), 'access', now)
  if (!check.ok || !deps.accounts.tokenLive(check.payload.sub, check.payload.gen)) return apiError(res, 401, 'UNAUTHORIZED', '请重新登录')
  const row = deps.accounts.row(check.payload.sub)
  sendJson(res, 200, { mustChangePassword: mustChange(deps, check.payload.sub, now), expiresAt: row?.expires_at ?? null, policy: deps.policy })
}

/** Shape and reuse of the last N passwords; null when acceptable. */
export async function passwordProblem(
  deps: Pick<AuthDeps, 'db' | 'policy'>,
  userId: string,
  pw: string,
  currentHash?: string
): Promise<{ code: string; message: string } | null> {
  const shape = checkPasswordShape(pw, deps.policy)
  if (shape) return shape
  const n = deps.policy.noReuse
  if (n > 0) {
    const old = (
      deps.db.prepare('SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?').all(userId, Math.max(0, n - 1)) as {
        password_hash: string
      }[]
    ).map((r) => r.password_hash)
    for (const h of [...(currentHash ? [currentHash] : []), ...old])
      if (await verifyPassword(pw, h)) return { code: 'PASSWORD_REUSED', message: `不能使用最近${n}次用过的密码` }
  }
  return null
}

/** Stores a new hash, keeping the previous one in the history (for the reuse rule). */
export function setPassword(db: DB, userId: string, hash: string, previous: string | undefined, now: number, mustChangeNext: boolean): void {
  if (previous) db.prepare('INSERT INTO password_history(user_id, at, password_hash) VALUES (?,?,?)').run(userId, now, previous)
  db.prepare('UPDATE accounts SET password_hash = ?, must_change = ?, password_changed_at = ? WHERE user_id = ?').run(hash, mustChangeNext ? 1 : 0, now, userId)
}
