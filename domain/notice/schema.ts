/**
 * Shapes of what clients write into notice rooms. Everything from a client is
 * parsed with these before any rule runs.
 */
import { z } from 'zod'
import { attachmentSchema } from '../task/schema'

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const ask = z.enum(['none', 'optional', 'required'])

export const NOTICE_TITLE_MAX = 200
export const RECEIPT_TEXT_MAX = 2000
export const REASON_MAX = 500

export const audiencePartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('county') }).strict(),
  z.object({ type: z.literal('units'), unitIds: z.array(id).min(1).max(200) }).strict(),
  z.object({ type: z.literal('group'), group: z.enum(['townships', 'departments']) }).strict(),
  z.object({ type: z.literal('people'), userIds: z.array(id).min(1).max(2000) }).strict(),
  z.object({ type: z.literal('role'), role: z.enum(['clerk', 'head']), scope: z.enum(['all', 'townships', 'departments']) }).strict()
])

export const noticeMetaSchema = z
  .object({
    id,
    title: z.string().trim().min(1).max(NOTICE_TITLE_MAX),
    publisherUnitId: id,
    authorId: id,
    audience: z.array(audiencePartSchema).min(1).max(20),
    receipt: z.object({ required: z.boolean(), text: ask, attachment: ask, prompt: z.string().max(200).optional() }).strict(),
    deadline: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('workingDays'), days: z.number().int().min(0).max(60) }).strict(),
        z.object({ type: z.literal('date'), date: ymd }).strict()
      ])
      .optional(),
    pinned: z.boolean(),
    expiresOn: ymd.optional(),
    attachments: z.array(attachmentSchema).max(20).optional(),
    correctsId: id.optional()
  })
  .strict()

export const noticeEventSchema = z
  .object({
    id,
    type: z.enum(['submit', 'approve', 'reject', 'publish', 'withdraw', 'remind']),
    actorId: id,
    clientAt: z.number().finite(),
    reason: z.string().max(REASON_MAX).optional()
  })
  .strict()

export const readerRequestSchema = z
  .object({
    id,
    type: z.enum(['read', 'confirm']),
    clientAt: z.number().finite(),
    text: z.string().max(RECEIPT_TEXT_MAX).optional(),
    attachments: z.array(attachmentSchema).max(10).optional()
  })
  .strict()
