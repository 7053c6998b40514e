/**
 * 公文 (official documents) as two record kinds (docs/decisions.md, "公文: two record kinds"):
 *   发文 `outgoing` — one room per document, owned by the drafting unit: fields, body, sending workflow;
 *   收文 `incoming` — one room per receiving unit and document: that unit's signing, numbering and
 *                    internal handling (拟办, 批办, 传阅 …), visible to that unit and oversight only.
 * A document registered from outside the county (外来文登记) is an `incoming` record with no 发文 room.
 *
 * Layout of an outgoing doc (shared by client and server):
 *   fields   Y.Map          the GB/T 9704 fields while drafting (OutgoingFields), frozen at 签发
 *   body     Y.XmlFragment  the rich-text 正文 (Tiptap/ProseMirror schema), frozen at 签发
 *   events   Y.Array        OutgoingEvent objects, append-only, actor = authenticated user
 *   receipts Y.Map          eventId -> Receipt; server only
 *   server   Y.Map          'state' -> OutgoingState, 'authors' -> ClientAuthors, 'snapshots' -> StepSnapshot[]; server only
 * Layout of an incoming doc: meta (IncomingMeta, server-written), events, receipts, server.
 */
import type { YMD } from '../calendar'
import type { WarningInfo } from '../deadline'

export const OUTGOING_ROOTS = ['fields', 'body', 'events', 'receipts', 'server'] as const
export const INCOMING_ROOTS = ['meta', 'events', 'receipts', 'server'] as const

/** The 15 types of the 2012 regulation (《党政机关公文处理工作条例》第八条). */
export const DOC_TYPES = ['决议', '决定', '命令', '公报', '公告', '通告', '意见', '通知', '通报', '报告', '请示', '批复', '议案', '函', '纪要'] as const
export type DocType = (typeof DOC_TYPES)[number]

/** 紧急程度. */
export type Urgency = 'none' | 'jiaji' | 'teji'
export const URGENCY_LABEL: Record<Urgency, string> = { none: '', jiaji: '加急', teji: '特急' }

/** 密级: only on deployments for classified networks (deployment flag). */
export type Classification = '秘密' | '机密' | '绝密'
export const CLASSIFICATIONS: readonly Classification[] = ['秘密', '机密', '绝密']

/** A 主送/抄送 entry: one unit, or a directory group resolved at issue. */
export type Addressee = { unitId: string } | { group: 'townships' | 'departments' }
export const GROUP_LABEL = { townships: '各乡镇', departments: '县直各部门' } as const

export interface Attachment {
  /** SHA-256 of the content, hex. */
  id: string
  name: string
  size: number
  mime: string
}

/** The GB/T 9704 fields of a 发文 while drafting. The body is the `body` XmlFragment beside them. */
export interface OutgoingFields {
  docType: DocType
  title: string
  mainTo: Addressee[]
  copyTo: Addressee[]
  urgency: Urgency
  /** Sent upward (上行文, e.g. 请示/报告 to the city): the 签发人 is printed in the 版头. */
  upward: boolean
  /** 附注 (e.g. contact person and phone). */
  note: string
  /** 附件说明 lines; the files themselves are `attachments`. */
  attachmentNames: string[]
  attachments: Attachment[]
  /** The sender asks each recipient for a 答复. */
  replyRequested: boolean
  /** Classified deployments only. */
  classification?: Classification
  /** 保密期限, e.g. "1年"; classified deployments only. */
  secrecyPeriod?: string
  /** 印制份数 (copies; each gets a 份号); classified deployments only. */
  copies?: number
}

/** Fixed at creation: who drafts it. Written once with the `create` event. */
export interface OutgoingHeader {
  id: string
  draftingUnitId: string
  createdBy: string
}

export type OutgoingEventType =
  | 'create' // 拟稿
  | 'submit' // 送核稿 (to the unit head)
  | 'review_return' // 核稿退回
  | 'review_approve' // 核稿通过 → 待签发 (names the signer)
  | 'sign' // 签发
  | 'unsign' // 撤回签发 → back to the signer (复核)
  | 'issue' // 登记 + 核发: the server assigns the 发文字号
  | 'reissue' // 重新分发 to a unit that returned it at 初审
  | 'remind' // 提醒签收 a unit that has not signed
  | 'withdraw' // 撤销/作废

export interface OutgoingEvent {
  id: string
  type: OutgoingEventType
  actorId: string
  unitId: string
  clientAt: number
  payload?: {
    text?: string
    reason?: string
    /** review_approve: who is to sign (a county leader, or the unit head). */
    signerId?: string
    /** reissue / remind: which recipient unit. */
    targetUnitId?: string
    /** create: the header; never a 字号 — numbers are the server's. */
    header?: OutgoingHeader
    /** A client that sends a 发文字号 is forging it: always refused. */
    docNumber?: string
  }
}

export type OutgoingStatus = 'drafting' | 'reviewing' | 'signing' | 'signed' | 'issued' | 'withdrawn'

export interface Receipt {
  seq: number
  at: number
}

export interface OutgoingState {
  status: OutgoingStatus
  header: OutgoingHeader
  createdAt: number
  /** Who holds it since when (for "where is it now"). */
  since: number
  signerId?: string
  reviewReturns: { by: string; at: number; reason: string }[]
  approvedBy?: { by: string; at: number }
  signed?: { by: string; at: number; opinion: string; contentHash: string }
  unsigns: { by: string; at: number; reason: string }[]
  /** Written by the server at issue from its counter. */
  docNumber?: string
  issuedAt?: number
  /** Recipient unit ids resolved at issue (主送 first, then 抄送, duplicates dropped). */
  recipients?: { unitId: string; role: 'main' | 'copy' }[]
  reminders: { by: string; at: number; targetUnitId: string }[]
  withdrawn?: { by: string; at: number; reason: string; notice: boolean }
  lastEventAt: number
}

/** Facts the server copies from each 收文 room into the 发文 room (the sender's trace). */
export interface RecipientProgress {
  unitId: string
  stage: IncomingStatus
  signedAt?: number
  registeredAt?: number
  number?: string
  returned?: { at: number; reason: string }
  doneAt?: number
  /** The 答复; its files are shared by the server into the 发文 room (the sender downloads them there). */
  reply?: { at: number; text: string; attachments?: Attachment[] }
  updatedAt: number
}

// ---------------------------------------------------------------- 收文

export interface IncomingMeta {
  id: string
  /** The receiving unit. */
  unitId: string
  /** 'internal': from a 发文 room of this county; 'external': registered by a clerk (外来文登记). */
  source: 'internal' | 'external'
  outgoingId?: string
  /** The sender: a unit id for internal documents, an organisation name for external ones. */
  fromUnitId?: string
  fromOrg?: string
  docNumber: string
  docType?: DocType
  title: string
  urgency: Urgency
  role: 'main' | 'copy'
  replyRequested: boolean
  attachments: Attachment[]
  /** Server time it was delivered (internal) or registered (external). */
  deliveredAt: number
  registeredBy?: string
}

export type IncomingEventType =
  | 'sign' // 签收
  | 'register' // 登记 (the server assigns the 收文编号)
  | 'accept' // 初审通过
  | 'return' // 初审退回 to the sender
  | 'propose' // 拟办
  | 'instruct' // 批办
  | 'progress' // 承办 progress / result
  | 'add_readers' // 传阅: add named readers
  | 'read' // a reader's read, with optional 阅示
  | 'chase' // 催办
  | 'complete' // 办结 / 答复

export interface IncomingEvent {
  id: string
  type: IncomingEventType
  actorId: string
  unitId: string
  clientAt: number
  payload?: {
    text?: string
    reason?: string
    /** propose: 办件 (needs handling) or 阅件 (for reading). */
    mode?: 'handle' | 'read'
    /** instruct: 主办 person (userId) and 协办 people. */
    leadUserId?: string
    assistUserIds?: string[]
    /** instruct: a deadline asked for; never later than the urgency allows. */
    dueDate?: YMD
    /** add_readers. */
    readerIds?: string[]
    /** complete: the 答复 sent back to the sender. */
    reply?: string
    /** register: a client that sends a 收文编号 is forging it. */
    number?: string
    /** progress / complete: files uploaded for this 收文 room (the result, the 答复). */
    attachments?: Attachment[]
  }
}

export type IncomingStatus =
  | 'delivered' // 待签收
  | 'signed' // 已签收, 待登记
  | 'registered' // 已登记, 待初审
  | 'returned' // 初审退回
  | 'accepted' // 初审通过, 待拟办
  | 'proposed' // 已拟办, 待批办
  | 'handling' // 已批办, 承办中 / 传阅中
  | 'done' // 办结
  | 'withdrawn' // the sender withdrew it

export interface IncomingState {
  status: IncomingStatus
  since: number
  signed?: { by: string; at: number }
  number?: string
  registeredAt?: number
  returned?: { by: string; at: number; reason: string }
  accepted?: { by: string; at: number }
  proposal?: { by: string; at: number; text: string; mode: 'handle' | 'read' }
  instruction?: { by: string; at: number; text: string; leadUserId: string; assistUserIds: string[]; dueDate: YMD; dueAt: number }
  progress: { by: string; at: number; text: string; attachments?: Attachment[] }[]
  readers: Record<string, { addedBy: string; addedAt: number; readAt?: number; comment?: string }>
  chases: { by: string; at: number }[]
  done?: { by: string; at: number; text: string; reply?: string; attachments?: Attachment[] }
  withdrawn?: { at: number; reason: string }
  warning?: WarningInfo
  lastEventAt: number
}
