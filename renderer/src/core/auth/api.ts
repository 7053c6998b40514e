/**
 * The server's HTTP identity API (docs/protocol.md): login and token renewal.
 * Errors come back as values with a code; the UI turns codes into Chinese.
 */
import { httpUrl } from '@preload/server-url'
import type { Result } from '@domain/errors'
import { sessionSchema, type Session } from '@domain/wire'

/**
 * Why the server renews no more (docs/protocol.md, refresh `reason`): the sign-in page says which.
 * DISABLED: the account was disabled; REVOKED: an administrator ended the sessions (reset, roles,
 * merge); PASSWORD_CHANGED: the owner changed the password elsewhere; EXPIRED: the account's end date passed.
 * Anything else (an expired or unknown refresh token) is the ordinary "登录已过期".
 */
export type CutOffReason = 'DISABLED' | 'REVOKED' | 'PASSWORD_CHANGED' | 'EXPIRED' | 'OTHER'

const CUT_OFF_REASONS: readonly string[] = ['DISABLED', 'REVOKED', 'PASSWORD_CHANGED', 'EXPIRED']
export const cutOffReason = (r: unknown): CutOffReason => (typeof r === 'string' && CUT_OFF_REASONS.includes(r) ? (r as CutOffReason) : 'OTHER')

export type AuthError =
  | { code: 'BAD_CREDENTIALS'; message: string }
  | { code: 'BAD_REFRESH'; message: string; reason: CutOffReason }
  | { code: 'TOO_MANY_ATTEMPTS'; message: string; retryAfterMs: number }
  | { code: 'NETWORK'; message: string }
  | { code: 'SERVER'; message: string }
  /** The password was right, but this computer cannot store the sign-in safely (no OS keyring). */
  | { code: 'NO_SECURE_STORAGE'; message: string }

/** A `Session` (domain/wire) as the server issued it, or why not. */
export type AuthResult = Result<Session, AuthError>

const isSession = (v: unknown): v is Session => sessionSchema.safeParse(v).success

async function post(serverUrl: string, path: string, body: unknown, fetchImpl: typeof fetch): Promise<AuthResult> {
  let res: Response
  try {
    res = await fetchImpl(httpUrl(serverUrl, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000)
    })
  } catch (e) {
    return { ok: false, error: { code: 'NETWORK', message: String(e) } }
  }
  let data: unknown = null
  try {
    data = await res.json()
  } catch {
    /* not JSON: handled below by status */
  }
  if (res.ok && isSession(data)) return { ok: true, value: data }
  const d = (data ?? {}) as { code?: string; message?: string; retryAfterMs?: number; reason?: unknown }
  const message = typeof d.message === 'string' ? d.message : `HTTP ${res.status}`
  if (res.status === 429) return { ok: false, error: { code: 'TOO_MANY_ATTEMPTS', message, retryAfterMs: Number(d.retryAfterMs) || 30_000 } }
  if (res.status === 401)
    return {
      ok: false,
      error: d.code === 'BAD_REFRESH' ? { code: 'BAD_REFRESH', message, reason: cutOffReason(d.reason) } : { code: 'BAD_CREDENTIALS', message }
    }
  return { ok: false, error: { code: 'SERVER', message } }
}

export const login = (serverUrl: string, username: string, password: string, fetchImpl: typeof fetch = fetch) =>
  post(serverUrl, '/api/login', { username, password }, fetchImpl)

export const refresh = (serverUrl: string, refreshToken: string, fetchImpl: typeof fetch = fetch) =>
  post(serverUrl, '/api/token/refresh', { refreshToken }, fetchImpl)
