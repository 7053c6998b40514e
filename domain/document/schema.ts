/**
 * Shapes of what clients write into 公文 docs. Everything from a client is untrusted: it is parsed
 * with these schemas before any rule runs.
 */
import { z } from 'zod'
import { attachmentSchema } from '../task/schema'
import { DOC_TYPES } from './types'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const text = z.string().max(5000)

/** A file uploaded over HTTP: the same shape for every record kind. */
export { attachmentSchema }

export const addresseeSchema = z.union([z.object({ unitId: id }).strict(), z.object({ group: z.enum(['townships', 'departments']) }).strict()])

export const urgencySchema = z.enum(['none', 'jiaji', 'teji'])

export const outgoingFieldsSchema = z
  .object({
    docType: z.enum(DOC_TYPES),
    title: z.string().max(200),
    mainTo: z.array(addresseeSchema).max(200),
    copyTo: z.array(addresseeSchema).max(200),
    urgency: urgencySchema,
    upward: z.boolean(),
    note: z.string().max(500),
    attachmentNames: z.array(z.string().min(1).max(200)).max(20),
    attachments: z.array(attachmentSchema).max(20),
    replyRequested: z.boolean(),
    // Parsed so that a classified document is refused with the rule, not as "malformed".
    classification: z.enum(['秘密', '机密', '绝密']).optional(),
    secrecyPeriod: z.string().max(20).optional(),
    copies: z.number().int().min(1).max(9999).optional()
  })
  .strict()

export const outgoingHeaderSchema = z.object({ id, draftingUnitId: id, createdBy: id }).strict()

export const outgoingEventSchema = z
  .object({
    id,
    type: z.enum(['create', 'submit', 'review_return', 'review_approve', 'sign', 'unsign', 'issue', 'reissue', 'remind', 'withdraw']),
    actorId: id,
    unitId: id,
    clientAt: z.number().finite(),
    payload: z
      .object({
        text: text.optional(),
        reason: text.optional(),
        signerId: id.optional(),
        targetUnitId: id.optional(),
        header: outgoingHeaderSchema.optional(),
        // Accepted by the parser so the policy can refuse it by name (FORGED_NUMBER) and record it.
        docNumber: z.string().max(100).optional()
      })
      .strict()
      .optional()
  })
  .strict()

export const incomingEventSchema = z
  .object({
    id,
    type: z.enum(['sign', 'register', 'accept', 'return', 'propose', 'instruct', 'progress', 'add_readers', 'read', 'chase', 'complete']),
    actorId: id,
    unitId: id,
    clientAt: z.number().finite(),
    payload: z
      .object({
        text: text.optional(),
        reason: text.optional(),
        mode: z.enum(['handle', 'read']).optional(),
        leadUserId: id.optional(),
        assistUserIds: z.array(id).max(50).optional(),
        dueDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        readerIds: z.array(id).max(100).optional(),
        reply: text.optional(),
        number: z.string().max(100).optional(),
        attachments: z.array(attachmentSchema).max(20).optional()
      })
      .strict()
      .optional()
  })
  .strict()

/** 外来文登记: what a clerk types in for a document from outside the county. */
export const externalRegistrationSchema = z
  .object({
    fromOrg: z.string().trim().min(1).max(100),
    docNumber: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(200),
    urgency: urgencySchema,
    docType: z.enum(DOC_TYPES).optional(),
    attachments: z.array(attachmentSchema).max(20),
    classification: z.enum(['秘密', '机密', '绝密']).optional()
  })
  .strict()
export type ExternalRegistration = z.infer<typeof externalRegistrationSchema>
