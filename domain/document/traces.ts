/**
 * 修改留痕 (traces): who changed what between two workflow steps.
 *
 * The server binds each Yjs client id to the authenticated person on its first write in a room
 * (a modified client cannot claim another's id: the binding is the server's, kept in the record's
 * server-only part), records who deleted what (the delete set of each accepted update that has
 * one), and stores a Y snapshot at every workflow step. Body docs are kept with gc off, so deleted
 * text stays in the doc and any two step snapshots can be compared. This module is the pure part:
 * from a fragment and two snapshots to paragraphs of attributed runs.
 */
import * as Y from 'yjs'

export interface Attribution {
  userId: string
  /** Server time of the update that wrote (or deleted) it. */
  at: number
}

/** clientId → who it is, and the server time of each accepted update of that client, by clock. */
export interface AuthorBook {
  clients: Record<string, { userId: string; marks: [clock: number, at: number][] }>
  /** Deletions: who removed which ranges, one entry per accepted update that deleted something. */
  deletions: { userId: string; at: number; ranges: [client: number, clock: number, len: number][] }[]
}

export const EMPTY_AUTHOR_BOOK: AuthorBook = { clients: {}, deletions: [] }

/** The writer of item (client, clock): the binding, and the time of the first update reaching past clock. */
export function insertAuthor(book: AuthorBook, client: number, clock: number): Attribution | undefined {
  const c = book.clients[String(client)]
  if (!c) return undefined
  // marks are [first clock of the update, at], ascending: the last mark starting at or before clock.
  let lo = 0
  let hi = c.marks.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (c.marks[mid][0] <= clock) (found = mid), (lo = mid + 1)
    else hi = mid - 1
  }
  return { userId: c.userId, at: found >= 0 ? c.marks[found][1] : (c.marks[0]?.[1] ?? 0) }
}

export function deleteAuthor(book: AuthorBook, client: number, clock: number): Attribution | undefined {
  for (const d of book.deletions) for (const [c, k, len] of d.ranges) if (c === client && clock >= k && clock < k + len) return { userId: d.userId, at: d.at }
  return undefined
}

/** Records one accepted update in the book (server side; pure: returns a new book). */
export function recordUpdate(book: AuthorBook, update: Uint8Array, userId: string, at: number): AuthorBook {
  const { structs, ds } = Y.decodeUpdate(update)
  const clients = { ...book.clients }
  const firstClock = new Map<number, number>()
  for (const s of structs) {
    const prev = firstClock.get(s.id.client)
    if (prev === undefined || s.id.clock < prev) firstClock.set(s.id.client, s.id.clock)
  }
  for (const [client, clock] of firstClock) {
    const c = clients[String(client)]
    if (c && c.userId !== userId) continue // the binding is fixed on first write; the hub refuses such updates
    clients[String(client)] = { userId, marks: [...(c?.marks ?? []), [clock, at]] }
  }
  const ranges: [number, number, number][] = []
  for (const [client, items] of ds.clients) for (const it of items) ranges.push([client, it.clock, it.len])
  return { clients, deletions: ranges.length ? [...book.deletions, { userId, at, ranges }] : book.deletions }
}

export type RunKind = 'same' | 'insert' | 'delete'
export interface TraceRun {
  kind: RunKind
  text: string
  /** For insert: the writer; for delete: who deleted it. */
  by?: Attribution
}
export interface TraceBlock {
  /** The element name, e.g. paragraph, heading. */
  type: string
  runs: TraceRun[]
}

function visible(item: Y.Item, snap: Y.Snapshot): boolean {
  return (snap.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snap.ds, item.id)
}

/**
 * The difference between two snapshots of `fragment`, as blocks of runs: text visible in both is
 * 'same', only in `next` 'insert', only in `prev` 'delete'. Text that never was visible in either
 * (typed and removed between the two steps) does not appear. Adjacent runs of one kind and author merge.
 */
export function diffSnapshots(fragment: Y.XmlFragment, prev: Y.Snapshot, next: Y.Snapshot, book: AuthorBook = EMPTY_AUTHOR_BOOK): TraceBlock[] {
  const blocks: TraceBlock[] = []
  const walk = (first: Y.Item | null, inPrev: boolean, inNext: boolean, block: TraceBlock | null) => {
    for (let item = first; item; item = item.right as Y.Item | null) {
      const content = item.content
      const p = inPrev && visible(item, prev)
      const n = inNext && visible(item, next)
      if (!p && !n && !(content instanceof Y.ContentString)) continue
      if (content instanceof Y.ContentType) {
        const type = content.type
        if (type instanceof Y.XmlText) walk(type._start, p, n, block)
        else if (type instanceof Y.XmlElement) {
          const hasBlockChildren = type.toArray().some((c) => c instanceof Y.XmlElement)
          if (hasBlockChildren || !block) {
            // A container (list, list item) or a top-level block: its text blocks are separate.
            if (hasBlockChildren) walk(type._start, p, n, block)
            else {
              const b: TraceBlock = { type: type.nodeName, runs: [] }
              blocks.push(b)
              walk(type._start, p, n, b)
            }
          } else walk(type._start, p, n, block)
        }
      } else if (content instanceof Y.ContentString && block) {
        // Yjs merges consecutive characters of one client into one item, so an item can span
        // text from several steps: visibility and authorship are decided per character (clock).
        const { client, clock } = item.id
        const str = content.str
        for (let i = 0; i < str.length; i++) {
          const id = Y.createID(client, clock + i)
          const cp = inPrev && (prev.sv.get(client) ?? 0) > clock + i && !Y.isDeleted(prev.ds, id)
          const cn = inNext && (next.sv.get(client) ?? 0) > clock + i && !Y.isDeleted(next.ds, id)
          if (!cp && !cn) continue
          const kind: RunKind = cp && cn ? 'same' : cn ? 'insert' : 'delete'
          const by = kind === 'insert' ? insertAuthor(book, client, clock + i) : kind === 'delete' ? deleteAuthor(book, client, clock + i) : undefined
          push(block, { kind, text: str[i], by })
        }
      }
    }
  }
  walk(fragment._start, true, true, null)
  return blocks
}

function push(b: TraceBlock, r: TraceRun) {
  const last = b.runs[b.runs.length - 1]
  if (last && last.kind === r.kind && last.by?.userId === r.by?.userId && last.by?.at === r.by?.at) last.text += r.text
  else b.runs.push(r)
}

/** Who changed anything between the two steps, with counts (for the summary line above the diff). */
export function traceSummary(blocks: TraceBlock[]): { userId: string; inserted: number; deleted: number }[] {
  const m = new Map<string, { userId: string; inserted: number; deleted: number }>()
  for (const b of blocks)
    for (const r of b.runs) {
      if (r.kind === 'same') continue
      const id = r.by?.userId ?? '?'
      const e = m.get(id) ?? { userId: id, inserted: 0, deleted: 0 }
      if (r.kind === 'insert') e.inserted += [...r.text].length
      else e.deleted += [...r.text].length
      m.set(id, e)
    }
  return [...m.values()]
}
