/**
 * Online / offline as the header shows it: the browser's network flag and
 * whether the index rooms' sockets are actually up. A store for
 * useSyncExternalStore.
 */
import type { Room } from './room'

export type ConnStatus = 'online' | 'offline' | 'connecting'
export interface ConnSnapshot {
  status: ConnStatus
}

/**
 * 'connecting' only until the first attempt settles: afterwards a server that
 * cannot be reached reads as 离线, without flickering through retries.
 */
export function connStatus(browserOnline: boolean, rooms: readonly Pick<Room, 'status'>[], settled = false): ConnStatus {
  if (!browserOnline) return 'offline'
  const live = rooms.filter((r) => r.status !== 'forbidden')
  if (live.some((r) => r.status === 'connected')) return 'online'
  if (!settled && live.some((r) => r.status === 'connecting' || r.status === 'idle')) return 'connecting'
  return 'offline'
}

export class ConnectionState {
  private snap: ConnSnapshot = { status: 'connecting' }
  private settled = false
  private listeners = new Set<() => void>()

  browserOnline(): boolean {
    return typeof navigator === 'undefined' || navigator.onLine !== false
  }

  update(rooms: readonly Pick<Room, 'status'>[]): void {
    if (rooms.some((r) => r.status === 'connected' || r.status === 'disconnected')) this.settled = true
    const status = connStatus(this.browserOnline(), rooms, this.settled)
    if (status === this.snap.status) return
    this.snap = { status }
    for (const l of this.listeners) l()
  }

  get = (): ConnSnapshot => this.snap

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
}
