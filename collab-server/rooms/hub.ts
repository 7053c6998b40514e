/**
 * The hub: live rooms, connections, and the path of every incoming message.
 * It knows no kind: who may do what comes from the kind registry
 * (domain/kinds), what an update means from the kind's plugin
 * (rooms/kind-plugin.ts). An accepted update, and everything the server writes
 * because of it, is committed in the current group-commit batch of the event
 * log before anything is published on the room bus (docs/architecture.md).
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import type { Actor } from '@domain/directory'
import { KINDS, type KindRegistry } from '@domain/kinds'
import { CLOSE, MSG, REFUSAL } from '@domain/wire'
import { roomAccess, type Access } from '../acl/access'
import { Bucket, Conn, DEFAULT_CONN_LIMITS, type ConnLimits } from '../ws/conn'
import { sanitizeAwarenessUpdate } from '../ws/awareness-guard'
import { encodeAwareness, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeSyncStep2Bytes, encodeUpdate } from '../ws/protocol'
import { beginStep, concatPlainUpdates, ServerRoom, SERVER_ORIGIN, SERVER_WRITER, type Outgoing } from './server-room'
import type { EventLog } from './event-log'
import type { RoomBus } from './room-bus'
import type { KindPlugin, RoomWriter, StepRunner } from './kind-plugin'
import type { Logger } from '../logger'
import { sha256hex } from '../audit/hash'

export interface HubDeps {
  log: EventLog
  bus: RoomBus
  /** The machine's clock; the hub makes it monotonic (`now`). */
  clock: () => number
  logger: Logger
  plugins: KindPlugin[]
  /** "清泉镇 张三": how audit summaries name a person. */
  label: (userId: string) => string
  kinds?: KindRegistry
  limits?: ConnLimits
}

/** Where refused connections to rooms with nothing in them are recorded (one chain, whatever names are tried). */
export const ACCESS_REFUSALS = 'access-refusals'

/** Refused bytes kept as evidence per refusal, and per person (bytes/s, burst). */
const EVIDENCE_PREFIX = 4096
const EVIDENCE_BYTES_PER_SEC = 16 * 1024
const EVIDENCE_BURST_BYTES = 1024 * 1024

/** A state vector that has none of the doc's structs: the answer is the whole record. */
function knowsNothingOf(doc: Y.Doc, sv: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(sv)) if (clock > 0 && doc.store.clients.has(client)) return false
  return true
}

interface Stamp {
  room: ServerRoom
  at: number
  summary: string
  fn: (doc: Y.Doc) => void
}

/** claimClientIds: a client id of this update belongs to someone else. */
const TAKEN: number[] = []

export class Hub implements StepRunner {
  readonly rooms = new Map<string, ServerRoom>()
  readonly limits: ConnLimits
  private readonly kinds: KindRegistry
  private readonly plugins = new Map<string, KindPlugin>()
  private touched = new Set<ServerRoom>()
  /** Stamps of the open batch, in step order: written at its end, one update and one audit row per room (`RoomWriter.stamp`). */
  private stamps: Stamp[] = []
  /** Rooms with stamps waiting. */
  private stampedRooms = new Set<ServerRoom>()
  /** The running step's own stamps (dropped if it fails), and those it wrote early, before a server write to their room (queued again if it fails). */
  private stampsOfStep: Stamp[] = []
  private stampsWrittenInStep: Stamp[] = []
  /** Connections whose accepted updates are in the open batch: told if the batch fails to commit. */
  private batchSenders = new Set<Conn>()
  /** Steps in the open batch, and the connections not read until it is sent (ConnLimits.maxBatchSteps). */
  private batchSteps = 0
  private paused: Conn[] = []
  private lastAt: number
  /** Open connections per person, and what sync answers each person may still cost. */
  private readonly connsOf = new Map<string, number>()
  private readonly replyBudgets = new Map<string, Bucket>()
  private readonly appendBudgets = new Map<string, Bucket>()
  private readonly evidenceBudgets = new Map<string, Bucket>()
  private denials: { conn: Conn; msg: Uint8Array; close: boolean }[] = []

  constructor(private readonly deps: HubDeps) {
    this.limits = deps.limits ?? DEFAULT_CONN_LIMITS
    this.kinds = deps.kinds ?? KINDS
    for (const p of deps.plugins) {
      if (!this.kinds.get(p.kind)) throw new Error(`plugin for an unregistered kind: ${p.kind}`)
      this.plugins.set(p.kind, p)
    }
    this.lastAt = deps.log.lastAt
  }

  /**
   * The server's time for one step: never earlier than any `at` already in the
   * log, so `at` never goes backwards, per room or globally, whatever the clock does.
   */
  now(): number {
    const t = Math.max(this.deps.clock(), this.lastAt, this.deps.log.lastAt)
    this.lastAt = t
    return t
  }

  getRoom(name: string): ServerRoom {
    let room = this.rooms.get(name)
    if (!room) {
      const address = this.kinds.parse(name)
      if (!address) throw new Error(`not a room: ${name}`)
      const r = (room = new ServerRoom(name, address, this.deps.log, this.kinds.get(address.kind)?.keepDeleted === true))
      this.rooms.set(name, r)
      r.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        const changed = [...added, ...updated, ...removed]
        const msg = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(r.awareness, changed))
        for (const c of r.conns) c.send(msg)
      })
      r.unsubscribe = this.deps.bus.subscribe(name, (update, origin) => {
        const msg = encodeUpdate(update)
        for (const c of r.conns) if (c !== origin) c.send(msg)
      })
    }
    room.lastActive = this.deps.clock()
    return room
  }

  doc(name: string): Y.Doc {
    return this.getRoom(name).doc
  }

  accessFor(actor: Actor, room: string): Access {
    return roomAccess(actor, room, this.kinds.parse(room) ? this.doc(room) : null)
  }

  /** The writer one step's code gets: server writes stamped with the step's time. */
  private writer(now: number): RoomWriter {
    const w: RoomWriter = {
      now,
      doc: (name) => this.doc(name),
      write: (name, summary, fn) => {
        const room = this.getRoom(name)
        // Receipts waiting for this room go first, so the record's receipts stay in the order the steps ran.
        if (this.stampedRooms.has(room)) this.writeStamps(room)
        const update = room.serverWrite(fn)
        if (!update) return
        this.deps.log.append({ room: name, kind: 'server', userId: null, unitId: null, at: now, update, summary })
        this.touched.add(room)
      },
      stamp: (name, summary, fn) => {
        if (!this.deps.log.inBatch) return w.write(name, summary, fn)
        const room = this.getRoom(name)
        const st = { room, at: now, summary, fn }
        this.stamps.push(st)
        this.stampsOfStep.push(st)
        this.stampedRooms.add(room)
        this.touched.add(room)
      }
    }
    return w
  }

  /**
   * The open batch's stamps, one server update and one audit row per room,
   * in the batch's transaction: many edits to one record in a batch (a busy
   * record at saturation) share one receipt write instead of one each
   * (docs/decisions.md, "Cost per update"). Each receipt inside still carries
   * its own step's time; the row carries the latest.
   */
  private writeStamps(only?: ServerRoom): void {
    if (!this.stamps.length) return
    const mine = only ? this.stamps.filter((st) => st.room === only) : this.stamps
    if (only) {
      this.stamps = this.stamps.filter((st) => st.room !== only)
      this.stampedRooms.delete(only)
      this.stampsWrittenInStep.push(...mine)
    } else {
      this.stamps = []
      this.stampedRooms.clear()
    }
    const byRoom = new Map<ServerRoom, { at: number; summaries: Map<string, number>; fns: ((doc: Y.Doc) => void)[] }>()
    for (const { room, at, summary, fn } of mine) {
      let g = byRoom.get(room)
      if (!g) byRoom.set(room, (g = { at, summaries: new Map(), fns: [] }))
      g.at = Math.max(g.at, at)
      g.summaries.set(summary, (g.summaries.get(summary) ?? 0) + 1)
      g.fns.push(fn)
    }
    this.deps.log.step(() => {
      for (const [room, g] of byRoom) {
        const update = room.serverWrite((d) => {
          for (const fn of g.fns) fn(d)
        })
        if (!update) continue
        const summary = [...g.summaries].map(([text, n]) => (n > 1 ? `${text}（${n}条）` : text)).join('；')
        this.deps.log.append({ room: room.name, kind: 'server', userId: null, unitId: null, at: g.at, update, summary })
      }
    })
  }

  /** A step begins: what it stamps or writes early is tracked until it ends. */
  private markStamps(): void {
    this.stampsOfStep = []
    this.stampsWrittenInStep = []
  }

  /** A failed step: its own stamps go with its rows; others' it wrote early (rolled back with it) wait again, in their order. */
  private restoreStamps(): void {
    const own = new Set(this.stampsOfStep)
    const again = this.stampsWrittenInStep.filter((st) => !own.has(st))
    this.stamps = [...again, ...this.stamps.filter((st) => !own.has(st))]
    this.stampsOfStep = []
    this.stampsWrittenInStep = []
    this.stampedRooms = new Set(this.stamps.map((st) => st.room))
  }

  /**
   * One durable step: everything written in `fn` commits together (a savepoint
   * inside the current group-commit batch), and nothing goes out before the
   * batch is committed. Outside a batch (start-up, timers) it commits at once.
   */
  step<T>(fn: (w: RoomWriter) => T): T {
    const w = this.writer(this.now())
    const log = this.deps.log
    if (log.inBatch) {
      const step = beginStep()
      this.markStamps()
      try {
        return log.step(() => fn(w))
      } catch (e) {
        this.restoreStamps()
        this.rollbackStep(step)
        throw e
      }
    }
    let out: T
    try {
      out = log.step(() => fn(w))
    } catch (e) {
      this.rollbackTouched()
      throw e
    }
    this.flush()
    return out
  }

  /** Opens a group-commit batch for this event-loop turn; it commits and broadcasts in setImmediate. */
  private openBatch(): void {
    if (++this.batchSteps === (this.limits.maxBatchSteps ?? Infinity)) this.pauseReading()
    if (this.deps.log.inBatch) return
    this.deps.log.beginBatch()
    setImmediate(() => void this.closeBatch())
  }

  private async closeBatch(): Promise<void> {
    try {
      this.writeStamps()
      await this.deps.log.commitBatch()
    } catch (e) {
      this.deps.logger.error('batch commit failed', { error: String(e) })
      this.stamps = []
      this.stampedRooms.clear()
      this.rollbackTouched()
      for (const c of this.batchSenders) c.send(encodePermissionDenied(REFUSAL.STORE_FAILED, '服务器保存失败，请稍后重试'))
      this.batchSenders.clear()
      this.sendDenials()
      this.resumeReading()
      return
    }
    this.batchSenders.clear()
    this.flush()
    this.sendDenials()
    this.resumeReading()
  }

  /**
   * The open batch is full: the rest of what was read from the socket at hand joins it, and
   * nothing more is read from anyone until it is durable and sent.
   */
  private pauseReading(): void {
    for (const room of this.rooms.values())
      for (const c of room.conns) {
        c.pause()
        this.paused.push(c)
      }
  }

  /** Read again (after the batch's broadcast, so what is read next is in the next batch). */
  private resumeReading(): void {
    this.batchSteps = 0
    const paused = this.paused
    this.paused = []
    for (const c of paused) c.resume()
  }

  /**
   * One step of the open batch failed (its rows were rolled back): rebuild the
   * docs it changed, keeping what the batch's other steps applied, which is
   * committed with the batch and still goes out.
   */
  private rollbackStep(step: number): void {
    for (const r of this.touched) if (r.outbox.some((o) => o.step === step)) r.reload(r.outbox.filter((o) => o.step !== step))
  }

  /** Nothing was stored: rebuild every doc we touched so memory matches the log. */
  private rollbackTouched(): void {
    for (const r of this.touched) {
      r.reload()
      r.writers = null // claims of the lost batch are gone with it
    }
    this.touched.clear()
  }

  /** Publishes every durable update on the room bus (to this and every other holder of the room). */
  private flush(): void {
    const rooms = [...this.touched]
    this.touched.clear()
    for (const room of rooms) {
      const out = room.outbox
      room.outbox = []
      this.publish(room, out)
    }
  }

  /**
   * A client's update followed by the server's write for it (its receipt)
   * goes to the other peers as ONE frame: one send and one apply per peer
   * where there were two. The writer, who has its own update, gets the
   * receipt alone. They never share a Yjs client id: the server's is refused
   * to clients (CLIENT_ID_TAKEN). Anything else goes out as it came.
   */
  private publish(room: ServerRoom, out: Outgoing[]): void {
    for (let i = 0; i < out.length; i++) {
      const { update, origin, plain } = out[i]
      const next = out[i + 1]
      const pair = origin instanceof Conn && plain && next?.origin === SERVER_ORIGIN && next.plain ? concatPlainUpdates(update, next.update) : null
      if (!pair || !(origin instanceof Conn)) {
        this.deps.bus.publish(room.name, update, origin)
        continue
      }
      i++
      this.deps.bus.publish(room.name, pair, origin)
      if (room.conns.has(origin)) origin.send(encodeUpdate(next.update))
    }
  }

  /** A WebSocket whose token has been verified. */
  attach(ws: WebSocket, actor: Actor, roomName: string, tokenExp: number): void {
    if (!this.kinds.parse(roomName)) return void ws.close(CLOSE.NOT_FOUND, 'unknown room')
    const loaded = this.rooms.has(roomName)
    const room = this.getRoom(roomName)
    const access = this.accessFor(actor, roomName)
    if (access === 'none') {
      // A record that exists keeps the refusal in its own trail. A name with nothing behind it
      // leaves one row in one place and nothing else: no chain, no room in memory.
      const empty = room.doc.store.clients.size === 0
      if (empty && !loaded && room.conns.size === 0) this.dropRoom(roomName, room)
      this.step(() => this.note(empty ? ACCESS_REFUSALS : roomName, actor, `拒绝访问：${this.deps.label(actor.userId)} 无权查看 ${roomName}`))
      return void ws.close(CLOSE.FORBIDDEN, 'no access to this room')
    }
    const now = this.deps.clock()
    const open = this.connsOf.get(actor.userId) ?? 0
    if (open >= (this.limits.maxConnsPerPerson ?? Infinity)) return void ws.close(CLOSE.TOO_MANY, 'too many connections')
    this.connsOf.set(actor.userId, open + 1)
    const conn = new Conn(ws, actor, access, tokenExp, this.limits, Date.now())
    room.conns.add(conn)
    // A stolen or stale token gets nothing past its life: the socket closes at expiry.
    conn.expiryTimer = setTimeout(() => conn.close(CLOSE.UNAUTHORIZED, 'token expired'), Math.max(0, Math.min(tokenExp - now, 2 ** 31 - 1)))
    ws.on('message', (data, isBinary) => this.onMessage(conn, room, data as Buffer, isBinary))
    ws.on('close', () => this.detach(conn, room))
    ws.on('error', () => conn.close(CLOSE.BAD_REQUEST, 'socket error'))
    conn.send(encodeSyncStep1(room.doc))
    const states = room.awareness.getStates()
    if (states.size > 0) conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])))
  }

  /** An audit row without a document change (a refusal of access). Runs inside a step. */
  private note(room: string, actor: Actor, summary: string): void {
    this.deps.log.append({ room, kind: 'event', userId: actor.userId, unitId: actor.unitId, at: this.lastAt, update: null, summary })
  }

  private detach(conn: Conn, room: ServerRoom): void {
    clearTimeout(conn.expiryTimer)
    const open = (this.connsOf.get(conn.actor.userId) ?? 1) - 1
    if (open > 0) this.connsOf.set(conn.actor.userId, open)
    else this.connsOf.delete(conn.actor.userId)
    room.conns.delete(conn)
    if (conn.awarenessIds.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], null)
  }

  private onMessage(conn: Conn, room: ServerRoom, data: Buffer, isBinary: boolean): void {
    if (!conn.allowMessage(Date.now())) return conn.close(CLOSE.TOO_MANY, 'too many messages')
    if (!isBinary) return conn.close(CLOSE.BAD_REQUEST, 'binary messages only')
    try {
      const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      const type = decoding.readVarUint(d)
      switch (type) {
        case MSG.SYNC: {
          const step = decoding.readVarUint(d)
          if (step === 0) {
            // A sync request is small and its answer can be the whole record: answers are counted per person.
            const budget = this.replyBudget(conn.actor.userId)
            if (!budget.take(0, Date.now())) return conn.close(CLOSE.TOO_MANY, 'too many sync requests')
            const sv = decoding.readVarUint8Array(d)
            if (knowsNothingOf(room.doc, sv)) {
              const whole = room.wholeState()
              budget.take(whole.length, Date.now())
              conn.send(encodeSyncStep2Bytes(whole))
            } else {
              const reply = encodeSyncStep2(room.doc, sv)
              budget.take(reply.length, Date.now())
              conn.send(reply)
            }
          } else if (step === 1 || step === 2) this.onUpdate(conn, room, decoding.readVarUint8Array(d))
          else conn.close(CLOSE.BAD_REQUEST, 'unknown sync step')
          break
        }
        case MSG.AWARENESS: {
          const clean = sanitizeAwarenessUpdate(decoding.readVarUint8Array(d), conn.actor, conn.awarenessIds, (id) => {
            for (const c of room.conns) if (c !== conn && c.awarenessIds.has(id)) return true
            return false
          })
          if (clean) awarenessProtocol.applyAwarenessUpdate(room.awareness, clean, conn)
          break
        }
        case MSG.QUERY_AWARENESS:
          conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])))
          break
        case MSG.AUTH:
          break // clients have nothing to say on this channel
        default:
          conn.close(CLOSE.BAD_REQUEST, 'unknown message type')
      }
    } catch (e) {
      this.deps.logger.warn('malformed message', { room: room.name, user: conn.actor.userId, error: String(e) })
      conn.close(CLOSE.BAD_REQUEST, 'malformed message')
    }
  }

  private onUpdate(conn: Conn, room: ServerRoom, update: Uint8Array): void {
    const plugin = this.plugins.get(room.address.kind)
    const check = conn.access === 'write' ? plugin?.check : undefined
    if (!check) {
      // A reader's client answers our sync step 1 with what it has; nothing new is fine.
      if (Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return
      if (conn.access !== 'write')
        return this.refuse(
          conn,
          room,
          update,
          REFUSAL.READ_ONLY,
          this.kinds.get(room.address.kind)?.writtenBy === 'clients' ? '只读账号不能修改记录' : '该数据只能由服务器写入',
          false
        )
      return this.refuse(conn, room, update, REFUSAL.NOT_SUPPORTED, '暂不支持在客户端修改该数据', false)
    }
    // A record has a size limit: past it a clear refusal rather than a record that costs everyone to load.
    if (room.bytes + update.length > (this.limits.maxRecordBytes ?? Infinity))
      return this.refuse(conn, room, update, REFUSAL.RECORD_FULL, '该记录内容已达上限，不能再添加，请联系管理员', false)
    // What one person may append, in bytes: past it a clear refusal, checked before anything is decoded.
    if (!this.appendBudget(conn.actor.userId).take(update.length, Date.now()))
      return this.refuse(conn, room, update, REFUSAL.QUOTA, '提交过于频繁或内容过多，请稍后再试', false)
    // Yjs client ids belong to the person who first wrote with them in this room: structs under
    // someone else's id would make that person's own next edits look already known and vanish.
    // Decoded once here; the kind's check reads the same structs (docs/decisions.md, "Cost per update").
    let claimed: number[]
    let decoded: ReturnType<typeof Y.decodeUpdate> | undefined
    try {
      decoded = Y.decodeUpdate(update)
      claimed = this.claimClientIds(conn, room, decoded)
    } catch {
      claimed = [] // malformed: the kind's check refuses it with its code
      decoded = undefined
    }
    if (claimed === TAKEN) return this.refuse(conn, room, update, REFUSAL.CLIENT_ID_TAKEN, '该客户端编号已被他人使用，请刷新页面后重试', false)
    const now = this.now()
    const step = beginStep()
    // Accepted updates of this turn already in the outbox stay there whatever happens to this one.
    const mark = room.outbox.length
    let verdict: ReturnType<typeof check>
    room.incoming = { update, origin: conn }
    try {
      verdict = check.call(plugin, { room: room.name, id: room.address.id, doc: room.doc, update, origin: conn, actor: conn.actor, now, decoded })
    } catch (e) {
      room.incoming = null
      // A rule that throws is a bug on our side; the update is refused, the record untouched.
      this.deps.logger.error('policy check threw', { room: room.name, error: String(e) })
      return this.refuse(conn, room, update, REFUSAL.CHECK_FAILED, '服务器无法核验该操作，已拒绝', true, mark)
    }
    room.incoming = null
    if (verdict.kind === 'noop') return void (room.outbox.length = mark)
    if (verdict.kind === 'refused') return this.refuse(conn, room, update, verdict.code, verdict.message, verdict.touched, mark)
    const { summary, effects } = verdict
    const ok = this.commitAccepted(conn, room, update, now, summary, effects, step)
    if (ok) for (const c of claimed) this.writersOf(room).set(c, conn.actor.userId)
    if (ok && verdict.accessChanged) this.recheckAccess(room)
  }

  private replyBudget(userId: string): Bucket {
    let b = this.replyBudgets.get(userId)
    if (!b) this.replyBudgets.set(userId, (b = new Bucket(this.limits.replyBytesPerSec ?? Infinity, this.limits.replyBurstBytes ?? Infinity, Date.now())))
    return b
  }

  /** Client ids this update writes new structs under and nobody owns yet; TAKEN if one is someone else's. */
  private claimClientIds(conn: Conn, room: ServerRoom, decoded: ReturnType<typeof Y.decodeUpdate>): number[] {
    // Where each client's structs in this update end (what Y.parseUpdateMeta calls `to`).
    const to = new Map<number, number>()
    for (const s of decoded.structs) {
      const end = s.id.clock + s.length
      if (end > (to.get(s.id.client) ?? 0)) to.set(s.id.client, end)
    }
    const writers = this.writersOf(room)
    const free: number[] = []
    for (const [client, end] of to) {
      if (end <= Y.getState(room.doc.store, client)) continue
      const owner = writers.get(client)
      if (owner === undefined) free.push(client)
      else if (owner !== conn.actor.userId) return TAKEN
    }
    return free
  }

  private writersOf(room: ServerRoom): Map<number, string> {
    let w = room.writers
    if (!w) {
      w = room.writers = new Map()
      for (const { userId, update } of this.deps.log.writtenBy(room.name))
        for (const client of Y.parseUpdateMeta(update).to.keys()) if (!w.has(client)) w.set(client, userId ?? SERVER_WRITER)
    }
    // The server writes under its doc's id (new at each rebuild).
    if (!w.has(room.doc.clientID)) w.set(room.doc.clientID, SERVER_WRITER)
    return w
  }

  /**
   * Stores an accepted client update (and what the server writes because of
   * it) in the current group-commit batch, all stamped with the update's `now`.
   * The update already sits in the room's doc; if storing fails, the docs are
   * rebuilt from the log and the sender is told.
   */
  private commitAccepted(
    conn: Conn,
    room: ServerRoom,
    update: Uint8Array,
    now: number,
    summary: string,
    effects: ((w: RoomWriter) => void) | undefined,
    step: number
  ): boolean {
    this.touched.add(room)
    this.openBatch()
    const w = this.writer(now)
    this.markStamps()
    try {
      this.deps.log.step(() => {
        this.deps.log.append({ room: room.name, kind: 'client', userId: conn.actor.userId, unitId: conn.actor.unitId, at: now, update, summary })
        effects?.(w)
      })
    } catch (e) {
      this.restoreStamps()
      this.deps.logger.error('commit failed', { room: room.name, error: String(e) })
      this.rollbackStep(step)
      conn.send(encodePermissionDenied(REFUSAL.STORE_FAILED, '服务器保存失败，请稍后重试'))
      return false
    }
    this.batchSenders.add(conn)
    return true
  }

  /** Connections opened while a record room was empty may lose access once it exists. */
  private recheckAccess(room: ServerRoom): void {
    for (const c of room.conns) {
      c.access = this.accessFor(c.actor, room.name)
      if (c.access === 'none') c.close(CLOSE.FORBIDDEN, 'no access to this room')
    }
  }

  /**
   * A refusal: one `refused` row in the current group-commit batch, and the
   * reason sent once the batch is durable. The refused bytes are evidence, not
   * history: beyond EVIDENCE_PREFIX only their hash and size are kept, and a
   * person past their evidence budget leaves hash and size alone (noted in
   * the row). Nothing of the refused update reaches the room's doc or outbox.
   */
  private refuse(conn: Conn, room: ServerRoom, update: Uint8Array, code: string, message: string, touched: boolean, mark = room.outbox.length): void {
    // The rebuilt doc holds this turn's accepted updates (the open batch is read back), and so does the outbox.
    if (touched) room.reload(room.outbox.slice(0, mark))
    const who = this.deps.label(conn.actor.userId)
    const at = this.now()
    const keep = this.evidenceBudget(conn.actor.userId).take(Math.min(update.length, EVIDENCE_PREFIX), Date.now())
      ? Math.min(update.length, EVIDENCE_PREFIX)
      : 0
    const evidence =
      keep === update.length ? '' : `；证据${keep ? `保留前${keep}字节` : '已达上限，未保留内容'}，共${update.length}字节，SHA-256 ${sha256hex(update)}`
    this.openBatch()
    try {
      this.deps.log.step(() =>
        this.deps.log.append({
          room: room.name,
          kind: 'refused',
          userId: conn.actor.userId,
          unitId: conn.actor.unitId,
          at,
          update: keep ? update.subarray(0, keep) : null,
          summary: `拒绝：${who} 的修改被拒绝（${code}：${message}${evidence}）`
        })
      )
    } catch (e) {
      this.deps.logger.error('refusal not recorded', { room: room.name, error: String(e) })
    }
    this.denials.push({ conn, msg: encodePermissionDenied(code, message), close: ++conn.refusals > conn.limits.maxRefusals })
  }

  /** Refusals go out after their rows are durable (or failed to be: the refusal stands either way). */
  private sendDenials(): void {
    const ds = this.denials
    this.denials = []
    for (const { conn, msg, close } of ds) {
      conn.send(msg)
      if (close) conn.close(CLOSE.TOO_MANY, 'too many refused updates')
    }
  }

  private evidenceBudget(userId: string): Bucket {
    let b = this.evidenceBudgets.get(userId)
    if (!b) this.evidenceBudgets.set(userId, (b = new Bucket(EVIDENCE_BYTES_PER_SEC, EVIDENCE_BURST_BYTES, Date.now())))
    return b
  }

  private appendBudget(userId: string): Bucket {
    let b = this.appendBudgets.get(userId)
    if (!b) this.appendBudgets.set(userId, (b = new Bucket(this.limits.appendBytesPerSec ?? Infinity, this.limits.appendBurstBytes ?? Infinity, Date.now())))
    return b
  }

  /** Commits what is pending (shutdown). */
  async drain(): Promise<void> {
    if (this.deps.log.inBatch) await this.closeBatch()
  }

  closeAll(): void {
    for (const room of this.rooms.values()) for (const c of room.conns) c.close(CLOSE.SHUTDOWN, 'server shutting down')
  }

  private dropRoom(name: string, room: ServerRoom): void {
    room.unsubscribe?.()
    room.doc.destroy()
    this.rooms.delete(name)
  }

  /** Drops idle record rooms nobody is connected to; they reload from the log on demand. */
  sweepIdle(maxIdleMs: number): void {
    const now = this.deps.clock()
    for (const [name, room] of this.rooms) {
      if (
        this.kinds.get(room.address.kind)?.record &&
        room.conns.size === 0 &&
        room.outbox.length === 0 &&
        !this.touched.has(room) &&
        now - room.lastActive > maxIdleMs
      ) {
        room.unsubscribe?.()
        room.doc.destroy()
        this.rooms.delete(name)
        this.deps.log.forget(name)
      }
    }
  }

  /** Closes every socket of one person at once (account disabled or tokens revoked); returns how many. */
  closeUser(userId: string, reason = 'account disabled'): number {
    let n = 0
    for (const room of this.rooms.values())
      for (const c of room.conns)
        if (c.actor.userId === userId) {
          c.close(CLOSE.UNAUTHORIZED, reason)
          n++
        }
    return n
  }

  /** Starts every plugin's timers; returns the stop. */
  startTimers(): () => void {
    const handles: ReturnType<typeof setInterval>[] = []
    for (const p of this.plugins.values())
      for (const t of p.timers ?? []) {
        const h = setInterval(() => this.runTimer(p.kind, t), t.everyMs)
        h.unref()
        handles.push(h)
      }
    return () => handles.forEach(clearInterval)
  }

  /** Runs every plugin's timers once, now (the test clock moves server time and asks for this). */
  runTimers(): void {
    for (const p of this.plugins.values()) for (const t of p.timers ?? []) this.runTimer(p.kind, t)
  }

  private runTimer(kind: string, t: { name: string; run(steps: StepRunner): void }): void {
    try {
      t.run(this)
    } catch (e) {
      this.deps.logger.error('timer failed', { kind, timer: t.name, error: String(e) })
    }
  }
}

export { SERVER_ORIGIN }
