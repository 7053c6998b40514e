/**
 * The registry of room kinds. `KINDS` holds the built-in ones (domain/kinds/builtin.ts);
 * a new kind is one `register` call (docs/architecture.md, "Adding a record kind").
 */
import type * as Y from 'yjs'
import type { Actor } from '../directory'
import type { Access, RoomAddress, RoomKind } from './types'

/** Ids are short ASCII tokens; anything else is not a room of ours. */
export const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/
export const MAX_ROOM_NAME = 80

export class KindRegistry {
  private readonly kinds = new Map<string, RoomKind>()

  register(kind: RoomKind): RoomKind {
    if (!/^[a-z][a-z0-9-]{0,23}$/.test(kind.name)) throw new Error(`bad kind name: ${kind.name}`)
    if (this.kinds.has(kind.name)) throw new Error(`kind registered twice: ${kind.name}`)
    this.kinds.set(kind.name, kind)
    return kind
  }

  get(name: string): RoomKind | undefined {
    return this.kinds.get(name)
  }

  all(): RoomKind[] {
    return [...this.kinds.values()]
  }

  /** `task:abc` → { kind: 'task', id: 'abc' }; null for anything that is not a room of ours. */
  parse(name: string): RoomAddress | null {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_ROOM_NAME) return null
    const i = name.indexOf(':')
    if (i < 0) return this.kinds.get(name)?.singleton ? { kind: name, id: '' } : null
    const kind = this.kinds.get(name.slice(0, i))
    const id = name.slice(i + 1)
    if (!kind || kind.singleton || !(kind.idPattern ?? ROOM_ID).test(id)) return null
    return { kind: kind.name, id }
  }

  /** The room name of a kind and id; throws on a name that `parse` would refuse. */
  room(kind: string, id = ''): string {
    const k = this.kinds.get(kind)
    if (!k) throw new Error(`unknown kind: ${kind}`)
    const name = k.singleton ? k.name : `${k.name}:${id}`
    if (!this.parse(name)) throw new Error(`not a room name: ${name}`)
    return name
  }

  kindOf(name: string): RoomKind | undefined {
    const a = this.parse(name)
    return a ? this.kinds.get(a.kind) : undefined
  }

  /** Who may do what in a room: the server's ACL and the client's room manager both ask this. */
  access(actor: Actor, name: string, doc: Y.Doc | null): Access {
    const a = this.parse(name)
    if (!a) return 'none'
    return this.kinds.get(a.kind)!.access(actor, a.id, doc)
  }

  /** The rooms a person keeps open all the time, each one they may read. */
  keepOpen(actor: Actor): string[] {
    const out: string[] = []
    for (const k of this.kinds.values()) {
      for (const id of k.keepOpen?.(actor) ?? []) {
        const name = k.singleton ? k.name : `${k.name}:${id}`
        if (this.access(actor, name, null) !== 'none') out.push(name)
      }
    }
    return out
  }

  /** Rooms a room's content asks its readers to keep open too, each one this person may read. */
  follows(actor: Actor, name: string, doc: Y.Doc): string[] {
    const k = this.kindOf(name)
    return (k?.follows?.(doc) ?? []).filter((r) => this.access(actor, r, null) !== 'none')
  }

  isRecord(name: string): boolean {
    return this.kindOf(name)?.record === true
  }
}
