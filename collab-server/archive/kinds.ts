/**
 * 归档 for 公文 and 通知 (docs/decisions.md, "Archive"): when each of their records is closed, and
 * how it leaves the lists about current work.
 *   - 收文 (docin): 办结/答复 done, withdrawn by the sender, or 退回 for good (an external one);
 *   - 发文 (docout): withdrawn, or issued and every recipient's 收文 closed (done, returned, withdrawn);
 *   - 通知: withdrawn, or past its expiry date (known once published: it waits from the end of that day).
 * `trackClosed` wraps their plugins so that after every accepted update, in its step, the record and
 * the records it changes (a 发文 and its 收文) get their row in `closed_items` written or dropped:
 * a few rows per update, never a scan of the history. The archive job then reads only that table.
 */
import { endOfShanghaiDay, shanghaiYear } from '@domain/calendar'
import {
  docArchiveRoom,
  DOCBOX_KIND,
  DOCIN_KIND,
  docListYears,
  DOCOUT_KIND,
  DOCWHERE,
  incomingId,
  readFields,
  readIncomingMeta,
  readIncomingState,
  readOutgoingState,
  type RecipientProgress
} from '@domain/document'
import { noticeItems, noticeRooms, readBoardTargets, readNoticeMeta, readNoticeState } from '@domain/notice'
import type * as Y from 'yjs'
import { unitsMap } from '@domain/index-rooms'
import { archivedAt } from '@domain/kinds'
import { REFUSAL } from '@domain/wire'
import { removeEntry, type KindPlugin, type RoomWriter, type StepRunner } from '../rooms/kind-plugin'
import { getSetting, setSetting, type DB } from '../store/db'
import type { OpenItems } from '../supervision/open-items'
import type { Archiver } from './archive'

const CLOSED_IN = new Set(['done', 'withdrawn', 'returned'])

/** Since when a 收文 is closed (server time), or null. An internal one 退回 waits on its sender (withdraw or resend). */
export function incomingClosedAt(doc: Y.Doc): number | null {
  const m = readIncomingMeta(doc)
  const s = readIncomingState(doc)
  if (!m || !s) return null
  if (s.status === 'done' || s.status === 'withdrawn' || (s.status === 'returned' && m.source === 'external')) return s.since
  return null
}

/** Since when a 发文 is closed: withdrawn, or issued and every recipient's 收文 closed (the latest of them). */
export function outgoingClosedAt(doc: Y.Doc): number | null {
  const s = readOutgoingState(doc)
  if (!s) return null
  if (s.status === 'withdrawn') return s.since
  if (s.status !== 'issued' || !s.recipients?.length) return null
  const progress = doc.getMap<RecipientProgress>('progress')
  let last = s.since
  for (const r of s.recipients) {
    const p = progress.get(r.unitId)
    if (!p || !CLOSED_IN.has(p.stage)) return null
    last = Math.max(last, p.updatedAt ?? s.since)
  }
  return last
}

/** Since when a notice is closed: withdrawn, or published and past the end of its expiry day (Asia/Shanghai). */
export function noticeClosedAt(doc: Y.Doc): number | null {
  const meta = readNoticeMeta(doc)
  if (!meta) return null
  const s = readNoticeState(doc)
  if (s.status === 'withdrawn') return s.withdrawnAt ?? null
  if (s.status === 'published' && meta.expiresOn) return endOfShanghaiDay(meta.expiresOn) + 1
  return null
}

/**
 * Out of the unit's list of closed 公文 (docarchive:<unit>--<year>): the one year the record names,
 * or for a row listed before it did, the year it began or last changed — one or two lists, never all years.
 */
function leaveYearList(w: RoomWriter, unitId: string, room: string, why: string): void {
  for (const year of docListYears(w.doc(room))) removeEntry(w, docArchiveRoom(unitId, year), room, why)
}

/** 收文: out of the unit's 公文箱, its list of closed 公文 and the county's 在办 list. */
export const incomingArchiver: Archiver = {
  kind: DOCIN_KIND,
  archive(w, room) {
    const doc = w.doc(room)
    const m = readIncomingMeta(doc)
    const s = readIncomingState(doc)
    if (!m || !s || incomingClosedAt(doc) === null) return null
    const why = `归档：《${m.title}》移出当前公文列表`
    removeEntry(w, `${DOCBOX_KIND}:${m.unitId}`, room, why)
    leaveYearList(w, m.unitId, room, why)
    removeEntry(w, DOCWHERE, room, why)
    return {
      title: m.title,
      number: [m.docNumber, s.number].filter(Boolean).join(' '),
      year: shanghaiYear(m.deliveredAt),
      units: [m.unitId]
    }
  }
}

/** 发文: out of the drafting unit's 公文箱, its list of closed 公文 and the county's 在办 list. */
export const outgoingArchiver: Archiver = {
  kind: DOCOUT_KIND,
  archive(w, room) {
    const doc = w.doc(room)
    const s = readOutgoingState(doc)
    if (!s || outgoingClosedAt(doc) === null) return null
    const title = readFields(doc).title || '（无标题）'
    const why = `归档：《${title}》移出当前公文列表`
    removeEntry(w, `${DOCBOX_KIND}:${s.header.draftingUnitId}`, room, why)
    leaveYearList(w, s.header.draftingUnitId, room, why)
    removeEntry(w, DOCWHERE, room, why)
    return { title, number: s.docNumber ?? '', year: shanghaiYear(s.since), units: [s.header.draftingUnitId] }
  }
}

/** 通知: out of the unit boards, the person boards, the publisher's sent list and the oversight list. */
export const noticeArchiver: Archiver = {
  kind: 'notice',
  archive(w, room, id) {
    const doc = w.doc(room)
    const meta = readNoticeMeta(doc)
    if (!meta || noticeClosedAt(doc) === null) return null
    const why = `归档：《${meta.title}》移出公告栏`
    const boards = readBoardTargets(doc)
    for (const u of boards.units) removeEntry(w, noticeRooms.unitBoard(u), id, why)
    for (const p of boards.people) {
      removeEntry(w, noticeRooms.board(p), id, why)
      removeEntry(w, noticeRooms.board(p), id, why, 'mine')
    }
    removeEntry(w, noticeRooms.sent(meta.publisherUnitId), id, why)
    removeEntry(w, noticeRooms.oversight, id, why)
    const s = readNoticeState(doc)
    return { title: meta.title, number: '', year: shanghaiYear(s.publishedAt ?? s.withdrawnAt ?? w.now), units: [meta.publisherUnitId] }
  }
}

const TRACKED = new Set<string>([DOCIN_KIND, DOCOUT_KIND, 'notice'])

export const KIND_ARCHIVERS: Archiver[] = [incomingArchiver, outgoingArchiver, noticeArchiver]

/** The records an accepted update of `room` may have closed or reopened: itself, and a 发文's 收文 or a 收文's 发文. */
function touched(w: RoomWriter, kind: string, id: string): { kind: string; id: string; closedAt: () => number | null }[] {
  const one = (k: string, i: string) => {
    const room = `${k}:${i}`
    const at = k === DOCIN_KIND ? incomingClosedAt : k === DOCOUT_KIND ? outgoingClosedAt : noticeClosedAt
    return { kind: k, id: i, closedAt: () => at(w.doc(room)) }
  }
  if (kind === 'notice') return [one('notice', id)]
  if (kind === DOCIN_KIND) {
    const out = readIncomingMeta(w.doc(`${DOCIN_KIND}:${id}`))?.outgoingId
    return out ? [one(DOCIN_KIND, id), one(DOCOUT_KIND, out)] : [one(DOCIN_KIND, id)]
  }
  const s = readOutgoingState(w.doc(`${DOCOUT_KIND}:${id}`))
  return [one(DOCOUT_KIND, id), ...(s?.recipients ?? []).map((r) => one(DOCIN_KIND, incomingId(r.unitId, id)))]
}

/**
 * Wraps a 公文 or 通知 plugin (others pass through): after every accepted update (in its step, after the
 * kind's own effects) the records it may have closed get their wait for the archive written — or dropped, if reopened.
 */
export function trackClosed(p: KindPlugin, book: () => OpenItems | undefined, doc?: (room: string) => Y.Doc): KindPlugin {
  const check = p.check
  if (p.kind === 'notice-me' && check && doc) return readerGuard(p, check, doc)
  if (!TRACKED.has(p.kind) || !check) return p
  return {
    ...p,
    check(u) {
      const v = check.call(p, u)
      if (v.kind !== 'accepted') return v
      const effects = v.effects
      return {
        ...v,
        effects: (w: RoomWriter) => {
          effects?.(w)
          const b = book()
          if (!b) return
          for (const r of touched(w, p.kind, u.id)) b.closed(`${r.kind}:${r.id}`, r.kind, r.id, r.closedAt())
        }
      }
    }
  }
}

/**
 * A reader's own room of an archived notice is read-only too: no read or 回执 is recorded any more
 * (its room is not the notice's, so archiveGuard alone would let it through). One doc read per update.
 */
function readerGuard(p: KindPlugin, check: NonNullable<KindPlugin['check']>, doc: (room: string) => Y.Doc): KindPlugin {
  return {
    ...p,
    check(u) {
      const noticeId = u.id.slice(0, u.id.indexOf('.'))
      if (archivedAt(doc(noticeRooms.notice(noticeId))) !== undefined)
        return { kind: 'refused', code: REFUSAL.ARCHIVED, message: '该通知已归档，只能查看', touched: false }
      return check.call(p, u)
    }
  }
}

const BUILT = 'closed_items.documents_notices.built'

/**
 * Once per data folder from before 公文 and 通知 were archived: their records already closed, found
 * from each unit's 公文箱 and sent-notice list (one read of those lists, never again), get their wait.
 */
export function buildClosedOnce(db: DB, steps: StepRunner, book: OpenItems): void {
  if (getSetting(db, BUILT) === '1') return
  book.inTransaction(() => {
    for (const unitId of unitsMap(steps.doc('directory')).keys()) {
      for (const [room, row] of steps.doc(`${DOCBOX_KIND}:${unitId}`).getMap<{ open?: boolean }>('items')) {
        const [kind, id] = [room.slice(0, room.indexOf(':')), room.slice(room.indexOf(':') + 1)]
        if (row.open !== false || (kind !== DOCIN_KIND && kind !== DOCOUT_KIND)) continue
        const at = (kind === DOCIN_KIND ? incomingClosedAt : outgoingClosedAt)(steps.doc(room))
        if (at !== null) book.closed(room, kind, id, at)
      }
      for (const id of noticeItems(steps.doc(noticeRooms.sent(unitId))).keys()) {
        const at = noticeClosedAt(steps.doc(noticeRooms.notice(id)))
        if (at !== null) book.closed(noticeRooms.notice(id), 'notice', id, at)
      }
    }
    setSetting(db, BUILT, '1')
  })
}

const LISTS_CLEANED = 'archive.document_lists.cleaned'

/**
 * Once per data folder from before the archive step took 公文 out of their unit's lists of closed
 * 公文: each archived 公文, read from the archive table (not by looking through the lists), leaves the
 * one or two lists its row may be in, audited, one step per record that had a row. Returns the rows removed.
 */
export function cleanArchivedDocumentListsOnce(db: DB, steps: StepRunner): number {
  if (getSetting(db, LISTS_CLEANED) === '1') return 0
  let removed = 0
  const rows = db.prepare('SELECT room, kind, title FROM archive WHERE kind IN (?, ?) ORDER BY archived_at, room').all(DOCIN_KIND, DOCOUT_KIND) as {
    room: string
    kind: string
    title: string
  }[]
  for (const { room, kind, title } of rows) {
    const doc = steps.doc(room)
    const unitId = kind === DOCIN_KIND ? readIncomingMeta(doc)?.unitId : readOutgoingState(doc)?.header.draftingUnitId
    if (!unitId) continue
    const lists = docListYears(doc)
      .map((year) => docArchiveRoom(unitId, year))
      .filter((list) => steps.doc(list).getMap('items').has(room))
    if (!lists.length) continue
    steps.step((w) => {
      for (const list of lists) removeEntry(w, list, room, `归档整理：已归档的《${title}》移出办毕列表`)
    })
    removed += lists.length
  }
  setSetting(db, LISTS_CLEANED, '1')
  return removed
}
