/**
 * Index rooms the server writes after each accepted task change: the inbox of
 * every participating unit, the assigning leader's "我交办的", the oversight
 * room of the year the task was assigned — and one reminder per person for the
 * events that ask them to act (codes + params, domain/kinds/task.ts).
 */
import * as Y from 'yjs'
import { itemsMap, remindersArray, type Reminder } from '../domain/index-rooms'
import { summarize, type RecordSummary, type TaskMeta } from '../domain/task'
import { OVERSIGHT_YEARS, oversightYearOf, taskEventReminders, taskIndexRooms, yearsMap, type ReminderPeople } from '../domain/kinds'
import { rooms } from '../domain/rooms'
import type { DirectoryService } from './directory'
import type { RoomWriter } from './rooms/kind-plugin'

/** Keeps the open/closed record table in the same step (collab-server/supervision/open-items.ts). */
export interface SummaryBook {
  trackTask(s: RecordSummary): void
}

export function writeSummary(w: RoomWriter, meta: TaskMeta, summary: RecordSummary, why: string, book?: SummaryBook): void {
  book?.trackTask(summary)
  const year = oversightYearOf(summary.createdAt)
  // The list of oversight year rooms: written once a year, so readers find the new room.
  if (!yearsMap(w.doc(OVERSIGHT_YEARS)).has(year)) w.write(OVERSIGHT_YEARS, `索引：新建${year}年督查索引`, (doc) => yearsMap(doc).set(year, true))
  for (const name of taskIndexRooms(summary)) w.write(name, `索引：《${meta.title}》${why}`, (doc) => itemsMap(doc).set(meta.id, summary))
}

/** Lists care about status, deadline, warning, signatures — not that another progress report arrived. */
export function sameForLists(a: RecordSummary | null | undefined, b: RecordSummary): boolean {
  if (!a) return false
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 })
}

/** How the trail names a reminder: audit summaries stay Chinese, they are the record. */
const REMINDER_ZH: Record<string, string> = {
  'task.assigned_lead': '新交办（主办）',
  'task.assigned_assist': '新交办（协办）',
  'task.recorded': '代录待核对',
  'task.accepted': '已审核办结',
  'task.corrected': '交办内容更正',
  'task.cancelled': '已撤销',
  'task.deadline_moved': '办理期限调整',
  'task.chase': '催办',
  'task.extension_granted': '延期已批准',
  'task.extension_refused': '延期未批准',
  'task.returned': '退回重办',
  'task.extension_requested': '延期申请待审批',
  'task.reported': '办结报告待审核',
  'task.yellow': '临期',
  'task.red': '超期',
  digest: '今日督办提醒'
}

export function pushReminder(w: RoomWriter, userId: string, reminder: Reminder): void {
  const what = REMINDER_ZH[reminder.code ?? ''] ?? reminder.code ?? reminder.kind
  const about = reminder.params?.title ? `：${String(reminder.params.title)}` : reminder.params?.date ? `（${String(reminder.params.date)}）` : ''
  w.write(rooms.user(userId), `提醒：${what}${about}`, (doc) => remindersArray(doc).push([reminder]))
}

/** Who handles a unit's work and is reminded of it: its clerks and its head. */
export const unitHandlers = (dir: DirectoryService, unitId: string): string[] =>
  dir
    .peopleOfUnit(unitId)
    .filter((p) => p.roles.includes('clerk') || p.roles.includes('head'))
    .map((p) => p.id)

/** The directory as the reminders need it. */
export function reminderPeople(dir: DirectoryService): ReminderPeople {
  return {
    handlersOf: (unitId) => unitHandlers(dir, unitId),
    label: (userId) => dir.label(userId)
  }
}

export { summarize, taskEventReminders }

/** The room name of the single county-wide oversight index before it was split by year. */
export const LEGACY_OVERSIGHT = 'oversight'

/**
 * A data folder from before the split keeps its county-wide `oversight` room in
 * the log: its summaries are copied once into the year rooms (audited), so the
 * supervision and every overseer's list carry on. The old room's rows stay on
 * the trail; the room itself is no longer served.
 */
export function migrateLegacyOversight(w: RoomWriter, history: { snapshot: Uint8Array | null; updates: Uint8Array[] }): number {
  if (!history.snapshot && history.updates.length === 0) return 0
  const doc = new Y.Doc()
  for (const u of history.snapshot ? [history.snapshot, ...history.updates] : history.updates) Y.applyUpdate(doc, u)
  let moved = 0
  for (const [id, s] of itemsMap(doc).entries()) {
    const year = oversightYearOf(s.createdAt)
    const room = rooms.oversight(year)
    if (itemsMap(w.doc(room)).has(id)) continue
    if (!yearsMap(w.doc(OVERSIGHT_YEARS)).has(year)) w.write(OVERSIGHT_YEARS, `索引：新建${year}年督查索引`, (d) => yearsMap(d).set(year, true))
    w.write(room, `索引迁移：《${s.title}》自县级督查索引（${LEGACY_OVERSIGHT}）移入${year}年`, (d) => itemsMap(d).set(id, s))
    moved++
  }
  doc.destroy()
  return moved
}
