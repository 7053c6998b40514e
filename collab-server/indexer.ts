/**
 * Index rooms the server writes after each accepted task change: the inbox of
 * every participating unit, the assigning leader's "我交办的", the oversight
 * room of the year the task was assigned — and one reminder per person for the
 * events that ask them to act (codes + params, domain/kinds/task.ts).
 */
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
