/**
 * The wire contract between the collab server and every client (ours, tests,
 * third parties): room names, HTTP request and response shapes, WebSocket
 * close codes and error codes, one name for each thing. docs/protocol.md is
 * its prose; this module is what the code imports on both sides.
 */
import { z } from 'zod'
import { attachmentSchema } from '../task/schema'

export { KINDS } from '../kinds'
export { rooms, parseRoom, isValidId, MAX_ROOM_NAME } from '../rooms'

// ---- HTTP --------------------------------------------------------------

/** Largest JSON request body the server reads (bytes); a larger one answers 413 BODY_TOO_LARGE. */
export const MAX_JSON_BODY = 16 * 1024
/** Largest attachment (bytes). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024
/** Largest WebSocket message (bytes); files go over HTTP. */
export const MAX_MESSAGE_BYTES = 512 * 1024

/** Every HTTP error body: a stable code for programs, a Chinese message for people. */
export const apiErrorSchema = z.object({ code: z.string(), message: z.string() }).passthrough()
export type ApiError = z.infer<typeof apiErrorSchema>

export const loginRequestSchema = z.object({ username: z.string().min(1).max(64), password: z.string().max(256) })
export type LoginRequest = z.infer<typeof loginRequestSchema>

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(4096) })
export type RefreshRequest = z.infer<typeof refreshRequestSchema>

const personSchema = z
  .object({ id: z.string(), username: z.string(), name: z.string(), unitId: z.string(), roles: z.array(z.string()), title: z.string().optional() })
  .passthrough()
const unitSchema = z.object({ id: z.string(), name: z.string(), kind: z.string(), order: z.number() }).passthrough()

/** What login and token refresh answer: the one name for it is `Session`. */
export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.number(),
  refreshToken: z.string(),
  refreshExpiresAt: z.number(),
  user: personSchema,
  unit: unitSchema,
  serverTime: z.number()
})
export type Session = Omit<z.infer<typeof sessionSchema>, 'user' | 'unit'> & {
  user: import('../directory').Person
  unit: import('../directory').Unit
}

export const healthSchema = z.object({ ok: z.literal(true), serverTime: z.number() })
export type Health = z.infer<typeof healthSchema>

/** An uploaded attachment, as POST /api/files answers and records reference it. */
export const fileDescriptorSchema = attachmentSchema
export type FileDescriptor = z.infer<typeof fileDescriptorSchema>

export const auditKindSchema = z.enum(['client', 'server', 'refused', 'event'])
export type AuditKind = z.infer<typeof auditKindSchema>

export const auditRecordSchema = z.object({
  seq: z.number(),
  roomSeq: z.number(),
  kind: auditKindSchema,
  userId: z.string().nullable(),
  unitId: z.string().nullable(),
  /** Server time (ms). */
  at: z.number(),
  summary: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  bytes: z.number(),
  /** The server's label for the person: "清泉镇 王丽华", or 系统. */
  who: z.string()
})
export type AuditRecord = z.infer<typeof auditRecordSchema>

export const auditTrailSchema = z.object({
  room: z.string(),
  verified: z.boolean(),
  firstBad: z.object({ seq: z.number(), room: z.string(), roomSeq: z.number(), reason: z.string() }).optional(),
  records: z.array(auditRecordSchema)
})
export type AuditTrail = z.infer<typeof auditTrailSchema>

/** POST /api/test/clock (test servers only). */
export const testClockRequestSchema = z.object({ advanceMs: z.number().finite().optional(), setMs: z.number().finite().optional() })

/** Error codes the HTTP API answers with. */
export const API_ERROR = {
  BAD_REQUEST: 'BAD_REQUEST',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  BAD_PATH: 'BAD_PATH',
  BAD_CREDENTIALS: 'BAD_CREDENTIALS',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  BAD_REFRESH: 'BAD_REFRESH',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  /** The account must change its password first; also the reason of the WebSocket close (4403) (docs/protocol.md). */
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  BAD_ROOM: 'BAD_ROOM',
  BAD_TIME: 'BAD_TIME',
  BAD_NAME: 'BAD_NAME',
  TOO_LARGE: 'TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  INTERNAL: 'INTERNAL'
} as const

// ---- WebSocket ---------------------------------------------------------

/** y-protocols message types. */
export const MSG = { SYNC: 0, AWARENESS: 1, AUTH: 2, QUERY_AWARENESS: 3 } as const

/** Close codes (docs/protocol.md, "Close codes"). */
export const CLOSE = {
  BAD_REQUEST: 4400, // malformed or unknown message
  UNAUTHORIZED: 4401, // missing, forged or expired token
  FORBIDDEN: 4403, // no access to this room
  NOT_FOUND: 4404, // not a room name of ours
  TOO_LARGE: 4413, // message over the size limit
  TOO_MANY: 4429, // flood: too many messages or refusals
  SHUTDOWN: 4503 // server shutting down
} as const
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE]

/** The reason of a refused update (y-protocols auth message "permission denied"), as JSON. */
export const refusalSchema = z.object({ code: z.string(), message: z.string() })
export type Refusal = z.infer<typeof refusalSchema>

/** Refusal codes every room may answer with; record kinds add their own (docs/protocol.md). */
export const REFUSAL = {
  READ_ONLY: 'READ_ONLY',
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  MALFORMED_UPDATE: 'MALFORMED_UPDATE',
  MISSING_DEPENDENCIES: 'MISSING_DEPENDENCIES',
  BAD_SHAPE: 'BAD_SHAPE',
  CHECK_FAILED: 'CHECK_FAILED',
  STORE_FAILED: 'STORE_FAILED',
  UNKNOWN_ATTACHMENT: 'UNKNOWN_ATTACHMENT',
  /** New structs under a Yjs client id another person first wrote with in this room. */
  CLIENT_ID_TAKEN: 'CLIENT_ID_TAKEN',
  /** One person sent more update bytes than their quota allows. */
  QUOTA: 'QUOTA',
  /** The record has reached its size limit. */
  RECORD_FULL: 'RECORD_FULL',
  /** A record's id is not its room's: it would write another record's index rows. */
  WRONG_ROOM: 'WRONG_ROOM',
  /** The record is archived (归档): read-only for everyone (docs/decisions.md, "Archive"). */
  ARCHIVED: 'ARCHIVED'
} as const
