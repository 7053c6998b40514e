/**
 * The hub: live rooms, connections, and the path of every incoming message.
 * An accepted update is committed (with the server's receipt and the index
 * updates it causes) in one SQLite transaction before anything is broadcast.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import { parseRoom, type RoomRef } from '../../domain/rooms'
import type { Actor } from '../../domain/directory'
import { readMeta, readServerState, readSummary, type TaskContext, type TaskMeta } from '../../domain/task'
import type { AuditLog } from '../audit/log'
import type { DirectoryService } from '../directory'
import { roomAccess, type Access } from '../acl/access'
import { applyTaskUpdate } from '../policy/task-update'
import { applyCalendarUpdate } from '../policy/calendar-update'
import { Conn, DEFAULT_CONN_LIMITS, type ConnLimits } from '../ws/conn'
import { sanitizeAwarenessUpdate } from '../ws/awareness-guard'
import {
  CLOSE,
  MSG_AUTH,
  MSG_AWARENESS,
  MSG_QUERY_AWARENESS,
  MSG_SYNC,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate
} from '../ws/protocol'
import { ServerRoom, SERVER_ORIGIN } from './server-room'
import type { Logger } from '../logger'

export interface HubDeps {
  audit: AuditLog
  directory: () => DirectoryService
  clock: () => number
  taskContext: () => TaskContext
  logger: Logger
  limits?: ConnLimits
  /** Called inside the commit transaction after a task change is accepted (index rooms, reminders). */
  onTaskAccepted?: (hub: Hub, info: TaskAccepted) => void
  /** Attachment ids not uploaded for this room (a record may only reference its own files). */
  unknownAttachments?: (room: string, ids: string[]) => string[]
  /** Called inside the commit after an admin changed the calendar; `why` goes into affected records' trails. */
  onCalendarChanged?: (hub: Hub, why: string) => void
}

export interface TaskAccepted {
  room: ServerRoom
  meta: TaskMeta
  actor: Actor
  newEvents: import('../../domain/task').TaskEvent[]
  state: import('../../domain/task').TaskState
  created: boolean
  now: number
  /** The summary before this change (null for a new task). */
  previous: import('../../domain/task').RecordSummary | null
}

export class Hub {
  readonly rooms = new Map<string, ServerRoom>()
  private touched = new Set<ServerRoom>()
  readonly limits: ConnLimits

  constructor(readonly deps: HubDeps) {
    this.limits = deps.limits ?? DEFAULT_CONN_LIMITS
  }

  getRoom(name: string, ref?: RoomRef): ServerRoom {
    let room = this.rooms.get(name)
    if (!room) {
      const r = ref ?? parseRoom(name)
      if (!r) throw new Error(`not a room: ${name}`)
      room = new ServerRoom(name, r, this.deps.audit)
      this.rooms.set(name, room)
      room.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        const changed = [...added, ...updated, ...removed]
        const msg = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room!.awareness, changed))
        for (const c of room!.conns) c.send(msg)
      })
    }
    room.lastActive = this.deps.clock()
    return room
  }

  /** Writes as the server into a room, audited; broadcast happens at `flush`. Must run inside `commit`. */
  serverWrite(roomName: string, summary: string, fn: (doc: Y.Doc) => void): void {
    const room = this.getRoom(roomName)
    const update = room.serverWrite(fn)
    if (!update) return
    this.deps.audit.append({ room: roomName, kind: 'server', userId: null, unitId: null, at: this.deps.clock(), update, summary })
    this.touched.add(room)
  }

  /** Connections whose accepted updates are in the open batch: told if the batch fails to commit. */
  private batchSenders = new Set<Conn>()

  /**
   * One durable step: everything written in `fn` commits together (a savepoint
   * inside the current group-commit batch), and nothing goes out before the
   * batch is committed. Outside a batch (start-up, timers) it commits at once.
   */
  commit(fn: () => void): void {
    const audit = this.deps.audit
    if (audit.inBatch) return audit.transaction(fn)
    try {
      audit.transaction(fn)
    } catch (e) {
      this.rollbackTouched()
      throw e
    }
    this.flush()
  }

  /** Opens a group-commit batch for this event-loop turn; it commits and broadcasts in setImmediate. */
  private openBatch(): void {
    if (this.deps.audit.inBatch) return
    this.deps.audit.beginBatch()
    setImmediate(() => this.closeBatch())
  }

  private closeBatch(): void {
    try {
      this.deps.audit.endBatch()
    } catch (e) {
      this.deps.logger.error('batch commit failed', { error: String(e) })
      this.rollbackTouched()
      for (const c of this.batchSenders) c.send(encodePermissionDenied('STORE_FAILED', '服务器保存失败，请稍后重试'))
      this.batchSenders.clear()
      return
    }
    this.batchSenders.clear()
    this.flush()
  }

  /** Nothing was stored: rebuild every doc we touched so memory matches the log. */
  private rollbackTouched(): void {
    for (const r of this.touched) r.reload()
    this.touched.clear()
  }

  private flush(): void {
    const rooms = [...this.touched]
    this.touched.clear()
    for (const room of rooms) {
      const out = room.outbox
      room.outbox = []
      for (const { update, origin } of out) {
        const msg = encodeUpdate(update)
        for (const c of room.conns) if (c !== origin) c.send(msg)
      }
    }
  }

  accessFor(actor: Actor, room: ServerRoom): Access {
    return roomAccess(actor, room.ref, room.ref.kind === 'task' ? readMeta(room.doc) : null)
  }

  /** A WebSocket whose token has been verified. */
  attach(ws: WebSocket, actor: Actor, roomName: string, tokenExp: number): void {
    const ref = parseRoom(roomName)
    if (!ref) return void ws.close(CLOSE.NOT_FOUND, 'unknown room')
    const room = this.getRoom(roomName, ref)
    const now = this.deps.clock()
    const access = this.accessFor(actor, room)
    if (access === 'none') {
      this.deps.audit.transaction(() =>
        this.deps.audit.append({ room: roomName, kind: 'event', userId: actor.userId, unitId: actor.unitId, at: now, update: null, summary: `拒绝访问：${this.deps.directory().label(actor.userId)} 无权查看 ${roomName}` })
      )
      return void ws.close(CLOSE.FORBIDDEN, 'no access to this room')
    }
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

  private detach(conn: Conn, room: ServerRoom): void {
    clearTimeout(conn.expiryTimer)
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
        case MSG_SYNC: {
          const step = decoding.readVarUint(d)
          if (step === 0) conn.send(encodeSyncStep2(room.doc, decoding.readVarUint8Array(d)))
          else if (step === 1 || step === 2) this.onUpdate(conn, room, decoding.readVarUint8Array(d))
          else conn.close(CLOSE.BAD_REQUEST, 'unknown sync step')
          break
        }
        case MSG_AWARENESS: {
          const clean = sanitizeAwarenessUpdate(decoding.readVarUint8Array(d), conn.actor, conn.awarenessIds)
          if (clean) awarenessProtocol.applyAwarenessUpdate(room.awareness, clean, conn)
          break
        }
        case MSG_QUERY_AWARENESS:
          conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])))
          break
        case MSG_AUTH:
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
    const now = this.deps.clock()
    const dir = this.deps.directory()
    if (conn.access !== 'write') {
      // A reader's client answers our sync step 1 with what it has; nothing new is fine.
      if (Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return
      return this.refuse(conn, room, update, 'READ_ONLY', room.ref.kind === 'task' ? '只读账号不能修改记录' : '该数据只能由服务器写入', false)
    }
    if (room.ref.kind === 'calendar') return this.onCalendarUpdate(conn, room, update)
    if (room.ref.kind !== 'task') {
      if (Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) return
      return this.refuse(conn, room, update, 'NOT_SUPPORTED', '暂不支持在客户端修改该数据', false)
    }
    const previous = readSummary(room.doc)
    let verdict: ReturnType<typeof applyTaskUpdate>
    try {
      verdict = applyTaskUpdate(room.doc, update, conn, conn.actor, readServerState(room.doc), now, this.deps.taskContext())
    } catch (e) {
      // A rule that throws is a bug on our side; the update is refused, the record untouched.
      this.deps.logger.error('policy check threw', { room: room.name, error: String(e) })
      return this.refuse(conn, room, update, 'CHECK_FAILED', '服务器无法核验该操作，已拒绝', true)
    }
    if (verdict.kind === 'noop') {
      room.outbox = []
      return
    }
    if (verdict.kind === 'refused') return this.refuse(conn, room, update, verdict.error.code, verdict.error.message, verdict.touched)
    const { meta, newEvents, noops, state, created } = verdict
    const referenced = [...(created ? (meta.attachments ?? []) : []), ...newEvents.flatMap((e) => e.payload?.attachments ?? [])].map((a) => a.id)
    if (referenced.length && this.deps.unknownAttachments?.(room.name, referenced).length)
      return this.refuse(conn, room, update, 'UNKNOWN_ATTACHMENT', '引用的附件不存在或不属于该记录', true)
    const who = dir.label(conn.actor.userId)
    const verbs = newEvents.map((e) => (noops.has(e.id) ? `重复${verbOf(e.type)}（无变化）` : verbOf(e.type))).join('、')
    const ok = this.commitAccepted(conn, room, update, `${who} ${verbs}《${meta.title}》`, () => {
      this.serverWrite(room.name, `服务器回执：${verbs}《${meta.title}》`, (doc) => stampReceipts(doc, newEvents, now, meta, state))
      this.deps.onTaskAccepted?.(this, { room, meta, actor: conn.actor, newEvents, state, created, now, previous })
    })
    if (ok && created) this.recheckAccess(room)
  }

  /**
   * Stores an accepted client update (and what the server writes because of
   * it) in the current group-commit batch. The update already sits in the
   * room's doc; if storing fails, the docs are rebuilt from the log and the
   * sender is told.
   */
  private commitAccepted(conn: Conn, room: ServerRoom, update: Uint8Array, summary: string, consequences: () => void): boolean {
    this.touched.add(room)
    this.openBatch()
    try {
      this.commit(() => {
        this.deps.audit.append({ room: room.name, kind: 'client', userId: conn.actor.userId, unitId: conn.actor.unitId, at: this.deps.clock(), update, summary })
        consequences()
      })
    } catch (e) {
      this.deps.logger.error('commit failed', { room: room.name, error: String(e) })
      this.rollbackTouched()
      conn.send(encodePermissionDenied('STORE_FAILED', '服务器保存失败，请稍后重试'))
      return false
    }
    this.batchSenders.add(conn)
    return true
  }

  /** An administrator's holiday schedule entry or local exception (issue 4). */
  private onCalendarUpdate(conn: Conn, room: ServerRoom, update: Uint8Array): void {
    const v = applyCalendarUpdate(room.doc, update, conn)
    if (v.kind === 'noop') return void (room.outbox = [])
    if (v.kind === 'refused') return this.refuse(conn, room, update, v.error.code, v.error.message, true)
    const who = this.deps.directory().label(conn.actor.userId)
    const what = [
      ...v.changed.map((o) => `${o.date} ${o.work ? '上班' : '休息'}（${o.kind === 'official' ? '国务院安排' : '本县调整'}：${o.reason}）`),
      ...(v.officialYears ? [`正式安排年份：${v.officialYears.join('、')}`] : []),
      ...(v.agencyTypes ? [`代办件时限表：${Object.values(v.agencyTypes).map((a) => `${a.label}${a.workingDays}个工作日`).join('、')}`] : [])
    ].join('；')
    this.commitAccepted(conn, room, update, `${who} 调整工作日历：${what || '删除条目'}`, () => this.deps.onCalendarChanged?.(this, `${what || '删除日历条目'}（${who}）`))
  }

  /** Connections opened while a task room was empty may lose access once it exists. */
  private recheckAccess(room: ServerRoom): void {
    for (const c of room.conns) {
      c.access = this.accessFor(c.actor, room)
      if (c.access === 'none') c.close(CLOSE.FORBIDDEN, 'no access to this room')
    }
  }

  private refuse(conn: Conn, room: ServerRoom, update: Uint8Array, code: string, message: string, touched: boolean): void {
    if (touched) room.reload()
    const who = this.deps.directory().label(conn.actor.userId)
    this.deps.audit.transaction(() =>
      this.deps.audit.append({ room: room.name, kind: 'refused', userId: conn.actor.userId, unitId: conn.actor.unitId, at: this.deps.clock(), update, summary: `拒绝：${who} 的修改被拒绝（${code}：${message}）` })
    )
    conn.send(encodePermissionDenied(code, message))
    if (++conn.refusals > conn.limits.maxRefusals) conn.close(CLOSE.TOO_MANY, 'too many refused updates')
  }

  closeAll(): void {
    for (const room of this.rooms.values()) for (const c of room.conns) c.close(CLOSE.SHUTDOWN, 'server shutting down')
  }

  /** Drops idle task rooms nobody is connected to; they reload from the log on demand. */
  sweepIdle(maxIdleMs: number): void {
    const now = this.deps.clock()
    for (const [name, room] of this.rooms) {
      if (room.ref.kind === 'task' && room.conns.size === 0 && now - room.lastActive > maxIdleMs) {
        room.doc.destroy()
        this.rooms.delete(name)
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
}

import { EVENT_VERB_ZH, receiptsMap, serverMap, summarize, type TaskEvent, type TaskEventType, type TaskState } from '../../domain/task'

const verbOf = (t: TaskEventType) => EVENT_VERB_ZH[t] ?? t

function stampReceipts(doc: Y.Doc, events: TaskEvent[], now: number, meta: TaskMeta, state: TaskState): void {
  const receipts = receiptsMap(doc)
  let seq = receipts.size
  for (const e of events) receipts.set(e.id, { seq: ++seq, at: now })
  serverMap(doc).set('state', state)
  serverMap(doc).set('summary', summarize(meta, state))
}

export { SERVER_ORIGIN }
