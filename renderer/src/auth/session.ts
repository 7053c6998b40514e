/**
 * The signed-in session: tokens in the DesktopApi's secret store, who the
 * user is in the local app database (so the app opens offline), and renewal
 * before the short-lived access token expires.
 */
import type { DesktopApi } from '../../../preload/contract'
import type { AppDb, SessionRow } from '../data/db'
import type { Session as IssuedSession } from '../../../domain/wire'
import { login, refresh, type AuthResult } from './api'

const TOKEN = 'token'
const REFRESH = 'refreshToken'
/** Renew this long before expiry. */
const RENEW_AHEAD_MS = 2 * 60_000
const RETRY_OFFLINE_MS = 30_000

export type RenewOutcome = 'ok' | 'rejected' | 'offline'

export class Session {
  row: SessionRow | null = null
  token: string | null = null
  private renewing: Promise<RenewOutcome> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private rejectedHandlers = new Set<() => void>()
  private renewedHandlers = new Set<(token: string) => void>()

  constructor(
    private readonly appDb: AppDb,
    private readonly api: DesktopApi,
    readonly serverUrl: string
  ) {}

  /** The server's clock as best we know it: lists and buttons use this, not the machine's. */
  now(): number {
    return Date.now() + (this.row?.clockOffsetMs ?? 0)
  }

  async restore(): Promise<SessionRow | null> {
    this.row = (await this.appDb.session.get('current')) ?? null
    this.token = this.row ? await this.api.secretGet(TOKEN) : null
    return this.row
  }

  async signIn(username: string, password: string): Promise<AuthResult> {
    const r = await login(this.serverUrl, username, password)
    if (r.ok) await this.accept(r.value)
    return r
  }

  /** One renewal at a time; every caller waits for the same answer. */
  renew(): Promise<RenewOutcome> {
    this.renewing ??= this.doRenew().finally(() => (this.renewing = null))
    return this.renewing
  }

  onRejected(h: () => void): () => void {
    this.rejectedHandlers.add(h)
    return () => this.rejectedHandlers.delete(h)
  }

  onRenewed(h: (token: string) => void): () => void {
    this.renewedHandlers.add(h)
    return () => this.renewedHandlers.delete(h)
  }

  /** Keeps the token fresh while the app runs. */
  startRenewal(): void {
    this.schedule()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Signing out forgets the tokens and who was signed in; the user's local data stays on this device. */
  async signOut(): Promise<void> {
    this.stop()
    await Promise.all([this.api.secretDelete(TOKEN), this.api.secretDelete(REFRESH), this.appDb.session.delete('current')])
    this.row = null
    this.token = null
  }

  private async doRenew(): Promise<RenewOutcome> {
    const rt = await this.api.secretGet(REFRESH)
    if (!rt) return this.reject()
    const r = await refresh(this.serverUrl, rt)
    if (r.ok) {
      await this.accept(r.value)
      for (const h of this.renewedHandlers) h(r.value.token)
      return 'ok'
    }
    if (r.error.code === 'BAD_REFRESH' || r.error.code === 'BAD_CREDENTIALS') return this.reject()
    this.schedule(RETRY_OFFLINE_MS)
    return 'offline'
  }

  private async reject(): Promise<RenewOutcome> {
    await this.signOut()
    for (const h of this.rejectedHandlers) h()
    return 'rejected'
  }

  private async accept(g: IssuedSession): Promise<void> {
    const row: SessionRow = { key: 'current', user: g.user, unit: g.unit, expiresAt: g.expiresAt, clockOffsetMs: g.serverTime - Date.now() }
    await Promise.all([this.api.secretSet(TOKEN, g.token), this.api.secretSet(REFRESH, g.refreshToken), this.appDb.session.put(row)])
    this.row = row
    this.token = g.token
    if (this.timer) this.schedule()
  }

  private schedule(delay?: number): void {
    if (this.timer) clearTimeout(this.timer)
    const left = (this.row?.expiresAt ?? 0) - this.now() - RENEW_AHEAD_MS
    this.timer = setTimeout(() => void this.renew(), Math.max(5_000, delay ?? left))
  }
}
