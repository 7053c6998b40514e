/**
 * 通知公告 (notices): what a notice carries, its life (draft → pending → published → withdrawn),
 * and what each reader's receipt holds. Room layout and who sees what: docs/decisions.md,
 * "Notices: rooms the server can guard".
 */
import type { YMD } from '../calendar'
import type { Attachment } from '../task/types'

export type { Attachment }

/** One part of an audience; a notice goes to the union of its parts. */
export type AudiencePart =
  | { type: 'county' }
  | { type: 'units'; unitIds: string[] }
  | { type: 'group'; group: 'townships' | 'departments' }
  | { type: 'people'; userIds: string[] }
  /** A role in each unit of a scope, e.g. every township's 收发员. */
  | { type: 'role'; role: 'clerk' | 'head'; scope: 'all' | 'townships' | 'departments' }

export type AskLevel = 'none' | 'optional' | 'required'

/** 回执: whether a confirmation is asked for, and whether it carries text or a file. */
export interface ReceiptSpec {
  required: boolean
  text: AskLevel
  attachment: AskLevel
  /** What the text should say, e.g. 参会人员名单. */
  prompt?: string
}

/** A reply deadline: N working days after the day of publishing, or a date. */
export type ReplyDeadline = { type: 'workingDays'; days: number } | { type: 'date'; date: YMD }

/** What the drafter writes; frozen once published (a change is a 更正, a new notice). */
export interface NoticeMeta {
  id: string
  title: string
  /** The unit on whose behalf it is published. */
  publisherUnitId: string
  authorId: string
  audience: AudiencePart[]
  receipt: ReceiptSpec
  deadline?: ReplyDeadline
  pinned: boolean
  /** Hidden from the board (by default) after this Shanghai day. */
  expiresOn?: YMD
  attachments?: Attachment[]
  /** 更正: the notice this one corrects. */
  correctsId?: string
}

export type NoticeEventType = 'submit' | 'approve' | 'reject' | 'publish' | 'withdraw' | 'remind'

/** Appended by the publisher's unit to the notice room; the server stamps the time. */
export interface NoticeEvent {
  id: string
  type: NoticeEventType
  actorId: string
  /** The client's clock: shown as "written offline at", never trusted. */
  clientAt: number
  reason?: string
}

export type NoticeStatus = 'draft' | 'pending' | 'published' | 'withdrawn'

/** The server's view of a notice (server-only root `server`). */
export interface NoticeState {
  status: NoticeStatus
  submittedBy?: string
  approvedBy?: string
  rejectReason?: string
  publishedAt?: number
  publishedBy?: string
  dueDate?: YMD
  dueAt?: number
  withdrawnAt?: number
  withdrawnBy?: string
  withdrawReason?: string
  /** Server times of each "remind the unread". */
  reminds: number[]
  /** The automatic reminder one working day before the deadline was sent. */
  autoReminded?: boolean
  /** The red warning after the deadline was sent. */
  overdueNotified?: boolean
  /** The 更正 that corrects this notice. */
  correctedBy?: string
}

export const INITIAL_STATE: NoticeState = { status: 'draft', reminds: [] }

/** What a reader asks for in their own room; times come from the server. */
export interface ReaderRequest {
  id: string
  type: 'read' | 'confirm'
  clientAt: number
  text?: string
  attachments?: Attachment[]
}

/** One person's receipt, as the server stamped it. */
export interface ReceiptRow {
  userId: string
  unitId: string
  readAt: number
  confirmedAt?: number
  /** Confirmed after the reply deadline: accepted, marked late. */
  late?: boolean
  text?: string
  attachments?: Attachment[]
}

/** A row of the board (公告栏) and of the publisher's list. */
export interface NoticeSummary {
  id: string
  title: string
  publisherUnitId: string
  status: NoticeStatus
  pinned: boolean
  publishedAt?: number
  expiresOn?: YMD
  receiptRequired: boolean
  dueDate?: YMD
  dueAt?: number
  correctsId?: string
  correctedBy?: string
  withdrawReason?: string
  updatedAt: number
  /** The deadline reminders already sent (so the server's timer skips a settled notice). */
  alarm?: 'due_soon' | 'overdue'
  /** On the oversight row once the deadline has passed: 回执 still missing (late ones count down). */
  missing?: number
  /** On a person's own board only: when they opened and confirmed it (server times), for counts and the badge. */
  readAt?: number
  confirmedAt?: number
}
