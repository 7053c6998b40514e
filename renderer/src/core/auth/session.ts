/**
 * The signed-in session: tokens in the DesktopApi's secret store, who the
 * user is in the local app database (so the app opens offline), and renewal
 * before the short-lived access token expires.
 */
import type { DesktopApi } from '@preload/contract'
import type { AppDb, SessionRow } from '../data/db'
import type { Session as IssuedSession } from '@domain/wire'
import { login, refresh, type AuthResult, type CutOffReason } from './api'

const TOKEN = 'token'
const REFRESH = 'refreshToken'
/** Renew this long before expiry. */
const RENEW_AHEAD_MS = 2 * 60_000
const RETRY_OFFLINE_MS = 30_000

export type RenewOutcome = 'ok' | 'rejected' | 'offline'

export class Session {
  row: SessionRow | null = null
  token: string | null = null
  /**
   * false: a session-only sign-in (no OS keyring, docs/desktop.md): tokens
   * and who is signed in stay in memory, nothing is written; after a restart
   * the user signs in again.
   */
  persist: boolean
  private memoryRefresh: string | null = null
  private renewing: Promise<RenewOutcome> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private rejectedHandlers = new Set<(reason: CutOffReason) => void>()
  /** Why the last renewal was refused (the sign-in page says it); null after a sign-in. */
  cutOff: CutOffReason | null = null
  private renewedHandlers = new Set<(token: string) => void>()

  constructor(
    private readonly appDb: AppDb,
    private readonly api: DesktopApi,
    readonly serverUrl: string,
    opts: { persist?: boolean } = {}
  ) {
    this.persist = opts.persist ?? true
  }

  /** The user chose "仅本次登录": keep this sign-in in memory only. */
  useSessionOnly(): void {
    this.persist = false
  }

  /** The server's clock as best we know it: lists and buttons use this, not the machine's. */
  now(): number {
    return Date.now() + (this.row?.clockOffsetMs ?? 0)
  }

  /** The saved sign-in, if any. Never rejects: an unreadable token store means "sign in again". */
  async restore(): Promise<SessionRow | null> {
    if (!this.persist) return null
    try {
      this.row = (await this.appDb.session.get('current')) ?? null
      this.token = this.row ? await this.api.secretGet(TOKEN) : null
    } catch (e) {
      console.warn('[session] saved sign-in unreadable', e)
      this.row = null
      this.token = null
    }
    return this.row
  }

  /**
   * Never rejects. When the server accepts the password but the tokens cannot
   * be stored safely, answers NO_SECURE_STORAGE and keeps nothing: the login
   * page then offers a session-only sign-in.
   */
  async signIn(username: string, password: string): Promise<AuthResult> {
    const r = await login(this.serverUrl, username, password)
    if (!r.ok) return r
    try {
      await this.accept(r.value)
      return r
    } catch (e) {
      const code = e instanceof Error ? e.message : String(e)
      await this.signOut().catch(() => undefined)
      if (code === 'ENCRYPTION_UNAVAILABLE') return { ok: false, error: { code: 'NO_SECURE_STORAGE', message: code } }
      return { ok: false, error: { code: 'SERVER', message: code } }
    }
  }

  /** One renewal at a time; every caller waits for the same answer. */
  renew(): Promise<RenewOutcome> {
    this.renewing ??= this.doRenew().finally(() => (this.renewing = null))
    return this.renewing
  }

  onRejected(h: (reason: CutOffReason) => void): () => void {
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
    this.row = null
    this.token = null
    this.memoryRefresh = null
    await Promise.all([this.api.secretDelete(TOKEN), this.api.secretDelete(REFRESH), this.appDb.session.delete('current')])
  }

  /**
   * Signing out on a shared computer: also removes every local database of
   * this app (IndexedDB: the users' copies of tasks, the outbox, the session).
   * The caller stops the services first so no database is open.
   */
  async signOutAndForgetDevice(idb: Pick<IDBFactory, 'databases' | 'deleteDatabase'> = indexedDB): Promise<void> {
    await this.signOut()
    // Dexie re-opens AppDb on its next use (the login page needs it again).
    await this.appDb.delete({ disableAutoOpen: false })
    const names = (await idb.databases()).map((d) => d.name).filter((n): n is string => !!n)
    await Promise.all(
      names.map(
        (name) =>
          new Promise<void>((resolve) => {
            const req = idb.deleteDatabase(name)
            req.onsuccess = req.onerror = () => resolve()
            // Another tab still has it open: it is deleted when that tab closes.
            req.onblocked = () => resolve()
          })
      )
    )
  }

  private async doRenew(): Promise<RenewOutcome> {
    let rt: string | null
    try {
      rt = this.persist ? await this.api.secretGet(REFRESH) : this.memoryRefresh
    } catch {
      rt = null
    }
    if (!rt) return this.reject('OTHER')
    const r = await refresh(this.serverUrl, rt)
    if (r.ok) {
      await this.accept(r.value)
      for (const h of this.renewedHandlers) h(r.value.token)
      return 'ok'
    }
    if (r.error.code === 'BAD_REFRESH') return this.reject(r.error.reason)
    if (r.error.code === 'BAD_CREDENTIALS') return this.reject('OTHER')
    this.schedule(RETRY_OFFLINE_MS)
    return 'offline'
  }

  private async reject(reason: CutOffReason): Promise<RenewOutcome> {
    await this.signOut()
    this.cutOff = reason
    for (const h of this.rejectedHandlers) h(reason)
    return 'rejected'
  }

  private async accept(g: IssuedSession): Promise<void> {
    const row: SessionRow = { key: 'current', user: g.user, unit: g.unit, expiresAt: g.expiresAt, clockOffsetMs: g.serverTime - Date.now() }
    if (this.persist) {
      // Tokens first: if the keyring refuses, nothing about this sign-in is written.
      await this.api.secretSet(TOKEN, g.token)
      await this.api.secretSet(REFRESH, g.refreshToken)
      await this.appDb.session.put(row)
    } else {
      this.memoryRefresh = g.refreshToken
    }
    this.row = row
    this.token = g.token
    this.cutOff = null
    if (this.timer) this.schedule()
  }

  private schedule(delay?: number): void {
    if (this.timer) clearTimeout(this.timer)
    const left = (this.row?.expiresAt ?? 0) - this.now() - RENEW_AHEAD_MS
    this.timer = setTimeout(() => void this.renew(), Math.max(5_000, delay ?? left))
  }
}
