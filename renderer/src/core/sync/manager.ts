/**
 * The room manager (architecture.md, "Sockets are bounded"): index rooms stay
 * connected; task rooms open when viewed, when they hold unsent events, or
 * briefly when their index entry says they changed — at most MAX_TASK_ROOMS
 * at once — and close when idle.
 */
import type * as Y from 'yjs'
import { EMPTY_CALENDAR, readCalendarRoom, type CalendarSnapshot } from '@domain/calendar'
import type { Actor } from '@domain/directory'
import { itemsMap } from '@domain/index-rooms'
import { KINDS } from '@domain/kinds'
import { rooms } from '@domain/rooms'
import { API_ERROR, CLOSE } from '@domain/wire'
import type { RecordSummary } from '@domain/task/types'
import type { TaskContext } from '@domain/task/workflow'
import type { UserDb } from '../data/db'
import type { Viewer } from '../data/summaries'
import { actorFromPerson, makeTaskContext } from '@renderer/features/tasks/model'
import type { AlertSink, Directory, ProjectorCtx } from './context'
import { loadDirectory } from './directoryProjector'
import { isIndexRoom, projectorFor } from './kinds'
import { roomsWithPending } from './pending'
import { SerialQueue } from './queue'
import { Room, type Attacher, type DenialReason, type RoomHost } from './room'
import { ConnectionState, type ConnSnapshot } from './connection'
import { Prefetcher } from './prefetch'

export const MAX_TASK_ROOMS = 8
const IDLE_CLOSE_MS = 30_000
const PREFETCH_IDLE_MS = 3_000
const PREFETCH_SYNC_WAIT_MS = 8_000

export interface ManagerDeps {
  db: UserDb
  viewer: Viewer
  wsBase: string
  alerts: AlertSink
  token(): string | null
  now(): number
  /** Token refused by the server (4401): renew; false when renewing failed for good. */
  renew(): Promise<'ok' | 'rejected' | 'offline'>
}

interface Entry {
  room: Room
  refs: number
  pinned: boolean
  lastUsed: number
  idle: ReturnType<typeof setTimeout> | null
}

type DeniedListener = (room: string, reason: DenialReason) => void

/** The viewer as the registry's access rule sees them (the same rule the server's ACL uses). */
const asActor = (v: Viewer): Actor => ({ userId: v.userId, unitId: v.unitId, roles: v.roles, name: '' })

/** The rooms a person keeps open: the registry's `keepOpen`, filtered by its own access rule. */
export function indexRoomsFor(v: Viewer): string[] {
  return KINDS.keepOpen(asActor(v))
}

/** Records (task rooms …) open on demand in a bounded pool; every other room stays open. */
const isRecord = (name: string) => KINDS.isRecord(name)

export class RoomManager {
  readonly conn = new ConnectionState()
  readonly dir: Directory = { units: new Map(), people: new Map() }
  private entries = new Map<string, Entry>()
  private prefetcher: Prefetcher
  private deniedListeners = new Set<DeniedListener>()
  private roomListeners = new Map<string, Set<() => void>>()
  private ctx: ProjectorCtx
  private host: RoomHost
  private taskCtx: TaskContext | null = null
  private calendar: CalendarSnapshot = EMPTY_CALENDAR
  private stopped = false
  private readonly onNet = () => this.applyNetwork()

  constructor(private readonly deps: ManagerDeps) {
    const queue = new SerialQueue()
    this.ctx = {
      db: deps.db,
      viewer: deps.viewer,
      queue,
      dir: this.dir,
      alerts: deps.alerts,
      now: deps.now,
      taskContext: () => this.taskContext(),
      actorOf: (id) => this.actorOf(id),
      indexSummary: (id) => this.indexSummary(id),
      setPinned: (room, pinned) => this.setPinned(room, pinned),
      prefetch: (id) => this.prefetch(id)
    }
    this.host = {
      db: deps.db,
      wsBase: deps.wsBase,
      token: deps.token,
      wantsNetwork: () => !this.stopped && this.conn.browserOnline(),
      changed: (room) => {
        this.conn.update(this.primaryRooms())
        for (const l of this.roomListeners.get(room.name) ?? []) l()
      },
      denied: (room, reason) => void this.onDenied(room, reason),
      closedByServer: (room, code, reason) => void this.onClosed(room, code, reason)
    }
    this.prefetcher = new Prefetcher({
      isOpen: (name) => this.entries.has(name),
      hasSpace: () => this.taskRoomCount() < MAX_TASK_ROOMS,
      online: () => this.host.wantsNetwork(),
      visit: async (name) => {
        const room = this.acquire(name)
        try {
          await room.whenLoaded()
          await room.whenSynced(PREFETCH_SYNC_WAIT_MS)
        } finally {
          this.release(name, PREFETCH_IDLE_MS)
        }
      }
    })
  }

  get queue(): SerialQueue {
    return this.ctx.queue
  }

  async start(): Promise<void> {
    await loadDirectory(this.ctx)
    window.addEventListener('online', this.onNet)
    window.addEventListener('offline', this.onNet)
    for (const name of indexRoomsFor(this.deps.viewer)) this.acquire(name)
    // Rooms holding unsent events reopen so the events reach the server when it is reachable.
    for (const name of await roomsWithPending(this.deps.db)) this.setPinned(name, true)
  }

  async stop(): Promise<void> {
    this.stopped = true
    window.removeEventListener('online', this.onNet)
    window.removeEventListener('offline', this.onNet)
    const all = [...this.entries.values()]
    this.entries.clear()
    await Promise.all(all.map((e) => e.room.close()))
    await this.ctx.queue.idle()
  }

  snapshot(): ConnSnapshot {
    return this.conn.get()
  }

  /** Called whenever the named room's doc is replaced or its sync status changes. */
  onRoomChange(name: string, l: () => void): () => void {
    let set = this.roomListeners.get(name)
    if (!set) this.roomListeners.set(name, (set = new Set()))
    set.add(l)
    return () => {
      set.delete(l)
      if (set.size === 0) this.roomListeners.delete(name)
    }
  }

  onDeniedMessage(l: DeniedListener): () => void {
    this.deniedListeners.add(l)
    return () => this.deniedListeners.delete(l)
  }

  /**
   * Calls `changed` on every update of an acquired room's doc, and whenever the doc is
   * replaced (a reset after a refusal) or its sync status changes — from the moment the
   * room has loaded its local copy. Returns the unsubscribe.
   */
  followDoc(room: Room, changed: () => void): () => void {
    let alive = true
    let doc: Y.Doc | null = null
    const follow = () => {
      if (!alive) return
      if (room.doc !== doc) {
        doc?.off('update', changed)
        doc = room.doc
        doc.on('update', changed)
      }
      changed()
    }
    const off = this.onRoomChange(room.name, follow)
    void room.whenLoaded().then(follow)
    return () => {
      alive = false
      off()
      doc?.off('update', changed)
    }
  }

  actorOf(userId: string): Actor | undefined {
    const p = this.dir.people.get(userId)
    return p ? actorFromPerson(p) : undefined
  }

  taskContext(): TaskContext {
    if (!this.taskCtx || this.taskCtx.workingUnitIds.size === 0) this.taskCtx = makeTaskContext(this.dir.units.values(), this.calendar)
    return this.taskCtx
  }

  /** Follows the calendar room (also across resets): a change rebuilds the task context. */
  private readonly calendarAttacher = (doc: Y.Doc) => {
    const read = () => {
      this.calendar = readCalendarRoom(doc)
      this.taskCtx = null
    }
    read()
    doc.on('update', read)
    return () => doc.off('update', read)
  }

  /** Opens (or reuses) a room; every acquire needs one release. */
  acquire(name: string): Room {
    let e = this.entries.get(name)
    if (!e) {
      const room = new Room(name, this.host)
      for (const a of this.attachersFor(name)) room.attach(a)
      e = { room, refs: 0, pinned: false, lastUsed: Date.now(), idle: null }
      this.entries.set(name, e)
      this.evictIfFull()
    }
    e.refs++
    e.lastUsed = Date.now()
    if (e.idle) clearTimeout(e.idle)
    e.idle = null
    return e.room
  }

  release(name: string, idleMs = IDLE_CLOSE_MS): void {
    const e = this.entries.get(name)
    if (!e) return
    e.refs = Math.max(0, e.refs - 1)
    e.lastUsed = Date.now()
    this.scheduleIdle(name, e, idleMs)
  }

  /** Re-renders after a token renewal: rooms the server closed with 4401 try again. */
  tokenRenewed(): void {
    for (const e of this.entries.values()) if (e.room.provider && !e.room.provider.shouldConnect) e.room.reconnect()
  }

  prefetch(taskId: string): void {
    this.prefetcher.add(rooms.task(taskId))
  }

  private attachersFor(name: string): Attacher[] {
    const out: Attacher[] = []
    const projector = projectorFor(this.ctx, name)
    if (projector) out.push(projector)
    // The calendar room projects nothing into Dexie: it feeds the task context, and its page reads the doc.
    if (name === rooms.calendar) out.push(this.calendarAttacher)
    if (KINDS.kindOf(name)?.follows) out.push(this.followsAttacher(name))
    return out
  }

  /**
   * A room whose content lists further rooms to keep open (the oversight years):
   * those the registry's access rule lets this person read stay acquired while listed.
   */
  private followsAttacher(name: string): Attacher {
    return (doc) => {
      const held = new Set<string>()
      const sync = () => {
        if (this.stopped) return
        const want = new Set(KINDS.follows(asActor(this.deps.viewer), name, doc))
        for (const r of want) if (!held.has(r)) held.add(r), this.acquire(r)
        for (const r of [...held]) if (!want.has(r)) held.delete(r), this.release(r)
      }
      sync()
      doc.on('update', sync)
      // A reset replaces the doc and runs this again: hand back what this copy held.
      return () => {
        doc.off('update', sync)
        for (const r of held) this.release(r)
      }
    }
  }

  private setPinned(name: string, pinned: boolean): void {
    if (this.stopped) return
    const e = this.entries.get(name)
    if (pinned && !e) {
      this.acquire(name)
      this.entries.get(name)!.pinned = true
      this.release(name)
      return
    }
    if (!e || e.pinned === pinned) return
    e.pinned = pinned
    this.scheduleIdle(name, e, IDLE_CLOSE_MS)
  }

  private scheduleIdle(name: string, e: Entry, ms: number): void {
    if (e.idle) clearTimeout(e.idle)
    e.idle = null
    if (e.refs > 0 || e.pinned || !isRecord(name)) return
    e.idle = setTimeout(() => void this.closeRoom(name), ms)
  }

  private async closeRoom(name: string): Promise<void> {
    const e = this.entries.get(name)
    if (!e || e.refs > 0 || e.pinned) return
    this.entries.delete(name)
    await e.room.close()
    this.conn.update(this.primaryRooms())
    this.prefetcher.pump()
  }

  private taskRoomCount(): number {
    let n = 0
    for (const k of this.entries.keys()) if (isRecord(k)) n++
    return n
  }

  /** Closes least recently used idle task rooms beyond the pool size. */
  private evictIfFull(): void {
    const idle = [...this.entries.entries()].filter(([k, e]) => isRecord(k) && e.refs === 0 && !e.pinned).sort((a, b) => a[1].lastUsed - b[1].lastUsed)
    let excess = this.taskRoomCount() - MAX_TASK_ROOMS
    for (const [k] of idle) {
      if (excess-- <= 0) break
      void this.closeRoom(k)
    }
  }

  private indexSummary(id: string): RecordSummary | null {
    let best: RecordSummary | null = null
    for (const [k, e] of this.entries) {
      if (!isIndexRoom(k)) continue
      const s = itemsMap(e.room.doc).get(id)
      if (s && (!best || s.updatedAt > best.updatedAt)) best = s
    }
    return best
  }

  private primaryRooms(): Room[] {
    return [...this.entries.entries()].filter(([k]) => !isRecord(k)).map(([, e]) => e.room)
  }

  private applyNetwork(): void {
    const on = this.host.wantsNetwork()
    for (const e of this.entries.values()) e.room.setNetwork(on)
    this.conn.update(this.primaryRooms())
    if (on) this.prefetcher.pump()
  }

  private async onDenied(room: Room, reason: DenialReason): Promise<void> {
    for (const l of this.deniedListeners) l(room.name, reason)
    await room.reset()
    // The overlay row of a refused local event goes back to what the server says.
    if (isRecord(room.name)) await this.ctx.queue.idle()
  }

  private async onClosed(room: Room, code: number, reason?: string): Promise<void> {
    console.info('[sync] closed by server', room.name, code, reason)
    // The password must be changed first (the change dialog is up): wait, and try again after it (its renewal calls tokenRenewed).
    if (reason === API_ERROR.PASSWORD_CHANGE_REQUIRED) return room.provider?.disconnect()
    if (code === CLOSE.UNAUTHORIZED) {
      // Connected with a token that has since been renewed: just try again with the new one.
      if (room.provider && room.provider.params.token !== this.deps.token()) return room.reconnect()
      const r = await this.deps.renew()
      if (r === 'ok') this.tokenRenewed()
      return
    }
    room.markForbidden()
    if (code === CLOSE.FORBIDDEN && isRecord(room.name)) {
      for (const l of this.deniedListeners) l(room.name, { code: 'NO_ACCESS', message: '' })
    }
  }
}
