/**
 * What the projectors (room -> Dexie) share: the user's database, who is
 * looking, the task rules, and hooks back into the manager and the alerts.
 */
import type { Actor, Person, Unit } from '@domain/directory'
import type { RecordSummary } from '@domain/task/types'
import type { TaskContext } from '@domain/task/workflow'
import type { SummaryRow, UserDb } from '../data/db'
import type { Viewer } from '../data/summaries'
import type { SerialQueue } from './queue'

export interface AlertSink {
  inboxAdded(rows: SummaryRow[]): Promise<void>
  inboxSynced(): Promise<void>
  remindersSynced(): Promise<void>
  remindersAdded(ids: string[]): Promise<void>
}

export interface Directory {
  units: Map<string, Unit>
  people: Map<string, Person>
}

export interface ProjectorCtx {
  db: UserDb
  viewer: Viewer
  queue: SerialQueue
  dir: Directory
  alerts: AlertSink
  /** Server clock estimate. */
  now(): number
  taskContext(): TaskContext
  actorOf(userId: string): Actor | undefined
  /** Newest summary any open index room carries for this record. */
  indexSummary(id: string): RecordSummary | null
  /** Keep a task room open while it holds unsent events. */
  setPinned(room: string, pinned: boolean): void
  /** Fetch a task room in the background to cache it. */
  prefetch(taskId: string): void
}
