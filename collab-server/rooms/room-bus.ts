/**
 * The room bus port: an accepted (and already durable) update goes to every
 * server process holding that room. Today there is one process, so the bus is
 * in-process; a Redis or PostgreSQL LISTEN/NOTIFY bus implements the same two
 * calls (docs/architecture.md, "More than one server").
 */
export type Delivery = (update: Uint8Array, origin: unknown) => void

export interface RoomBus {
  /** Sends a durable update to every holder of the room. `origin` is not echoed the update. */
  publish(room: string, update: Uint8Array, origin: unknown): void
  /** Receives the room's updates; returns the unsubscribe. */
  subscribe(room: string, deliver: Delivery): () => void
}

export class LocalRoomBus implements RoomBus {
  private readonly subs = new Map<string, Set<Delivery>>()

  publish(room: string, update: Uint8Array, origin: unknown): void {
    const set = this.subs.get(room)
    if (set) for (const d of set) d(update, origin)
  }

  subscribe(room: string, deliver: Delivery): () => void {
    let set = this.subs.get(room)
    if (!set) this.subs.set(room, (set = new Set()))
    set.add(deliver)
    return () => {
      set.delete(deliver)
      if (set.size === 0) this.subs.delete(room)
    }
  }
}
