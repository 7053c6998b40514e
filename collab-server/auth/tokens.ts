/**
 * Signed, short-lived tokens (HMAC-SHA256 over a JSON payload). Access tokens
 * open WebSockets; refresh tokens renew them while the user stays active.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from '@domain/directory'

export interface TokenPayload {
  typ: 'access' | 'refresh'
  sub: string
  unit: string
  roles: Role[]
  name: string
  iat: number
  exp: number
  jti: string
  /** The account's token generation when issued; raising it (disable, reset) voids every earlier token at once. */
  gen?: number
  /** Refresh tokens: the login they descend from (one-time rotation, docs/deploy.md). */
  fam?: string
}

export type TokenCheck =
  | { ok: true; payload: TokenPayload }
  | { ok: false; code: 'TOKEN_MISSING' | 'TOKEN_MALFORMED' | 'TOKEN_FORGED' | 'TOKEN_EXPIRED' | 'TOKEN_WRONG_TYPE' }

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url')

export class TokenService {
  constructor(
    private readonly secret: Buffer,
    readonly accessTtlMs = 15 * 60 * 1000,
    readonly refreshTtlMs = 7 * 24 * 3600 * 1000
  ) {}

  issue(typ: TokenPayload['typ'], who: Omit<TokenPayload, 'typ' | 'iat' | 'exp' | 'jti'>, now: number): { token: string; expiresAt: number; jti: string } {
    const exp = now + (typ === 'access' ? this.accessTtlMs : this.refreshTtlMs)
    const payload: TokenPayload = { typ, ...who, iat: now, exp, jti: randomBytes(9).toString('base64url') }
    const body = b64(JSON.stringify(payload))
    return { token: `${body}.${this.sign(body)}`, expiresAt: exp, jti: payload.jti }
  }

  verify(token: unknown, typ: TokenPayload['typ'], now: number): TokenCheck {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, code: 'TOKEN_MISSING' }
    if (token.length > 4096) return { ok: false, code: 'TOKEN_MALFORMED' }
    const [body, sig, extra] = token.split('.')
    if (!body || !sig || extra !== undefined) return { ok: false, code: 'TOKEN_MALFORMED' }
    const expected = Buffer.from(this.sign(body))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, code: 'TOKEN_FORGED' }
    let payload: TokenPayload
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    } catch {
      return { ok: false, code: 'TOKEN_MALFORMED' }
    }
    if (payload.typ !== typ) return { ok: false, code: 'TOKEN_WRONG_TYPE' }
    if (!(now < payload.exp)) return { ok: false, code: 'TOKEN_EXPIRED' }
    return { ok: true, payload }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url')
  }
}
