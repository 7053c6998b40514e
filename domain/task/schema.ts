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
    size: z
      .number()
      .int()
      .min(0)
      .max(50 * 1024 * 1024),
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
    dueBy: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    recordedBy: id.optional(),
    recordedByUnitId: id.optional()
  })
  .strict()

export const taskEventSchema = z
  .object({
    id,
    type: z.enum([
      'assign',
      'sign',
      'progress',
      'chase',
      'extension_request',
      'extension_decision',
      'completion_report',
      'accept',
      'return',
      'cancel',
      'correct'
    ]),
    actorId: id,
    unitId: id,
    clientAt: z.number().finite(),
    payload: z
      .object({
        text: text.optional(),
        reason: text.optional(),
        proposedDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
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

/*
 * The same shape as `taskEventSchema`, checked by hand: this runs on every
 * event a client appends (the notary's hot path, docs/decisions.md "Cost per
 * update"), where a zod parse cost more than the rest of the check. It must
 * accept exactly what the schema accepts; schema.test.ts compares the two.
 */
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/
const SHA_RE = /^[0-9a-f]{64}$/
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/
const EVENT_TYPES = new Set([
  'assign',
  'sign',
  'progress',
  'chase',
  'extension_request',
  'extension_decision',
  'completion_report',
  'accept',
  'return',
  'cancel',
  'correct'
])
const EVENT_KEYS = new Set(['id', 'type', 'actorId', 'unitId', 'clientAt', 'payload'])
const PAYLOAD_KEYS = new Set(['text', 'reason', 'proposedDate', 'requestId', 'granted', 'targetUnitId', 'title', 'attachments'])
const ATTACHMENT_KEYS = new Set(['id', 'name', 'size', 'mime'])

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isId = (v: unknown) => typeof v === 'string' && ID_RE.test(v)
const isText = (v: unknown) => typeof v === 'string' && v.length <= 5000
const onlyKeys = (o: Record<string, unknown>, allowed: Set<string>) => {
  for (const k in o) if (!allowed.has(k)) return false
  return true
}

function isAttachment(v: unknown): boolean {
  if (!isPlain(v) || !onlyKeys(v, ATTACHMENT_KEYS)) return false
  const { id: i, name, size, mime } = v
  return (
    typeof i === 'string' &&
    SHA_RE.test(i) &&
    typeof name === 'string' &&
    name.length >= 1 &&
    name.length <= 200 &&
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size >= 0 &&
    size <= 50 * 1024 * 1024 &&
    typeof mime === 'string' &&
    mime.length <= 100
  )
}

function isPayload(p: Record<string, unknown>): boolean {
  if (!onlyKeys(p, PAYLOAD_KEYS)) return false
  if (p.text !== undefined && !isText(p.text)) return false
  if (p.reason !== undefined && !isText(p.reason)) return false
  if (p.proposedDate !== undefined && !(typeof p.proposedDate === 'string' && DATE_RE.test(p.proposedDate))) return false
  if (p.requestId !== undefined && !isId(p.requestId)) return false
  if (p.granted !== undefined && typeof p.granted !== 'boolean') return false
  if (p.targetUnitId !== undefined && !isId(p.targetUnitId)) return false
  if (p.title !== undefined && !(typeof p.title === 'string' && p.title.length >= 1 && p.title.length <= 200)) return false
  if (p.attachments !== undefined) {
    const a = p.attachments
    if (!Array.isArray(a) || a.length > 20) return false
    for (const x of a) if (!isAttachment(x)) return false
  }
  return true
}

/** A client's event if it has the shape of `taskEventSchema`, else null. */
export function parseTaskEvent(raw: unknown): z.infer<typeof taskEventSchema> | null {
  if (!isPlain(raw) || !onlyKeys(raw, EVENT_KEYS)) return null
  if (!isId(raw.id) || !EVENT_TYPES.has(raw.type as string) || typeof raw.type !== 'string') return null
  if (!isId(raw.actorId) || !isId(raw.unitId)) return null
  if (typeof raw.clientAt !== 'number' || !Number.isFinite(raw.clientAt)) return null
  if (raw.payload !== undefined && !(isPlain(raw.payload) && isPayload(raw.payload))) return null
  return raw as z.infer<typeof taskEventSchema>
}
