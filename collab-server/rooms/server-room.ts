/**
 * One live room on the server: its Y.Doc rebuilt from the audit log, the
 * connections in it, and presence. Awareness lives on its own tiny doc so the
 * record's doc can be rebuilt (after a refused update) without touching presence.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { Awareness } from 'y-protocols/awareness'
import type { RoomAddress } from '@domain/kinds'
import type { EventLog } from './event-log'
import type { Conn } from '../ws/conn'

export const SERVER_ORIGIN = Symbol('server')

/** The owner of the client ids the server writes with. */
export const SERVER_WRITER = '#server'

/**
 * Two updates that delete nothing and share no Yjs client id, as one (Yjs
 * update v1: a count of client sections, the sections, a delete set).
 * Copies bytes; Y.mergeUpdates decodes and re-encodes every struct, which
 * cost more than the send it saved (docs/decisions.md, "Cost per update").
 * Null if either does not end in an empty delete set.
 */
export function concatPlainUpdates(a: Uint8Array, b: Uint8Array): Uint8Array | null {
  if (a[a.length - 1] !== 0 || b[b.length - 1] !== 0) return null
  const da = decoding.createDecoder(a)
  const na = decoding.readVarUint(da)
  const db = decoding.createDecoder(b)
  const nb = decoding.readVarUint(db)
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, na + nb)
  encoding.writeUint8Array(enc, a.subarray(da.pos, a.length - 1))
  encoding.writeUint8Array(enc, b.subarray(db.pos, b.length - 1))
  encoding.writeVarUint(enc, 0)
  return encoding.toUint8Array(enc)
}

/**
 * lib0's emit, without its allocations when nobody listens: it copied the
 * listeners through a new Map and an array for every event, and a Yjs
 * transaction emits seven, mostly unheard (~3% of the server's time per
 * update). Listeners are still copied before any is called.
 */
function quietEmit(this: { _observers: Map<string, Set<(...args: unknown[]) => void>> }, name: string, args: unknown[]): void {
  const fs = this._observers.get(name)
  if (!fs || fs.size === 0) return
  for (const f of [...fs]) f(...args)
}

/** Whether a transaction changed the doc (what Yjs checks before it emits an 'update'). */
function changedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true
  return false
}

/** What came since the kept whole-record encoding (bytes) beyond which it is re-made rather than merged. */
const reencodeAfter = (base: number) => base / 4 + 64 * 1024

/** Updates replayed at load after which the room's state is snapshotted. */
export const SNAPSHOT_AFTER = 200

export interface Outgoing {
  update: Uint8Array
  /** The connection the update came from (not echoed back to it), or SERVER_ORIGIN. */
  origin: unknown
  /** It deletes nothing: its delete set is the one byte 0 at its end (see concatPlainUpdates). */
  plain: boolean
  /** The step it was made in (`beginStep`): a step that fails takes back its own and no other. */
  step: number
}

let currentStep = 0
/** A new durable step begins (the hub, before checking an update or running a step): what is applied from now on is its own. */
export function beginStep(): number {
  return ++currentStep
}

export class ServerRoom {
  doc: Y.Doc
  readonly awareness: Awareness
  readonly conns = new Set<Conn>()
  /** Updates applied but not yet broadcast: they go out only after the commit. */
  outbox: Outgoing[] = []
  lastActive = 0
  /** Bytes the record holds: its loaded history (snapshot and updates) plus every update applied since (the size limit, docs/decisions.md). */
  bytes = 0
  /**
   * Who first wrote under each Yjs client id in this room (user id, or
   * SERVER_WRITER); built from the log when a client first writes after load.
   */
  writers: Map<number, string> | null = null
  /** Leaves the room bus (when the room is dropped from memory). */
  unsubscribe?: () => void

  constructor(
    readonly name: string,
    readonly address: RoomAddress,
    private readonly log: EventLog,
    /** gc off: deleted content stays, for comparing step snapshots (RoomKind.keepDeleted). */
    private readonly keepDeleted = false
  ) {
    this.doc = this.load()
    // A guid given, Yjs skips generating a random uuid (32 getRandomValues calls): room creation is on the path of a county-wide publish.
    this.awareness = new Awareness(new Y.Doc({ guid: `${name}#awareness` }))
    this.awareness.setLocalState(null)
  }

  /**
   * Rebuild the doc from the log (after a refused update touched it, or a
   * failed commit). `keep`: updates of the open batch still to be broadcast.
   */
  reload(keep: Outgoing[] = []): void {
    this.doc.destroy()
    this.doc = this.load()
    this.outbox = keep
  }

  private load(): Y.Doc {
    // Named docs: a random guid per doc cost most of a county-wide publish (docs/decisions.md).
    const doc = new Y.Doc({ guid: this.name, gc: !this.keepDeleted })
    doc.emit = quietEmit as typeof doc.emit
    const { snapshot, updates, headSeq } = this.log.loadRoom(this.name)
    const all = snapshot ? [snapshot, ...updates] : updates
    this.bytes = 0
    for (const u of all) this.bytes += u.length
    if (all.length) Y.applyUpdate(doc, Y.mergeUpdates(all), SERVER_ORIGIN)
    // Busy rooms (index rooms above all) would replay ever more history at each load.
    if (updates.length >= SNAPSHOT_AFTER && !this.log.inBatch) this.log.saveSnapshot(this.name, headSeq, Y.encodeStateAsUpdate(doc))
    this.full = null
    // No 'update' listener on the doc: with one, Yjs re-encodes every transaction, and a client's update is
    // already bytes (~8% of the server's time per update). A client's update goes out as it came (the same
    // bytes the audit log keeps and a reload replays); the server's writes are encoded in `serverWrite`;
    // anything else is encoded here from what the transaction changed.
    doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
      if (this.writing || !changedAnything(tr)) return
      const inc = this.incoming
      if (inc && tr.origin === inc.origin) {
        this.incoming = null
        this.took(inc.update, tr)
      } else this.took(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(tr.beforeState)), tr)
    })
    return doc
  }

  /** A client's update being checked (by the hub, around the kind's check): the bytes to send on if it changes the doc. */
  incoming: { update: Uint8Array; origin: unknown } | null = null
  private writing = false

  private took(update: Uint8Array, tr: Y.Transaction): void {
    this.bytes += update.length
    this.outbox.push({ update, origin: tr.origin, plain: tr.deleteSet.clients.size === 0, step: currentStep })
    const f = this.full
    if (f) {
      f.afterBytes += update.length
      // Past this the next ask re-encodes anyway.
      if (f.afterBytes > reencodeAfter(f.base)) this.full = null
    }
  }

  /**
   * The whole record as one encoded update, the doc's state vector when it was
   * made (what came since is encoded from the doc when asked, not kept: a busy
   * room would hold every update twice), the bytes applied since, and the size
   * of its last full encoding.
   */
  private full: { state: Uint8Array; sv: Uint8Array; afterBytes: number; base: number } | null = null

  /**
   * What a client that has nothing needs: one update holding the whole record, sent as the one
   * sync answer (a provider says "synced" on that answer, so nothing may follow it separately).
   * Encoding a large record costs far more than sending it, and anyone who may read a room can
   * ask for it again and again; so the encoding is kept, merged with what came since when asked
   * again, and re-made only once what came since outweighs a quarter of it (amortised O(bytes sent)).
   */
  wholeState(): Uint8Array {
    const f = this.full
    // Dropped by `took` once what came since outweighed a quarter of it: re-made.
    if (!f) {
      const state = Y.encodeStateAsUpdate(this.doc)
      this.full = { state, sv: Y.encodeStateVector(this.doc), afterBytes: 0, base: state.length }
      return state
    }
    if (f.afterBytes > 0) {
      f.state = Y.mergeUpdates([f.state, Y.encodeStateAsUpdate(this.doc, f.sv)])
      f.sv = Y.encodeStateVector(this.doc)
      f.afterBytes = 0
    }
    return f.state
  }

  /**
   * Runs `fn` as the server, returning the update it produced (null if it changed nothing).
   * The caller appends it to the audit log before the outbox is flushed.
   */
  serverWrite(fn: (doc: Y.Doc) => void): Uint8Array | null {
    const produced: Uint8Array[] = []
    const onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      produced.push(update)
      this.took(update, tr)
    }
    const doc = this.doc
    doc.on('update', onUpdate)
    this.writing = true
    try {
      doc.transact(() => fn(doc), SERVER_ORIGIN)
    } finally {
      this.writing = false
      doc.off('update', onUpdate)
    }
    if (produced.length === 0) return null
    return produced.length === 1 ? produced[0] : Y.mergeUpdates(produced)
  }
}
