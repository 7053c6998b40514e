/**
 * Slows down repeated login failures per account and per address:
 * after `free` failures in the window, each further attempt must wait
 * 1 s, 2 s, 4 s … up to `maxDelayMs`. A success clears the account's count.
 */
interface Entry {
  failures: number
  first: number
  last: number
}

export class LoginThrottle {
  private entries = new Map<string, Entry>()

  constructor(
    private readonly free = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly maxDelayMs = 5 * 60 * 1000
  ) {}

  /** Milliseconds the caller must still wait (0 = may try now). */
  waitMs(keys: string[], now: number): number {
    let wait = 0
    for (const k of keys) {
      const e = this.live(k, now)
      if (!e || e.failures < this.free) continue
      const delay = Math.min(this.maxDelayMs, 1000 * 2 ** (e.failures - this.free))
      wait = Math.max(wait, e.last + delay - now)
    }
    return Math.max(0, wait)
  }

  fail(keys: string[], now: number): void {
    for (const k of keys) {
      const e = this.live(k, now) ?? { failures: 0, first: now, last: now }
      e.failures++
      e.last = now
      this.entries.set(k, e)
    }
    if (this.entries.size > 100_000) this.sweep(now)
  }

  succeed(key: string): void {
    this.entries.delete(key)
  }

  private live(k: string, now: number): Entry | undefined {
    const e = this.entries.get(k)
    if (e && now - e.first > this.windowMs && now - e.last > this.maxDelayMs) {
      this.entries.delete(k)
      return undefined
    }
    return e
  }

  private sweep(now: number): void {
    for (const k of this.entries.keys()) this.live(k, now)
  }
}
