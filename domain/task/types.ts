import type { Deadline, TaskClass, WarningInfo } from '../deadline'
import type { YMD } from '../calendar'

/**
 * A leader-assigned task (领导交办件) is an event log inside one Y.Doc
 * (room `task:<id>`). Layout of the doc — shared by client and server:
 *   meta     Y.Map   what was issued; written once by the assigning leader, fixed after
 *   events   Y.Array plain TaskEvent objects, append-only, actor = authenticated user
 *   receipts Y.Map   eventId -> Receipt; server only (server time, order)
 *   server   Y.Map   'state' -> TaskState, 'summary' -> RecordSummary; server only, rewritten
 *                    only when more than time moved (a 反馈 gets its receipt alone), so readers
 *                    take lastEventAt / updatedAt from the newest receipt (doc.ts, readTaskState)
 */
export const TASK_ROOTS = ['meta', 'events', 'receipts', 'server'] as const

export interface Attachment {
  /** SHA-256 of the content, hex. */
  id: string
  name: string
  size: number
  mime: string
}

export interface TaskMeta {
  id: string
  title: string
  requirement: string
  taskClass: TaskClass
  agencyType?: string
  leadUnitId: string
  assistUnitIds: string[]
  assignedBy: string
  assignedByUnitId: string
  attachments?: Attachment[]
  /**
   * The leader's own date ("12月10日前报县政府"): on or before the date the rules give, never
   * after it (domain/task/issue.ts). Absent: the rules decide. Later only by an extension.
   */
  dueBy?: YMD
  /**
   * 代录: a 督查室 supervisor recorded the leader's spoken or paper instruction. `assignedBy` is
   * the leader (who decides, approves and may cancel); these say who typed it in.
   */
  recordedBy?: string
  recordedByUnitId?: string
}

export type TaskEventType =
  | 'assign' // 交办
  | 'sign' // 签收
  | 'progress' // 反馈
  | 'chase' // 催办
  | 'extension_request' // 延期申请
  | 'extension_decision' // 延期审批
  | 'completion_report' // 办结报告
  | 'accept' // 审核办结
  | 'return' // 退回
  | 'cancel' // 撤销
  | 'correct' // 更正 (代录: the leader corrects what 督查室 recorded)

export interface TaskEvent {
  id: string
  type: TaskEventType
  actorId: string
  unitId: string
  /** The client's own clock at the time of the action: shown beside the server's, never instead. */
  clientAt: number
  payload?: {
    text?: string
    reason?: string
    /** extension_request: proposed new due date. */
    proposedDate?: YMD
    /** extension_decision: which request, and the answer. */
    requestId?: string
    granted?: boolean
    /** chase: which unit is chased (defaults to the lead unit). */
    targetUnitId?: string
    /** progress, completion_report, extension_request: files uploaded over HTTP first. */
    attachments?: Attachment[]
    /** correct: the corrected title (the corrected requirement goes in `text`). */
    title?: string
  }
}

/** Written by the server for every accepted event. `at` is the server's clock. */
export interface Receipt {
  seq: number
  at: number
}

export type TaskStatus = 'assigned' | 'in_progress' | 'reported' | 'closed' | 'cancelled'

export interface ExtensionRecord {
  requestId: string
  requestedBy: string
  requestedAt: number
  reason: string
  proposedDate: YMD
  decision?: { granted: boolean; by: string; at: number; comment: string; newDueDate?: YMD }
  /** Withdrawn because a completion report arrived first. */
  lapsed?: boolean
}

export interface TaskState {
  /** 交办〔2026〕23号: assigned by the server at creation, gapless per year, never reused. */
  number?: string
  status: TaskStatus
  createdAt: number
  deadline: Deadline
  /** The deadline set at assignment; stays on record after extensions. */
  originalDeadline: Deadline
  /** Working days allowed at issue (15 / 0 for urgent / the agency type's), kept so later rule changes do not move it. */
  termWorkingDays?: number
  signed: Record<string, { by: string; at: number }>
  extensions: ExtensionRecord[]
  chases: { by: string; at: number; targetUnitId: string }[]
  completion?: { eventId: string; by: string; at: number; text: string }
  closedAt?: number
  /** Finished = accepted completion report; its server time decides on time or late. */
  finishedAt?: number
  cancelled?: { by: string; at: number; reason: string }
  /** 代录 corrected by the leader: what now stands instead of the recorded title / requirement. */
  corrected?: { by: string; at: number; title?: string; requirement?: string; reason: string }
  returns: number
  lastEventAt: number
  warning: WarningInfo
}

/** What index rooms carry about one record: enough for lists and counts. */
export interface RecordSummary {
  id: string
  kind: 'task'
  /** 交办〔2026〕23号 (absent on records created before numbering). */
  number?: string
  title: string
  taskClass: TaskClass
  status: TaskStatus
  leadUnitId: string
  assistUnitIds: string[]
  assignedBy: string
  assignedByUnitId: string
  createdAt: number
  dueDate: YMD
  dueAt: number
  provisional: boolean
  warning: WarningInfo
  signedUnitIds: string[]
  extensions: number
  updatedAt: number
  finishedAt?: number
  /** Server time of a completion report awaiting review. */
  reportedAt?: number
  /** An extension request awaits the assigning leader's decision. */
  pendingExtension?: boolean
  /** 代录: the supervisor who recorded the task for the leader. */
  recordedBy?: string
}
