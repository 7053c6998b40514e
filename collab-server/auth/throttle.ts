/**
 * Slows down guessing without letting a stranger lock anyone out.
 *
 * - per (account, address): after `free` failures, each further attempt must
 *   wait 1 s, 2 s, 4 s … up to `maxDelayMs` (429). Only the address that
 *   failed is slowed — the owner elsewhere, or a colleague behind the same NAT
 *   logging into their own account, is not.
 * - per address, across accounts: the same back-off at a much higher
 *   threshold, against password spraying.
 * - per account, across addresses: never blocks (that would let anyone keep
 *   the owner out); crossing `alertAt` failures raises one alert to the
 *   administrators instead (docs/deploy.md, "Login protection").
 * A successful login clears that account's counters.
 */
interface Entry {
  failures: number
  first: number
  last: number
  alerted?: boolean
  /** Throttled (429) attempts seen while this entry lives. */
  throttled?: number
}

export interface ThrottleLimits {
  free: number
  addressFree: number
  alertAt: number
  /** Throttled attempts per key and window recorded one by one on the trail; then one note, then silence. */
  auditThrottledMax: number
  windowMs: number
  maxDelayMs: number
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  free: 5,
  addressFree: 100,
  alertAt: 20,
  auditThrottledMax: 50,
  windowMs: 15 * 60 * 1000,
  maxDelayMs: 5 * 60 * 1000
}

const pairKey = (user: string, addr: string) => `pair:${user}\u0000${addr}`
const addrKey = (addr: string) => `addr:${addr}`
const acctKey = (user: string) => `acct:${user}`

export class LoginThrottle {
  private entries = new Map<string, Entry>()
  /** Addresses each account has failed from, so a success clears its pairs without scanning every entry. */
  private pairsOf = new Map<string, Set<string>>()
  readonly limits: ThrottleLimits

  constructor(limits: Partial<ThrottleLimits> = {}) {
    this.limits = { ...DEFAULT_THROTTLE, ...limits }
  }

  /** Milliseconds the caller must still wait (0 = may try now), and which limit applies. */
  check(user: string, addr: string, now: number): { waitMs: number; scope?: 'account-address' | 'address' } {
    const pair = this.delay(pairKey(user, addr), this.limits.free, now)
    const spray = this.delay(addrKey(addr), this.limits.addressFree, now)
    if (pair <= 0 && spray <= 0) return { waitMs: 0 }
    return pair >= spray ? { waitMs: pair, scope: 'account-address' } : { waitMs: spray, scope: 'address' }
  }

  /**
   * A throttled attempt: whether to record it on the trail. Bounded per key so
   * a script hammering one account cannot grow the trail without limit.
   */
  noteThrottled(user: string, addr: string, scope: 'account-address' | 'address', now: number): 'record' | 'cap' | 'skip' {
    const e = this.live(scope === 'address' ? addrKey(addr) : pairKey(user, addr), now)
    if (!e) return 'record'
    e.throttled = (e.throttled ?? 0) + 1
    if (e.throttled <= this.limits.auditThrottledMax) return 'record'
    return e.throttled === this.limits.auditThrottledMax + 1 ? 'cap' : 'skip'
  }

  /** Records a failure; `alert` is true once per window when the account's failures from anywhere reach `alertAt`. */
  fail(user: string, addr: string, now: number): { alert: boolean; accountFailures: number } {
    this.bump(pairKey(user, addr), now)
    let addrs = this.pairsOf.get(user)
    if (!addrs) this.pairsOf.set(user, (addrs = new Set()))
    if (addrs.size < 1000) addrs.add(addr)
    this.bump(addrKey(addr), now)
    const acct = this.bump(acctKey(user), now)
    let alert = false
    if (acct.failures >= this.limits.alertAt && !acct.alerted) alert = acct.alerted = true
    if (this.entries.size > 100_000) this.sweep(now)
    return { alert, accountFailures: acct.failures }
  }

  succeed(user: string): void {
    this.entries.delete(acctKey(user))
    for (const addr of this.pairsOf.get(user) ?? []) this.entries.delete(pairKey(user, addr))
    this.pairsOf.delete(user)
  }

  private delay(key: string, free: number, now: number): number {
    const e = this.live(key, now)
    if (!e || e.failures < free) return 0
    const d = Math.min(this.limits.maxDelayMs, 1000 * 2 ** (e.failures - free))
    return Math.max(0, e.last + d - now)
  }

  private bump(key: string, now: number): Entry {
    const e = this.live(key, now) ?? { failures: 0, first: now, last: now }
    e.failures++
    e.last = now
    this.entries.set(key, e)
    return e
  }

  private live(k: string, now: number): Entry | undefined {
    const e = this.entries.get(k)
    if (e && now - e.first > this.limits.windowMs && now - e.last > this.limits.maxDelayMs) {
      this.entries.delete(k)
      return undefined
    }
    return e
  }

  private sweep(now: number): void {
    for (const k of this.entries.keys()) this.live(k, now)
    for (const [user, addrs] of this.pairsOf) {
      for (const a of addrs) if (!this.entries.has(pairKey(user, a))) addrs.delete(a)
      if (addrs.size === 0) this.pairsOf.delete(user)
    }
  }
}
