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

export function writeSummary(w: RoomWriter, meta: TaskMeta, summary: RecordSummary, why: string): void {
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

export function pushReminder(w: RoomWriter, userId: string, reminder: Reminder): void {
  w.write(rooms.user(userId), `提醒：${reminder.code ?? reminder.kind}《${String(reminder.params?.title ?? '')}》`, (doc) => remindersArray(doc).push([reminder]))
}

/** The directory as the reminders need it. */
export function reminderPeople(dir: DirectoryService): ReminderPeople {
  return {
    handlersOf: (unitId) =>
      dir
        .peopleOfUnit(unitId)
        .filter((p) => p.roles.includes('clerk') || p.roles.includes('head'))
        .map((p) => p.id),
    label: (userId) => dir.label(userId)
  }
}

export { summarize, taskEventReminders }

/** The room name of the single county-wide oversight index before it was split by year. */
const LEGACY_OVERSIGHT = 'oversight'

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
