/**
 * Desktop notifications and the badge.
 * Each new item and each reminder is announced once, ever: what was announced is
 * kept in Dexie (`seen`, `reminders.notified`). The first sync on a device only
 * says how many items wait, instead of a flood of old news.
 */
import { liveQuery, type Subscription } from 'dexie'
import type { DesktopApi } from '@preload/contract'
import type { ReminderRow, SummaryRow, UserDb } from '../data/db'
import type { MessageKey } from '../i18n/catalogue'
import type { AlertSink } from '../sync/context'
import { reminderText } from '../sync/reminderText'

type Tr = (key: MessageKey, vars?: Record<string, string | number>) => string

const PRIMED_INBOX = 'primed:inbox'
const PRIMED_USER = 'primed:user'
const PRIMED_NOTICES = 'primed:notices'

/** Reminders older than this are shown as already read on a device's first sync. */
const OLD_MS = 24 * 3600_000

export const taskRoute = (id: string) => `/tasks/${id}`

/** Where a reminder leads: its record's page (notices have their own, domain/notice). */
export const reminderRoute = (r: Pick<ReminderRow, 'recordId' | 'code'>): string | undefined =>
  r.recordId ? (r.code?.startsWith('notice.') ? `/notices/${r.recordId}` : taskRoute(r.recordId)) : undefined

export class Alerts implements AlertSink {
  private primedInbox = false
  private primedUser = false
  private badge: Subscription | null = null

  constructor(
    private readonly db: UserDb,
    private readonly api: DesktopApi,
    private readonly tr: Tr,
    private readonly now: () => number
  ) {}

  async init(): Promise<void> {
    const [a, b] = await this.db.seen.bulkGet([PRIMED_INBOX, PRIMED_USER])
    this.primedInbox = !!a
    this.primedUser = !!b
  }

  private taskBadge = 0
  private extra = new Map<string, number>()

  /** Counts other record kinds add to the badge (notices: unread and 待回执 on my board). */
  setExtraBadge(key: string, n: number): void {
    if (this.extra.get(key) === n) return
    this.extra.set(key, n)
    void this.api.setBadgeCount(this.badgeTotal())
  }

  private badgeTotal(): number {
    let n = this.taskBadge
    for (const v of this.extra.values()) n += v
    return n
  }

  /** Badge = items waiting for my unit to sign + my unit's overdue items (+ the extra counts). */
  startBadge(): void {
    this.badge = liveQuery(() => this.db.summaries.where('lists').anyOf(['inbox:sign', 'inbox:red']).primaryKeys()).subscribe({
      next: (keys) => {
        this.taskBadge = new Set(keys as string[]).size
        void this.api.setBadgeCount(this.badgeTotal())
      },
      error: (e) => console.error('badge', e)
    })
  }

  stop(): void {
    this.badge?.unsubscribe()
    this.badge = null
  }

  async inboxAdded(rows: SummaryRow[]): Promise<void> {
    const toSign = rows.filter((r) => r.lists.includes('inbox:sign'))
    if (toSign.length === 0) return
    const keys = toSign.map((r) => `assigned:${r.id}`)
    const seen = await this.db.seen.bulkGet(keys)
    const fresh = toSign.filter((_, i) => !seen[i])
    if (fresh.length === 0) return
    await this.db.seen.bulkPut(fresh.map((r) => ({ key: `assigned:${r.id}`, at: this.now() })))
    if (!this.primedInbox) return
    for (const r of fresh) await this.api.notify({ title: this.tr('notify.newTask'), body: r.title, route: taskRoute(r.id) })
  }

  async inboxSynced(): Promise<void> {
    if (this.primedInbox) return
    this.primedInbox = true
    await this.db.seen.put({ key: PRIMED_INBOX, at: this.now() })
    const count = await this.db.summaries.where('lists').equals('inbox:sign').count()
    if (count > 0) await this.api.notify({ title: this.tr('notify.newTask'), body: this.tr('notify.pendingSign', { count }), route: '/todo' })
  }

  private noticeChain: Promise<void> = Promise.resolve()

  /**
   * New notices on my board (domain/notice): one desktop notification each, ever.
   * The server writes the board row, not a reminder per person (docs/decisions.md);
   * a device's first synced board only primes, as the inbox does — and so does the
   * first board of a unit its person has moved to: that unit's earlier notices now
   * open for them (docs/decisions.md, "A notice to a unit follows the unit") but are
   * not news, and a year of them must not arrive as a year of notifications.
   */
  noticesOnBoard(rows: readonly { id: string; title: string; status: string; readAt?: number; unit: string }[], unitId = ''): Promise<void> {
    this.noticeChain = this.noticeChain.then(async () => {
      const fresh = rows.filter((r) => r.status === 'published' && r.readAt === undefined)
      const seen = await this.db.seen.bulkGet(fresh.map((r) => `notice:${r.id}`))
      const news = fresh.filter((_, i) => !seen[i])
      const here = `${PRIMED_NOTICES}:${unitId}`
      let primed = !!(await this.db.seen.get(here))
      if (!primed && (await this.db.seen.get(PRIMED_NOTICES))) {
        // Primed before the unit was part of the key: that was this unit's board.
        await this.db.seen.delete(PRIMED_NOTICES)
        await this.db.seen.put({ key: here, at: this.now() })
        primed = true
      }
      if (news.length) await this.db.seen.bulkPut(news.map((r) => ({ key: `notice:${r.id}`, at: this.now() })))
      if (!primed) return void (await this.db.seen.put({ key: here, at: this.now() }))
      for (const r of news)
        await this.api.notify({
          title: this.tr('kinds.reminder.notice.published.title', { title: r.title }),
          body: this.tr('kinds.reminder.notice.published.body', { unit: r.unit }),
          route: `/notices/${r.id}`
        })
    })
    return this.noticeChain
  }

  async remindersAdded(_ids: string[]): Promise<void> {
    if (this.primedUser) await this.announce(() => true)
  }

  async remindersSynced(): Promise<void> {
    if (this.primedUser) return this.announce(() => true)
    // A device's first sync: what happened before this sign-in is old news, listed in the bell but not announced.
    this.primedUser = true
    await this.db.seen.put({ key: PRIMED_USER, at: this.now() })
    await this.announce(() => false)
    await this.db.reminders
      .where('at')
      .below(this.now() - OLD_MS)
      .modify({ read: 1 })
  }

  /** Announces every reminder not yet announced for which `worth` holds; marks them all announced. */
  private async announce(worth: (r: ReminderRow) => boolean): Promise<void> {
    const rows = await this.db.reminders.where('notified').equals(0).sortBy('at')
    for (const r of rows) {
      const dupKey = r.kind === 'assigned' && r.recordId ? `assigned:${r.recordId}` : null
      const dup = dupKey ? await this.db.seen.get(dupKey) : undefined
      if (worth(r) && !dup) await this.api.notify({ ...reminderText(r, this.tr), route: reminderRoute(r) })
      if (dupKey && !dup) await this.db.seen.put({ key: dupKey, at: this.now() })
      await this.db.reminders.update(r.id, { notified: 1 })
    }
  }
}
