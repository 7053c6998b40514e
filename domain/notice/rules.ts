/**
 * The rules of a notice, as pure functions of (state, who, what, server time).
 * The server runs them on every update; the client runs them to grey out what
 * would be refused. Codes are stable; messages are Chinese, shown as they are.
 */
import { addDays, endOfShanghaiDay, shanghaiDate, type WorkCalendar, type YMD } from '../calendar'
import { DEFAULT_DEADLINE_RULES, extendedDeadline, warningLevel, type DeadlineRules, type WarningInfo } from '../deadline'
import { hasRole, type Actor } from '../directory'
import { fail, ok, type Result } from '../errors'
import { hasBidiControls } from '../text'
import { isCountyOffice, isCountyWide, isNoticeReader, resolveAudience, type BoardTargets, type DirectoryIndex } from './audience'
import type { NoticeEvent, NoticeMeta, NoticeState, ReaderRequest, ReceiptRow, ReplyDeadline } from './types'

export const HOUR_MS = 3_600_000
/** "Remind the unread": at most once an hour, three times per notice. */
export const REMIND_INTERVAL_MS = HOUR_MS
export const REMIND_MAX = 3

export interface NoticeContext {
  cal: WorkCalendar
  dir: DirectoryIndex
  rules?: DeadlineRules
}

export const NOTICE_ERR = {
  NOT_PUBLISHER: 'NOTICE_NOT_PUBLISHER',
  COUNTY_WIDE_ONLY_OFFICES: 'NOTICE_COUNTY_WIDE_ONLY_OFFICES',
  UNKNOWN_AUDIENCE: 'NOTICE_UNKNOWN_AUDIENCE',
  EMPTY_AUDIENCE: 'NOTICE_EMPTY_AUDIENCE',
  APPROVAL_REQUIRED: 'NOTICE_APPROVAL_REQUIRED',
  NOT_HEAD: 'NOTICE_NOT_HEAD',
  BAD_STATE: 'NOTICE_BAD_STATE',
  REASON_REQUIRED: 'NOTICE_REASON_REQUIRED',
  DEADLINE_IN_PAST: 'NOTICE_DEADLINE_IN_PAST',
  PUBLISHED_IMMUTABLE: 'NOTICE_PUBLISHED_IMMUTABLE',
  REMIND_TOO_SOON: 'NOTICE_REMIND_TOO_SOON',
  REMIND_LIMIT: 'NOTICE_REMIND_LIMIT',
  NOT_IN_AUDIENCE: 'NOTICE_NOT_IN_AUDIENCE',
  NOT_PUBLISHED: 'NOTICE_NOT_PUBLISHED',
  WITHDRAWN: 'NOTICE_WITHDRAWN',
  NO_RECEIPT: 'NOTICE_NO_RECEIPT',
  ALREADY_CONFIRMED: 'NOTICE_ALREADY_CONFIRMED',
  TEXT_REQUIRED: 'NOTICE_TEXT_REQUIRED',
  ATTACHMENT_REQUIRED: 'NOTICE_ATTACHMENT_REQUIRED',
  NOT_ASKED: 'NOTICE_NOT_ASKED',
  BAD_CORRECTION: 'NOTICE_BAD_CORRECTION',
  SERVER_ONLY: 'NOTICE_SERVER_ONLY',
  NOT_YOURS: 'NOTICE_NOT_YOURS',
  BAD_SHAPE: 'NOTICE_BAD_SHAPE',
  /** The same code as a 交办件's (domain/task/workflow.ts). */
  BIDI_CONTROL: 'BIDI_CONTROL'
} as const

const BIDI = fail(NOTICE_ERR.BIDI_CONTROL, '内容含有不可见的文字方向控制符，请删除后重试')

const handler = (a: Actor) => hasRole(a, 'clerk') || hasRole(a, 'head')

/** A unit's clerk or head acts for the unit; the county offices may address everyone. */
export function checkDraft(meta: NoticeMeta, actor: Actor, ctx: NoticeContext): Result<true> {
  if (meta.publisherUnitId !== actor.unitId || !handler(actor)) return fail(NOTICE_ERR.NOT_PUBLISHER, '只有本单位收发员或负责人可以代表本单位发布通知')
  if (meta.audience.some(isCountyWide) && !isCountyOffice(ctx.dir.units.get(meta.publisherUnitId)))
    return fail(NOTICE_ERR.COUNTY_WIDE_ONLY_OFFICES, '只有县委办、县政府办可以面向全县、全部乡镇或部门、各单位某一岗位发布')
  // Invisible direction controls could make a title read backwards on the board or a printout.
  if (hasBidiControls(meta.title) || hasBidiControls(meta.receipt.prompt ?? '')) return BIDI
  return ok(true)
}

export interface PublishEffect {
  state: NoticeState
  /** Resolved at publishing, frozen: later directory changes do not move a published notice. */
  audience: string[]
  /** Where its 公告栏 rows go, frozen with the audience. */
  boards: BoardTargets
  /** Each addressed person's unit at publishing (the tally counts a 回执 still owed there). */
  unitOf: Record<string, string>
}

/** The reply deadline of a notice published at `at`; the due day never falls on a day off. */
export function replyDueDate(d: ReplyDeadline, at: number, cal: WorkCalendar): YMD {
  return d.type === 'workingDays' ? cal.addWorkingDays(shanghaiDate(at), d.days) : extendedDeadline(d.date, cal).dueDate
}

/**
 * One event of the publisher's unit against the current state.
 * `approvalRequired`: the unit's setting (directory data, `Unit.noticeApproval`).
 */
export function applyNoticeEvent(
  state: NoticeState,
  meta: NoticeMeta,
  ev: NoticeEvent,
  actor: Actor,
  now: number,
  ctx: NoticeContext & { approvalRequired: boolean }
): Result<PublishEffect | { state: NoticeState; audience?: undefined; boards?: undefined; unitOf?: undefined }> {
  if (ev.actorId !== actor.userId) return fail(NOTICE_ERR.NOT_YOURS, '只能以本人身份操作')
  if (hasBidiControls(ev.reason ?? '')) return BIDI
  if (actor.unitId !== meta.publisherUnitId || !handler(actor)) return fail(NOTICE_ERR.NOT_PUBLISHER, '只有发布单位的收发员或负责人可以操作')
  const head = hasRole(actor, 'head')
  const publish = (): Result<PublishEffect> => {
    const d = checkDraft(meta, actor, ctx)
    if (!d.ok) return d
    const res = resolveAudience(meta.audience, ctx.dir)
    if (res.unknown.length) return fail(NOTICE_ERR.UNKNOWN_AUDIENCE, `发送范围中有不存在的单位或人员：${res.unknown.join('、')}`)
    if (res.userIds.length === 0) return fail(NOTICE_ERR.EMPTY_AUDIENCE, '发送范围内没有人员')
    const next: NoticeState = { ...state, status: 'published', publishedAt: now, publishedBy: actor.userId }
    if (meta.deadline) {
      if (meta.deadline.type === 'date' && meta.deadline.date < shanghaiDate(now)) return fail(NOTICE_ERR.DEADLINE_IN_PAST, '回执截止日期早于发布日期')
      next.dueDate = replyDueDate(meta.deadline, now, ctx.cal)
      next.dueAt = endOfShanghaiDay(next.dueDate)
    }
    return ok({ state: next, audience: res.userIds, boards: res.boards, unitOf: res.unitOf })
  }
  switch (ev.type) {
    case 'submit':
      if (state.status !== 'draft') return fail(NOTICE_ERR.BAD_STATE, '只有草稿可以送审')
      return ok({ state: { ...state, status: 'pending', submittedBy: actor.userId, rejectReason: undefined } })
    case 'approve':
      if (!head) return fail(NOTICE_ERR.NOT_HEAD, '只有单位负责人可以审核')
      if (state.status !== 'pending') return fail(NOTICE_ERR.BAD_STATE, '该通知不在待审核状态')
      {
        const r = publish()
        return r.ok ? ok({ ...r.value, state: { ...r.value.state, approvedBy: actor.userId } }) : r
      }
    case 'reject':
      if (!head) return fail(NOTICE_ERR.NOT_HEAD, '只有单位负责人可以审核')
      if (state.status !== 'pending') return fail(NOTICE_ERR.BAD_STATE, '该通知不在待审核状态')
      if (!ev.reason?.trim()) return fail(NOTICE_ERR.REASON_REQUIRED, '退回须说明理由')
      return ok({ state: { ...state, status: 'draft', rejectReason: ev.reason } })
    case 'publish':
      if (state.status !== 'draft' && state.status !== 'pending') return fail(NOTICE_ERR.BAD_STATE, '该通知已发布或已撤回')
      // A head's own publish is their approval; a clerk needs one when the unit asks for it.
      if (ctx.approvalRequired && !head) return fail(NOTICE_ERR.APPROVAL_REQUIRED, '本单位通知须经负责人审核后发布，请送审')
      return publish()
    case 'withdraw':
      if (state.status !== 'published') return fail(NOTICE_ERR.BAD_STATE, '只有已发布的通知可以撤回')
      if (!ev.reason?.trim()) return fail(NOTICE_ERR.REASON_REQUIRED, '撤回须说明理由')
      return ok({ state: { ...state, status: 'withdrawn', withdrawnAt: now, withdrawnBy: actor.userId, withdrawReason: ev.reason } })
    case 'remind': {
      if (state.status !== 'published') return fail(NOTICE_ERR.BAD_STATE, '只有已发布的通知可以提醒')
      const r = canRemind(state, now)
      if (!r.ok) return r
      return ok({ state: { ...state, reminds: [...state.reminds, now] } })
    }
  }
}

/** The manual "remind the unread" limits; `nextAt` tells the UI when the button comes back. */
export function canRemind(state: Pick<NoticeState, 'reminds'>, now: number): Result<{ left: number }> & { nextAt?: number } {
  const n = state.reminds.length
  if (n >= REMIND_MAX) return fail(NOTICE_ERR.REMIND_LIMIT, `每条通知最多提醒${REMIND_MAX}次`)
  const last = n ? state.reminds[n - 1] : undefined
  if (last !== undefined && now - last < REMIND_INTERVAL_MS)
    return { ...fail(NOTICE_ERR.REMIND_TOO_SOON, '一小时内只能提醒一次'), nextAt: last + REMIND_INTERVAL_MS }
  return ok({ left: REMIND_MAX - n - 1 })
}

/** A 更正 corrects a published (or withdrawn) notice of the same unit, once. */
export function checkCorrection(corr: NoticeMeta, original: { meta: NoticeMeta; state: NoticeState } | null): Result<true> {
  if (!corr.correctsId) return ok(true)
  if (!original || original.meta.id !== corr.correctsId) return fail(NOTICE_ERR.BAD_CORRECTION, '被更正的通知不存在')
  if (original.meta.publisherUnitId !== corr.publisherUnitId) return fail(NOTICE_ERR.BAD_CORRECTION, '只能更正本单位发布的通知')
  if (original.state.status !== 'published' && original.state.status !== 'withdrawn') return fail(NOTICE_ERR.BAD_CORRECTION, '只能更正已发布的通知')
  if (original.state.correctedBy && original.state.correctedBy !== corr.id) return fail(NOTICE_ERR.BAD_CORRECTION, '该通知已有更正')
  return ok(true)
}

/**
 * A reader's read or confirm. Only the reader writes their own (the room is
 * theirs); the time is always `now`, the server's; a read is recorded once.
 * Returns the new receipt, or null when nothing changes (a second open).
 * `wholeUnits`: the units it was addressed to whole, whose members now may
 * read and sign it too (`isNoticeReader`).
 */
export function applyReaderRequest(
  prev: ReceiptRow | null,
  req: ReaderRequest,
  notice: { meta: NoticeMeta; state: NoticeState; audience: ReadonlySet<string>; wholeUnits?: readonly string[] },
  actor: Actor,
  now: number
): Result<ReceiptRow | null> {
  if (!isNoticeReader(actor, notice.audience, notice.wholeUnits ?? [])) return fail(NOTICE_ERR.NOT_IN_AUDIENCE, '您不在该通知的发送范围内')
  const { meta, state } = notice
  if (state.status !== 'published' && state.status !== 'withdrawn') return fail(NOTICE_ERR.NOT_PUBLISHED, '该通知尚未发布')
  const base: ReceiptRow = prev ?? { userId: actor.userId, unitId: actor.unitId, readAt: now }
  if (req.type === 'read') {
    if (req.text !== undefined || req.attachments !== undefined) return fail(NOTICE_ERR.BAD_SHAPE, '阅读记录不带内容')
    return ok(prev ? null : base)
  }
  if (state.status === 'withdrawn') return fail(NOTICE_ERR.WITHDRAWN, '该通知已撤回，无需回执')
  if (!meta.receipt.required) return fail(NOTICE_ERR.NO_RECEIPT, '该通知不需要回执')
  if (prev?.confirmedAt !== undefined) return fail(NOTICE_ERR.ALREADY_CONFIRMED, '您已提交回执')
  if (hasBidiControls(req.text ?? '')) return BIDI
  const text = req.text?.trim() || undefined
  const files = req.attachments?.length ? req.attachments : undefined
  if (meta.receipt.text === 'required' && !text) return fail(NOTICE_ERR.TEXT_REQUIRED, '请填写回执内容')
  if (meta.receipt.attachment === 'required' && !files) return fail(NOTICE_ERR.ATTACHMENT_REQUIRED, '请上传回执附件')
  if (meta.receipt.text === 'none' && text) return fail(NOTICE_ERR.NOT_ASKED, '该回执不需要填写内容')
  if (meta.receipt.attachment === 'none' && files) return fail(NOTICE_ERR.NOT_ASKED, '该回执不需要附件')
  const late = state.dueAt !== undefined && now > state.dueAt
  return ok({ ...base, confirmedAt: now, ...(late ? { late: true } : {}), ...(text ? { text } : {}), ...(files ? { attachments: files } : {}) })
}

/** Who "remind the unread" reaches: those who have not opened it, and, when a 回执 is asked, those who have not confirmed. */
export function remindTargets(audience: readonly string[], receipts: ReadonlyMap<string, ReceiptRow>, receiptRequired: boolean): string[] {
  return audience.filter((u) => {
    const r = receipts.get(u)
    return !r || (receiptRequired && r.confirmedAt === undefined)
  })
}

/** The automatic reminders a notice is due for at `now` (the server's timer asks). */
export function deadlineAlarm(state: NoticeState, meta: Pick<NoticeMeta, 'receipt'>, now: number, cal: WorkCalendar): 'due_soon' | 'overdue' | null {
  if (state.status !== 'published' || !state.dueDate || !meta.receipt.required || state.dueAt === undefined) return null
  if (now > state.dueAt) return state.overdueNotified ? null : 'overdue'
  if (state.autoReminded) return null
  // One working day before: from the start of the last working day before the due day.
  const today = shanghaiDate(now)
  const dayBefore = previousWorkingDay(state.dueDate, cal)
  return today >= dayBefore ? 'due_soon' : null
}

export function previousWorkingDay(d: YMD, cal: WorkCalendar): YMD {
  let x = addDays(d, -1)
  for (let i = 0; i < 60 && !cal.isWorkingDay(x); i++) x = addDays(x, -1)
  return x
}

/** One reader's warning for a notice with a 回执 deadline: like a 交办件's. */
export function receiptWarning(
  state: NoticeState,
  row: ReceiptRow | undefined,
  now: number,
  cal: WorkCalendar,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES
): WarningInfo | null {
  if (!state.dueDate) return null
  return warningLevel({ dueDate: state.dueDate, now, finishedAt: row?.confirmedAt, cancelled: state.status === 'withdrawn' }, cal, rules)
}
