/**
 * One room: a Y.Doc loaded from Dexie first, persisted on every update, and
 * synced through the stock y-websocket provider. The server's "permission
 * denied" (y-protocols auth) resets the local copy; terminal close codes are
 * handed to the manager (4401 renew, 4403 no access).
 */
import * as Y from 'yjs'
import { KINDS } from '@domain/kinds'
import { WebsocketProvider } from 'y-websocket'
import * as authProtocol from 'y-protocols/auth'
import type { UserDb } from '../data/db'
import { loadRoom, persistDoc, wipeRoom, type Persister } from './persistence'

export type RoomStatus = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'forbidden'
export interface DenialReason {
  code: string
  message: string
}

export interface RoomHost {
  db: UserDb
  wsBase: string
  token(): string | null
  /** Whether rooms should try the network now (navigator.onLine and signed in). */
  wantsNetwork(): boolean
  changed(room: Room): void
  denied(room: Room, reason: DenialReason): void
  closedByServer(room: Room, code: number, reason: string): void
}

/** Called with each doc the room gets (after load, and again after a reset); returns its cleanup. */
export type Attacher = (doc: Y.Doc, room: Room) => (() => void) | void

const MESSAGE_AUTH = 2

export function parseDenial(raw: string): DenialReason {
  try {
    const v = JSON.parse(raw) as Partial<DenialReason>
    if (v && typeof v.message === 'string') return { code: typeof v.code === 'string' ? v.code : 'DENIED', message: v.message }
  } catch {
    /* plain text reason */
  }
  return { code: 'DENIED', message: raw || 'permission denied' }
}

/** gc off for kinds whose deleted content must stay comparable (RoomKind.keepDeleted). */
const newDoc = (name: string) => new Y.Doc({ gc: KINDS.kindOf(name)?.keepDeleted !== true })

export class Room {
  doc: Y.Doc
  provider: WebsocketProvider | null = null
  status: RoomStatus = 'idle'
  synced = false
  /** Bumped whenever the doc object is replaced (reset) or its sync flags change. */
  version = 0
  /** How many stored updates the doc was built from: 0 means a room never cached here. */
  storedUpdates = 0
  private persister: Persister | null = null
  private cleanups: (() => void)[] = []
  private attachers: Attacher[] = []
  private syncWaiters: (() => void)[] = []
  private ready: Promise<void>
  private closed = false
  private viewers = 0

  constructor(
    readonly name: string,
    private readonly host: RoomHost
  ) {
    this.doc = newDoc(name)
    this.ready = this.open()
  }

  whenLoaded(): Promise<void> {
    return this.ready
  }

  /** Resolves when the server copy has been merged in, or after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<boolean> {
    if (this.synced) return Promise.resolve(true)
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs)
      this.syncWaiters.push(() => (clearTimeout(t), resolve(true)))
    })
  }

  attach(a: Attacher): void {
    this.attachers.push(a)
    if (this.provider) this.runAttacher(a)
  }

  setNetwork(on: boolean): void {
    const p = this.provider
    if (!p || this.status === 'forbidden') return
    if (on && !p.wsconnected && !p.wsconnecting) {
      p.params = { token: this.host.token() ?? '' }
      p.connect()
    } else if (!on && p.shouldConnect) p.disconnect()
  }

  /** After a token renewal or an explicit retry. */
  reconnect(): void {
    if (this.status === 'forbidden') return
    this.setNetwork(false)
    this.setNetwork(this.host.wantsNetwork())
  }

  async close(): Promise<void> {
    this.closed = true
    await this.ready
    await this.teardown()
  }

  /** The server refused what we hold: forget the local copy and take the server's. */
  async reset(): Promise<void> {
    await this.ready
    await this.teardown()
    await wipeRoom(this.host.db, this.name)
    if (this.closed) return
    this.doc = newDoc(this.name)
    this.status = 'idle'
    this.ready = this.open()
    await this.ready
  }

  private async open(): Promise<void> {
    const doc = this.doc
    this.persister = persistDoc(this.host.db, this.name, doc)
    this.storedUpdates = await loadRoom(this.host.db, this.name, doc)
    if (this.closed || doc !== this.doc) return
    // Attachers see the provider (for its sync events) before it connects.
    this.provider = this.makeProvider(doc)
    for (const a of this.attachers) this.runAttacher(a)
    if (this.host.wantsNetwork()) this.provider.connect()
    this.bump()
  }

  private runAttacher(a: Attacher): void {
    const c = a(this.doc, this)
    if (c) this.cleanups.push(c)
  }

  private makeProvider(doc: Y.Doc): WebsocketProvider {
    const p = new WebsocketProvider(this.host.wsBase, this.name, doc, {
      connect: false,
      disableBc: true,
      params: { token: this.host.token() ?? '' }
    })
    if (this.viewers > 0) p.awareness.setLocalStateField('viewing', true)
    p.messageHandlers[MESSAGE_AUTH] = (_enc, decoder, provider) => {
      authProtocol.readAuthMessage(decoder, provider.doc, (_d, reason) => {
        // Leave the provider's message loop before tearing it down.
        setTimeout(() => this.host.denied(this, parseDenial(reason)), 0)
      })
    }
    p.on('status', ({ status }) => {
      this.status = status
      this.bump()
    })
    p.on('sync', (s: boolean) => {
      this.synced = s
      if (s) for (const w of this.syncWaiters.splice(0)) w()
      this.bump()
    })
    p.on('closed', ({ code, reason }) => this.host.closedByServer(this, code, reason))
    return p
  }

  /**
   * Presence: a page showing this record says so; background opens (prefetch,
   * unsent events) do not. Setting a field also lifts the awareness clock above
   * its initial 0, which fresh receivers would ignore.
   */
  setViewing(on: boolean): void {
    this.viewers = Math.max(0, this.viewers + (on ? 1 : -1))
    const aw = this.provider?.awareness
    if (!aw) return
    if (this.viewers > 0) aw.setLocalStateField('viewing', true)
    else aw.setLocalState({})
  }

  markForbidden(): void {
    this.status = 'forbidden'
    this.provider?.disconnect()
    this.bump()
  }

  private async teardown(): Promise<void> {
    for (const c of this.cleanups.splice(0)) c()
    this.provider?.destroy()
    this.provider = null
    this.synced = false
    await this.persister?.stop()
    this.persister = null
    this.doc.destroy()
    this.bump()
  }

  private bump(): void {
    this.version++
    this.host.changed(this)
  }
}
