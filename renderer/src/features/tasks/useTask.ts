/**
 * Opens a task room while a page shows it (the manager pools and closes it
 * after), and derives the view on every change of its doc.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { rooms } from '@domain/rooms'
import { useServices } from '@renderer/core/app/context'
import type { Room } from '@renderer/core/sync/room'
import { viewTask, type TaskView } from './model'

export interface TaskHandle {
  room: Room | null
  doc: Y.Doc | null
  view: TaskView | null
  loaded: boolean
  synced: boolean
  /** The server said this user may not open this record (close code 4403). */
  forbidden: boolean
}

export function useTask(id: string): TaskHandle {
  const { manager, session } = useServices()
  const [h, setH] = useState<TaskHandle>({ room: null, doc: null, view: null, loaded: false, synced: false, forbidden: false })

  useEffect(() => {
    const name = rooms.task(id)
    const room = manager.acquire(name)
    let alive = true
    let frame = 0
    const compute = () => {
      frame = 0
      if (!alive) return
      const view = room.doc ? viewTask(room.doc, manager.taskContext(), (u) => manager.actorOf(u), session.now()) : null
      setH({ room, doc: room.doc, view, loaded: true, synced: room.synced, forbidden: room.status === 'forbidden' })
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(compute)
    }
    // The doc object changes on a reset: followDoc follows it.
    const unfollow = manager.followDoc(room, schedule)
    void room.whenLoaded().then(() => {
      if (alive) room.setViewing(true)
    })
    // Warning levels move with time even when nothing is written.
    const tick = setInterval(schedule, 60_000)
    return () => {
      alive = false
      unfollow()
      clearInterval(tick)
      if (frame) cancelAnimationFrame(frame)
      void room.whenLoaded().then(() => room.setViewing(false))
      manager.release(name)
    }
  }, [id, manager, session])

  return h
}
