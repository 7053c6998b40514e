/**
 * The server's HTTP identity API (docs/protocol.md): login and token renewal.
 * Errors come back as values with a code; the UI turns codes into Chinese.
 */
import { httpUrl } from '../../../preload/server-url'
import type { Person, Unit } from '../../../domain/directory'

export interface Grant {
  token: string
  expiresAt: number
  refreshToken: string
  user: Person
  unit: Unit
  serverTime: number
}

export type AuthError =
  | { code: 'BAD_CREDENTIALS' | 'BAD_REFRESH'; message: string }
  | { code: 'TOO_MANY_ATTEMPTS'; message: string; retryAfterMs: number }
  | { code: 'NETWORK'; message: string }
  | { code: 'SERVER'; message: string }
  /** The password was right, but this computer cannot store the sign-in safely (no OS keyring). */
  | { code: 'NO_SECURE_STORAGE'; message: string }

export type AuthResult = { ok: true; grant: Grant } | { ok: false; error: AuthError }

function isGrant(v: unknown): v is Grant {
  const g = v as Grant
  return (
    !!g && typeof g.token === 'string' && typeof g.refreshToken === 'string' && typeof g.expiresAt === 'number' &&
    typeof g.serverTime === 'number' && !!g.user && typeof g.user.id === 'string' && !!g.unit && typeof g.unit.id === 'string'
  )
}

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
  if (res.ok && isGrant(data)) return { ok: true, grant: data }
  const d = (data ?? {}) as { code?: string; message?: string; retryAfterMs?: number }
  const message = typeof d.message === 'string' ? d.message : `HTTP ${res.status}`
  if (res.status === 429) return { ok: false, error: { code: 'TOO_MANY_ATTEMPTS', message, retryAfterMs: Number(d.retryAfterMs) || 30_000 } }
  if (res.status === 401) return { ok: false, error: { code: d.code === 'BAD_REFRESH' ? 'BAD_REFRESH' : 'BAD_CREDENTIALS', message } }
  return { ok: false, error: { code: 'SERVER', message } }
}

export const login = (serverUrl: string, username: string, password: string, fetchImpl: typeof fetch = fetch) =>
  post(serverUrl, '/api/login', { username, password }, fetchImpl)

export const refresh = (serverUrl: string, refreshToken: string, fetchImpl: typeof fetch = fetch) =>
  post(serverUrl, '/api/token/refresh', { refreshToken }, fetchImpl)
