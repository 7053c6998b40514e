/** The room a task's files are registered for (the generic upload and list live in renderer/src/ui/attachments). */
import { rooms } from '@domain/rooms'

export const taskRoom = (taskId: string) => rooms.task(taskId)
