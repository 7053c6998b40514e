/**
 * Opens a 公文 room (发文 docout:<id>, 收文 docin:<id>, or the unit's docbox) while a page shows
 * it, and re-renders on every change of its doc (the manager pools the room and closes it after).
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { DEFAULT_DOCUMENT_RULES, readDocumentDeployment, type DocumentContext, type DocumentDeployment } from '@domain/document'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import type { Room } from '@renderer/core/sync/room'

export interface DocRoomHandle {
  room: Room | null
  doc: Y.Doc | null
  /** Bumped on every change: derive views from `doc` with it as a dependency. */
  version: number
  loaded: boolean
  synced: boolean
  forbidden: boolean
}

/**
 * `viewing: false` for rooms read in passing (the directory's deployment flag, an index): no
 * presence is announced there, which would reach every other reader of the room.
 */
export function useDocRoom(name: string | null, opts: { viewing?: boolean } = {}): DocRoomHandle {
  const viewing = opts.viewing !== false
  const { manager } = useServices()
  const [h, setH] = useState<DocRoomHandle>({ room: null, doc: null, version: 0, loaded: false, synced: false, forbidden: false })
  useEffect(() => {
    if (!name) return
    const room = manager.acquire(name)
    let alive = true
    let frame = 0
    let version = 0
    const compute = () => {
      frame = 0
      if (!alive) return
      setH({ room, doc: room.doc, version: ++version, loaded: true, synced: room.synced, forbidden: room.status === 'forbidden' })
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(compute)
    }
    const unfollow = manager.followDoc(room, schedule)
    void room.whenLoaded().then(() => {
      if (alive) {
        if (viewing) room.setViewing(true)
        schedule()
      }
    })
    return () => {
      alive = false
      unfollow()
      if (frame) cancelAnimationFrame(frame)
      if (viewing) void room.whenLoaded().then(() => room.setViewing(false))
      manager.release(name)
    }
  }, [name, manager, viewing])
  return h
}

/**
 * Several rooms of one kind read in passing (the 公文 deadline rooms of the years a period
 * covers): the docs, once each has loaded, re-read on every change of any of them.
 */
export function useDocRooms(names: readonly string[]): { docs: Y.Doc[]; version: number; loaded: boolean; forbidden: boolean } {
  const { manager } = useServices()
  const key = names.join('|')
  const [h, setH] = useState<{ docs: Y.Doc[]; version: number; loaded: boolean; forbidden: boolean }>({ docs: [], version: 0, loaded: false, forbidden: false })
  useEffect(() => {
    const list = key ? key.split('|') : []
    const rooms = list.map((n) => manager.acquire(n))
    let alive = true
    let frame = 0
    let version = 0
    const compute = () => {
      frame = 0
      if (!alive) return
      setH({ docs: rooms.map((r) => r.doc), version: ++version, loaded: true, forbidden: rooms.some((r) => r.status === 'forbidden') })
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(compute)
    }
    const unfollow = rooms.map((r) => manager.followDoc(r, schedule))
    void Promise.all(rooms.map((r) => r.whenLoaded())).then(() => alive && schedule())
    return () => {
      alive = false
      for (const u of unfollow) u()
      if (frame) cancelAnimationFrame(frame)
      for (const n of list) manager.release(n)
    }
  }, [key, manager])
  return h
}

/** What this deployment allows, as the server announced it in the directory room (domain/document/deployment.ts). */
export function useDocumentDeployment(): DocumentDeployment {
  const h = useDocRoom('directory', { viewing: false })
  return useMemo(() => (h.doc ? readDocumentDeployment(h.doc) : { classified: false }), [h.doc, h.version])
}

/** The policy's context on this client: the county's calendar and directory, as the server uses them. */
export function useDocumentContext(): DocumentContext {
  const deployment = useDocumentDeployment()
  const { manager } = useServices()
  const dir = useDirectory()
  return useMemo(() => {
    const units = [...dir.units.values()]
    return {
      cal: manager.taskContext().cal,
      rules: DEFAULT_DOCUMENT_RULES,
      units,
      personOf: (id: string) => dir.people.get(id),
      profileOf: (unitId: string) => {
        const u = dir.units.get(unitId)
        return u && { docCode: u.docCode, issuerMark: u.issuerMark, formalName: u.formalName }
      },
      // Offered only where the server says the deployment allows it; the server refuses it otherwise.
      classifiedAllowed: deployment.classified
    }
  }, [dir, manager, deployment.classified])
}
