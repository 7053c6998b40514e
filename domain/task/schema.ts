/**
 * Shapes of what clients write into a task doc. Everything arriving from a
 * client is untrusted: it is parsed with these schemas before any rule runs.
 */
import { z } from 'zod'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const text = z.string().max(5000)

/** A file uploaded over HTTP (never through Yjs); the id is its SHA-256. */
export const attachmentSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().min(1).max(200),
    size: z.number().int().min(0).max(50 * 1024 * 1024),
    mime: z.string().max(100)
  })
  .strict()
const attachments = z.array(attachmentSchema).max(20).optional()

export const taskMetaSchema = z
  .object({
    id,
    title: z.string().min(1).max(200),
    requirement: text,
    taskClass: z.enum(['standard', 'urgent', 'agency']),
    agencyType: z.string().max(40).optional(),
    leadUnitId: id,
    assistUnitIds: z.array(id).max(63),
    assignedBy: id,
    assignedByUnitId: id,
    attachments,
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    recordedBy: id.optional(),
    recordedByUnitId: id.optional()
  })
  .strict()

export const taskEventSchema = z
  .object({
    id,
    type: z.enum(['assign', 'sign', 'progress', 'chase', 'extension_request', 'extension_decision', 'completion_report', 'accept', 'return', 'cancel', 'correct']),
    actorId: id,
    unitId: id,
    clientAt: z.number().finite(),
    payload: z
      .object({
        text: text.optional(),
        reason: text.optional(),
        proposedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        requestId: id.optional(),
        granted: z.boolean().optional(),
        targetUnitId: id.optional(),
        title: z.string().min(1).max(200).optional(),
        attachments
      })
      .strict()
      .optional()
  })
  .strict()
