/**
 * 归档 (docs/decisions.md, "Archive"): an archived record's doc carries one root, `archive`
 * (`{ at }`: the server time it was archived), written once by the server. Any kind's record;
 * the server refuses every write to it (REFUSAL.ARCHIVED) and clients show it read-only.
 */
import type * as Y from 'yjs'

export const ARCHIVE_ROOT = 'archive'

/** When the record was archived, or undefined. Never creates the root (a kind's shape check would see it). */
export const archivedAt = (doc: Y.Doc): number | undefined => (doc.share.has(ARCHIVE_ROOT) ? doc.getMap<number>(ARCHIVE_ROOT).get('at') : undefined)
