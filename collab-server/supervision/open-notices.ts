/**
 * The notices' deadline timer looks only at notices whose reply deadline is still to be warned
 * (docs/decisions.md, "The cost must not grow with history"), not at every notice ever published.
 * Their rows in `open_items` (kind 'notice') follow the notice oversight index: after each accepted
 * notice update (in the same step) and after each timer run (only the rows it had), one key is read
 * from the index and the row written or dropped. A folder from before is read once at start-up.
 */
import { noticeItems, noticeRooms } from '@domain/notice'
import type { NoticeSummary } from '@domain/notice'
import type { KindPlugin, RoomWriter, StepRunner } from '../rooms/kind-plugin'
import { getSetting, setSetting, type DB } from '../store/db'
import type { OpenItems } from './open-items'

const KIND = 'notice'
const BUILT = 'open_items.notice.built'

/** Still to be warned: published, a reply required by a due day, and not yet reported overdue. */
export const deadlineOpen = (s: NoticeSummary | undefined): s is NoticeSummary =>
  s !== undefined && s.status === 'published' && s.receiptRequired && s.alarm !== 'overdue' && s.dueDate !== undefined

function sync(book: OpenItems, oversight: ReturnType<typeof noticeItems>, id: string): void {
  const s = oversight.get(id)
  // The wait for the archive is kept by collab-server/archive/track.ts (undefined: left as it is).
  book.track(KIND, id, noticeRooms.notice(id), deadlineOpen(s) ? s : null, undefined)
}

/** The open notice deadlines (what the notice timer reads instead of the whole oversight index). */
export const openNoticeDeadlines = (book: OpenItems): NoticeSummary[] => book.open<NoticeSummary>(KIND)

/** Wraps the notice plugins so every accepted notice update and every timer run keeps the table. */
export function trackNoticeDeadlines(plugins: KindPlugin[], book: () => OpenItems | undefined): KindPlugin[] {
  return plugins.map((p) => {
    if (p.kind !== 'notice') return p
    const check = p.check
    return {
      ...p,
      check: check
        ? (u) => {
            const v = check.call(p, u)
            if (v.kind !== 'accepted') return v
            const effects = v.effects
            return {
              ...v,
              effects: (w: RoomWriter) => {
                effects?.(w)
                const b = book()
                if (b) sync(b, noticeItems(w.doc(noticeRooms.oversight)), u.id)
              }
            }
          }
        : undefined,
      timers: p.timers?.map((t) => ({
        ...t,
        run: (steps: StepRunner) => {
          t.run(steps)
          const b = book()
          if (!b) return
          const oversight = noticeItems(steps.doc(noticeRooms.oversight))
          b.inTransaction(() => {
            for (const s of openNoticeDeadlines(b)) sync(b, oversight, s.id)
          })
        }
      }))
    }
  })
}

/** Once per data folder: the open deadlines already in the notice oversight index. */
export function buildNoticeDeadlinesOnce(db: DB, steps: StepRunner, book: OpenItems): void {
  if (getSetting(db, BUILT) === '1') return
  const oversight = noticeItems(steps.doc(noticeRooms.oversight))
  book.inTransaction(() => {
    for (const id of oversight.keys()) sync(book, oversight, id)
    setSetting(db, BUILT, '1')
  })
}
