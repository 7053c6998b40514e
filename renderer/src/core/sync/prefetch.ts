/**
 * Background refresh of task rooms whose index entry changed: open briefly,
 * merge the server copy (so the task opens offline later), let it close.
 * Two at a time, and only while the pool has space.
 */
export interface PrefetchHost {
  isOpen(room: string): boolean
  hasSpace(): boolean
  online(): boolean
  /** Opens the room, waits for its sync (or a timeout), then releases it. */
  visit(room: string): Promise<void>
}

const CONCURRENCY = 2
const PAUSE_MS = 3_000

export class Prefetcher {
  private queue: string[] = []
  private running = 0

  constructor(private readonly host: PrefetchHost) {}

  add(room: string): void {
    if (this.host.isOpen(room) || this.queue.includes(room)) return
    this.queue.push(room)
    this.pump()
  }

  pump(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0 && this.host.hasSpace() && this.host.online()) {
      const room = this.queue.shift()!
      if (this.host.isOpen(room)) continue
      this.running++
      void this.host.visit(room).finally(() => {
        this.running--
        setTimeout(() => this.pump(), PAUSE_MS)
      })
    }
  }
}
