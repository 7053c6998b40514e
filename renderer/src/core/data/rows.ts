/**
 * The shape of a read-model row, on its own so that the store (db.ts) and the
 * list logic (summaries.ts) both depend on it instead of on each other.
 */
import type { RecordSummary } from '@domain/task/types'

/**
 * Position of a row inside one list, kept in the multi-entry index `listKeys` so that
 * a tab is read already sorted, one page at a time: [list, primary, secondary, id]
 * (summaries.ts, listKeyOf).
 */
export type ListKey = [list: string, primary: number, secondary: number, id: string]

/** RecordSummary plus the fields lists query on (see summaries.ts). */
export interface SummaryRow extends RecordSummary {
  warningLevel: string
  /** Which list/tab each row is in for this user, e.g. 'inbox:sign', 'mine:red'. */
  lists: string[]
  /** Index rooms that currently carry this record. */
  scopes: string[]
  /**
   * Derived from `lists` on every write (see `derivedListKeys`): the row's place in each
   * of its lists, so a tab is read in order one page at a time (summaries.ts, ListKey).
   */
  listKeys: ListKey[]
  /** Normalised title and id for search (summaries.ts, searchTextOf). */
  search: string
  /** True while the row is a local projection of unsynced events. */
  local?: boolean
}
