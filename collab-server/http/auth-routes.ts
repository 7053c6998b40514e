/**
 * POST /api/login and POST /api/token/refresh. Wrong credentials get one
 * answer whatever was wrong; repeated failures are slowed per account and
 * per address; every failure is on the audit trail.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Person } from '../../domain/directory'
import { verifyPassword, dummyHash } from '../auth/passwords'
import type { TokenService } from '../auth/tokens'
import type { LoginThrottle } from '../auth/throttle'
import type { DB } from '../store/db'
import type { DirectoryService } from '../directory'
import type { AuditLog } from '../audit/log'
import { apiError, clientAddress, readJson, sendJson } from './util'

export interface AuthDeps {
  db: DB
  tokens: TokenService
  throttle: LoginThrottle
  directory: () => DirectoryService
  audit: AuditLog
  clock: () => number
  passwordCost: number
}

export function issueSession(deps: AuthDeps, p: Person) {
  const now = deps.clock()
  const who = { sub: p.id, unit: p.unitId, roles: p.roles, name: p.name }
  const access = deps.tokens.issue('access', who, now)
  const refresh = deps.tokens.issue('refresh', who, now)
  return {
    token: access.token,
    expiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshExpiresAt: refresh.expiresAt,
    user: p,
    unit: deps.directory().unit(p.unitId),
    serverTime: now
  }
}

export async function login(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readJson(req)) as { username?: unknown; password?: unknown } | null
  if (!body || typeof body.username !== 'string' || typeof body.password !== 'string' || body.username.length > 64 || body.password.length > 256)
    return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
  const now = deps.clock()
  const keys = [`user:${body.username}`, `addr:${clientAddress(req)}`]
  const wait = deps.throttle.waitMs(keys, now)
  if (wait > 0) return apiError(res, 429, 'TOO_MANY_ATTEMPTS', `登录失败次数过多，请${Math.ceil(wait / 1000)}秒后再试`, { retryAfterMs: wait })
  const person = deps.directory().personByUsername(body.username)
  const row = person
    ? (deps.db.prepare('SELECT password_hash, disabled FROM accounts WHERE user_id = ?').get(person.id) as { password_hash: string; disabled: number } | undefined)
    : undefined
  // Always run one scrypt so a missing account answers as slowly as a wrong password.
  const good = await verifyPassword(body.password, row?.password_hash ?? (await dummyHash(deps.passwordCost)))
  if (!person || !row || row.disabled || !good) {
    deps.throttle.fail(keys, now)
    deps.audit.transaction(() =>
      deps.audit.append({ room: 'auth', kind: 'event', userId: person?.id ?? null, unitId: person?.unitId ?? null, at: now, update: null, summary: `登录失败：${body.username as string}（${clientAddress(req)}）` })
    )
    return apiError(res, 401, 'BAD_CREDENTIALS', '用户名或密码错误')
  }
  deps.throttle.succeed(keys[0])
  sendJson(res, 200, issueSession(deps, person))
}

export async function refresh(deps: AuthDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readJson(req)) as { refreshToken?: unknown } | null
  const check = deps.tokens.verify(body?.refreshToken, 'refresh', deps.clock())
  if (!check.ok) return apiError(res, 401, 'BAD_REFRESH', '登录已过期，请重新登录', { reason: check.code })
  const person = deps.directory().person(check.payload.sub)
  const row = person && (deps.db.prepare('SELECT disabled FROM accounts WHERE user_id = ?').get(person.id) as { disabled: number } | undefined)
  if (!person || !row || row.disabled) return apiError(res, 401, 'BAD_REFRESH', '登录已过期，请重新登录')
  sendJson(res, 200, issueSession(deps, person))
}
