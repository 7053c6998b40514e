/**
 * The 交办件 kind on the server: its update check (task-update.ts), the
 * receipts it stamps with the step's time, the index rows and reminders it
 * writes, and electronic supervision as its timer.
 */
import type * as Y from 'yjs'
import {
  EVENT_VERB_ZH,
  lastReceiptAt,
  movesOnlyTime,
  readServerState,
  readSummary,
  receiptsMap,
  serverMap,
  summarize,
  type TaskContext,
  type TaskEventType,
  type RecordSummary,
  type TaskState
} from '@domain/task'
import { TASK_KIND, taskEventReminders } from '@domain/kinds'
import { REFUSAL } from '@domain/wire'
import type { DirectoryService } from '../directory'
import { pushReminder, reminderPeople, sameForLists, writeSummary } from '../indexer'
import type { KindPlugin, RoomWriter } from '../rooms/kind-plugin'
import type { Supervisor } from '../supervision/supervisor'
import { applyTaskUpdate } from './task-update'

export interface TaskKindEnv {
  directory(): DirectoryService
  taskContext(): TaskContext
  /** Attachment ids not uploaded for this room (a record may only reference its own files). */
  unknownAttachments(room: string, ids: string[]): string[]
  supervisor(): Supervisor
  supervisionIntervalMs: number
  /**
   * The next 交办〔year〕n号 for a task created at server time `at`. Runs inside the step, so the
   * counter and the record are stored together or not at all: gapless, never reused.
   */
  allocateTaskNumber?(at: number): string
}

const verbOf = (t: TaskEventType) => EVENT_VERB_ZH[t] ?? t

export function taskPlugin(env: TaskKindEnv): KindPlugin {
  return {
    kind: TASK_KIND,
    check({ room, doc, update, origin, actor, now, decoded }) {
      const previous = readSummary(doc)
      const before = currentState(doc)
      const verdict = applyTaskUpdate(doc, update, origin, actor, before, now, env.taskContext(), decoded)
      if (verdict.kind === 'noop') return verdict
      if (verdict.kind === 'refused') return { kind: 'refused', code: verdict.error.code, message: verdict.error.message, touched: verdict.touched }
      const { meta, newEvents, noops, state, created } = verdict
      // A record speaks only for its own room: its id is the room's, so its index rows cannot overwrite another record's.
      if (meta.id !== room.slice(room.indexOf(':') + 1))
        return { kind: 'refused', code: REFUSAL.WRONG_ROOM, message: '记录编号与所在房间不符，已拒绝', touched: true }
      const referenced = [...(created ? (meta.attachments ?? []) : []), ...newEvents.flatMap((e) => e.payload?.attachments ?? [])].map((a) => a.id)
      if (referenced.length && env.unknownAttachments(room, referenced).length)
        return { kind: 'refused', code: REFUSAL.UNKNOWN_ATTACHMENT, message: '引用的附件不存在或不属于该记录', touched: true }
      const dir = env.directory()
      const verbs = newEvents.map((e) => (noops.has(e.id) ? `重复${verbOf(e.type)}（无变化）` : verbOf(e.type))).join('、')
      // 代录: the trail names who typed it in and for whom.
      const proxy = created && meta.recordedBy ? `代${dir.label(meta.assignedBy)}录入` : ''
      return {
        kind: 'accepted',
        summary: `${dir.label(actor.userId)} ${proxy}${verbs}《${meta.title}》`,
        accessChanged: created,
        effects: (w) => {
          const number = created ? env.allocateTaskNumber?.(w.now) : undefined
          const stamped = number ? { ...state, number } : state
          // The receipt time is the step's time: exactly the `at` of the audit rows.
          // A 反馈 moves nothing but time: its receipt alone says so (docs/decisions.md, "Cost per update").
          const timeOnly = !created && movesOnlyTime(before, stamped, newEvents, noops)
          const summary = timeOnly ? null : summarize(meta, stamped)
          const receipt = `服务器回执：${number ? `编号${number}，` : ''}${verbs}《${meta.title}》`
          const ids = newEvents.map((e) => e.id)
          const at = w.now
          if (timeOnly) {
            // Receipts alone: they may share one write with this record's other 反馈 in the batch. The checks of
            // the updates after it in the batch see the time moved now.
            const doc = w.doc(room)
            stateCache.set(doc, { stored: readServerState(doc), state: stamped })
            w.stamp(room, receipt, receiptsOnly(ids, at))
          } else w.write(room, receipt, (d) => stampReceipts(d, ids, at, stamped, summary))
          if (summary && !sameForLists(previous, summary)) writeSummary(w, meta, summary, stamped.status, env.supervisor()?.book)
          const people = reminderPeople(dir)
          for (const ev of newEvents) for (const r of taskEventReminders(meta, ev, w.now, people, stamped)) pushReminder(w, r.userId, r.reminder)
        }
      }
    },
    timers: [{ name: 'supervision', everyMs: env.supervisionIntervalMs, run: () => void env.supervisor().tick() }]
  }
}

/**
 * Receipts written per doc instance. Y.Map#size walks every entry, so reading
 * it per update cost more as a record grew; only the server writes receipts,
 * and a rebuilt doc is a new instance, so counting once is exact.
 */
const receiptCount = new WeakMap<Y.Doc, number>()

/**
 * A stamp's write. Made out here, not in `effects`: a closure keeps its whole
 * scope alive (the step's state, events, summary), and a stamp waits for the
 * end of the batch; this one holds only the event ids and the time.
 */
const receiptsOnly = (ids: string[], at: number) => (d: Y.Doc) => stampReceipts(d, ids, at, null, null)

/** `state` null: receipts only (a stamp); the state the checks see was moved when the step ran. */
function stampReceipts(doc: Y.Doc, eventIds: string[], now: number, state: TaskState | null, summary: RecordSummary | null): void {
  const receipts = receiptsMap(doc)
  let seq = receiptCount.get(doc) ?? receipts.size
  for (const id of eventIds) receipts.set(id, { seq: ++seq, at: now })
  receiptCount.set(doc, seq)
  if (state && summary) {
    serverMap(doc).set('state', state)
    serverMap(doc).set('summary', summary)
  }
  if (state) return void stateCache.set(doc, { stored: readServerState(doc), state })
  // A doc rebuilt within the batch (after a refused update) read its receipts before this one was written.
  const c = stateCache.get(doc)
  if (c && c.state.lastEventAt < now) c.state = { ...c.state, lastEventAt: now }
}

/**
 * The record's current state per doc instance. The stored `state` is rewritten
 * only when more than time moved, so its `lastEventAt` may lag the receipts;
 * the state the checks see is kept here, keyed by the stored object so a write
 * by anyone else (the supervisor, a calendar change) is picked up. A rebuilt
 * doc is a new instance: its first read walks the receipts once.
 */
const stateCache = new WeakMap<Y.Doc, { stored: TaskState | null; state: TaskState }>()

function currentState(doc: Y.Doc): TaskState | null {
  const stored = readServerState(doc)
  const c = stateCache.get(doc)
  if (c && c.stored === stored) return c.state
  if (!stored) return null
  const last = c ? c.state.lastEventAt : lastReceiptAt(doc)
  const state = last > stored.lastEventAt ? { ...stored, lastEventAt: last } : stored
  stateCache.set(doc, { stored, state })
  return state
}

export type { RoomWriter }
