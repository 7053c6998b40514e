/**
 * Account state the server consults on every login, refresh and socket
 * attach: disabled, token generation, one-time refresh families.
 * The per-attach check is one Map lookup (filled from the accounts table once,
 * kept current by the methods here), so it costs the same however many
 * accounts or tokens exist.
 */
import { randomBytes } from 'node:crypto'
import type { DB } from '../store/db'

export interface AccountRow {
  user_id: string
  username: string
  password_hash: string
  disabled: number
  token_gen: number
  must_change: number
  password_changed_at: number | null
  expires_at: number | null
}

export type RotateResult = { ok: true } | { ok: false; code: 'UNKNOWN_FAMILY' | 'FAMILY_REVOKED' | 'REUSED' }

interface Live {
  gen: number
  disabled: boolean
  mustChange: boolean
  passwordChangedAt: number | null
}

const liveOf = (r: AccountRow): Live => ({ gen: r.token_gen, disabled: !!r.disabled, mustChange: !!r.must_change, passwordChangedAt: r.password_changed_at })

export class Accounts {
  private live = new Map<string, Live>()

  constructor(private readonly db: DB) {
    for (const r of db.prepare('SELECT user_id, token_gen, disabled, must_change, password_changed_at FROM accounts').all() as AccountRow[])
      this.live.set(r.user_id, liveOf(r))
  }

  row(userId: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE user_id = ?').get(userId) as AccountRow | undefined
  }

  gen(userId: string): number {
    return this.live.get(userId)?.gen ?? 0
  }

  /** A token is good while its account exists, is enabled, and its generation is current. O(1). */
  tokenLive(userId: string, gen: number | undefined): boolean {
    const a = this.live.get(userId)
    return !!a && !a.disabled && (gen ?? 0) === a.gen
  }

  /**
   * The password must be changed before anything else (one-time password after a
   * reset or an import, or older than the policy's maximum age): the account's
   * tokens may then only change the password, renew and sign out. O(1), like tokenLive.
   */
  mustChangePassword(userId: string, now: number, maxAgeDays: number): boolean {
    const a = this.live.get(userId)
    if (!a) return false
    if (a.mustChange) return true
    return maxAgeDays > 0 && a.passwordChangedAt !== null && now - a.passwordChangedAt > maxAgeDays * 86_400_000
  }

  /** Re-reads one account after an admin change or a password change (must run after the write). */
  reload(userId: string): void {
    const r = this.db.prepare('SELECT token_gen, disabled, must_change, password_changed_at FROM accounts WHERE user_id = ?').get(userId) as
      | AccountRow
      | undefined
    if (r) this.live.set(userId, liveOf(r))
    else this.live.delete(userId)
  }

  /** Voids every token of this person (disable, password reset, refresh reuse). */
  revokeAll(userId: string): void {
    this.db.prepare('UPDATE accounts SET token_gen = token_gen + 1 WHERE user_id = ?').run(userId)
    this.db.prepare('UPDATE refresh_families SET revoked = 1 WHERE user_id = ?').run(userId)
    this.reload(userId)
  }

  newFamily(userId: string, jti: string, now: number): string {
    const family = randomBytes(12).toString('base64url')
    this.db.prepare('INSERT INTO refresh_families(family, user_id, current_jti, created_at) VALUES (?,?,?,?)').run(family, userId, jti, now)
    return family
  }

  /**
   * One-time refresh: only the newest token of a family may be used, once.
   * Presenting an older one means two parties hold the family — it is revoked.
   */
  checkRefresh(family: string | undefined, userId: string, jti: string): RotateResult {
    const f = family
      ? (this.db.prepare('SELECT * FROM refresh_families WHERE family = ?').get(family) as
          | { user_id: string; current_jti: string; revoked: number }
          | undefined)
      : undefined
    if (!f || f.user_id !== userId) return { ok: false, code: 'UNKNOWN_FAMILY' }
    if (f.revoked) return { ok: false, code: 'FAMILY_REVOKED' }
    if (f.current_jti !== jti) {
      this.db.prepare('UPDATE refresh_families SET revoked = 1 WHERE family = ?').run(family)
      return { ok: false, code: 'REUSED' }
    }
    return { ok: true }
  }

  rotate(family: string, jti: string): void {
    this.db.prepare('UPDATE refresh_families SET current_jti = ? WHERE family = ?').run(jti, family)
  }

  recordLogin(userId: string, at: number, address: string, outcome: string): void {
    this.db.prepare('INSERT INTO login_history(user_id, at, address, outcome) VALUES (?,?,?,?)').run(userId, at, address, outcome)
  }
}
