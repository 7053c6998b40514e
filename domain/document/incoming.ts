/**
 * 收文 (receiving), per unit, in order (domain.md, "Receiving"):
 *   待签收 → 签收 → 登记 (server 收文编号) → 初审: 退回 | 通过 → 拟办 → 批办 (主办, 协办, deadline, 批示)
 *   → 承办 (progress) with 传阅 (named readers, each read once, readers added while it circulates)
 *   and 催办 (unit head or 督查室, rate-limited) → 办结/答复.
 * Deadlines: 特急 the same working day, 加急 within the admin's working days, others the default,
 * counted on the work calendar from the day of 批办 (the day itself not counted).
 */
import { addDays, endOfShanghaiDay, isYmd, shanghaiDate, yearOf, type YMD } from '../calendar'
import { hasRole, type Actor } from '../directory'
import { fail } from '../errors'
import { documentWarning } from './deadlines'
import { checkRate, type Check } from './outgoing'
import { formatIncomingNumber } from './numbering'
import type { DocumentContext } from './rules'
import type { IncomingEvent, IncomingEventType, IncomingMeta, IncomingState } from './types'

const OK: Check = { ok: true }
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max
const optText = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max)

const inUnit = (m: IncomingMeta, a: Actor) => a.unitId === m.unitId
const isClerk = (m: IncomingMeta, a: Actor) => inUnit(m, a) && (hasRole(a, 'clerk') || hasRole(a, 'head'))
const isHead = (m: IncomingMeta, a: Actor) => inUnit(m, a) && hasRole(a, 'head')
const isOversightOnly = (a: Actor) =>
  (hasRole(a, 'reviewer') || hasRole(a, 'supervisor')) && !hasRole(a, 'clerk') && !hasRole(a, 'head') && !hasRole(a, 'leader')

/** The latest deadline 批办 may set: 特急 today (or the next working day), 加急/办件 by the rules. */
export function deadlineCap(meta: Pick<IncomingMeta, 'urgency'>, at: number, ctx: DocumentContext): YMD {
  const days = meta.urgency === 'teji' ? 0 : meta.urgency === 'jiaji' ? ctx.rules.jiajiWorkingDays : ctx.rules.defaultWorkingDays
  return ctx.cal.addWorkingDays(shanghaiDate(at), days)
}

/** The state a 收文 starts in: delivered by 核发 or registered from outside. */
export function initialIncoming(meta: IncomingMeta): IncomingState {
  return { status: 'delivered', since: meta.deliveredAt, progress: [], readers: {}, chases: [], lastEventAt: meta.deliveredAt }
}

export function checkIncoming(meta: IncomingMeta, state: IncomingState, actor: Actor, ev: IncomingEvent, now: number, ctx: DocumentContext): Check {
  if (ev.actorId !== actor.userId || ev.unitId !== actor.unitId) return fail('FORGED_ACTOR', '操作人必须是当前登录用户')
  const p = ev.payload ?? {}
  if (p.number !== undefined) return fail('FORGED_NUMBER', '收文编号由系统在登记时统一编号，客户端不能指定')
  if (isOversightOnly(actor) && ev.type !== 'chase') return fail('READ_ONLY', '监督账号只读')
  if (state.status === 'withdrawn') return fail('WITHDRAWN', '发文单位已撤回该公文')
  if (state.status === 'done' && ev.type !== 'read') return fail('DONE', '该公文已办结')
  if (p.attachments?.length && ev.type !== 'progress' && ev.type !== 'complete') return fail('BAD_ATTACHMENT', '只有承办反馈和办结可以附带文件')
  const need = (status: IncomingState['status'], message: string): Check | null => (state.status === status ? null : fail('BAD_STATE', message))
  switch (ev.type) {
    case 'sign':
      if (!isClerk(meta, actor)) return fail('NOT_RECEIVING_UNIT', '只有收文单位的收发人员可以签收')
      if (state.status !== 'delivered') return { ok: true, noop: true }
      return OK
    case 'register':
      if (!isClerk(meta, actor)) return fail('NOT_RECEIVING_UNIT', '只有收文单位的收发人员可以登记')
      return need('signed', state.status === 'delivered' ? '请先签收' : '已登记') ?? OK
    case 'accept':
    case 'return':
      if (!isClerk(meta, actor)) return fail('NOT_RECEIVING_UNIT', '只有收文单位可以初审')
      if (state.status !== 'registered') return fail('BAD_STATE', '当前状态不能初审')
      if (ev.type === 'return' && !isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写退回理由')
      return OK
    case 'propose':
      if (!isClerk(meta, actor)) return fail('NOT_RECEIVING_UNIT', '只有收文单位可以拟办')
      if (state.status !== 'accepted') return fail('BAD_STATE', '初审通过后才能拟办')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '请填写拟办意见')
      if (p.mode !== 'handle' && p.mode !== 'read') return fail('BAD_MODE', '请选择办件或阅件')
      return OK
    case 'instruct': {
      if (!isHead(meta, actor) && !hasRole(actor, 'leader')) return fail('NOT_HEAD', '只有单位负责人或县领导可以批办')
      if (state.status !== 'proposed') return fail('BAD_STATE', '拟办后才能批办')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '请填写批示')
      const lead = p.leadUserId ? ctx.personOf(p.leadUserId) : undefined
      if (!lead || lead.unitId !== meta.unitId) return fail('BAD_HANDLER', '主办人须为本单位人员')
      for (const u of p.assistUserIds ?? []) {
        const x = ctx.personOf(u)
        if (!x || x.unitId !== meta.unitId || u === lead.id) return fail('BAD_HANDLER', '协办人须为本单位人员且不与主办人重复')
      }
      if (p.dueDate !== undefined) {
        if (!isYmd(p.dueDate)) return fail('BAD_DATE', '办理期限不是有效日期')
        if (p.dueDate < shanghaiDate(now)) return fail('BAD_DATE', '办理期限不能早于今天')
        if (p.dueDate > deadlineCap(meta, now, ctx))
          return fail('DEADLINE_TOO_LATE', meta.urgency === 'teji' ? '特急件须当日办结' : `期限不能晚于${deadlineCap(meta, now, ctx)}`)
        if (p.dueDate > addDays(shanghaiDate(now), 366)) return fail('BAD_DATE', '办理期限不能超过一年')
      }
      return OK
    }
    case 'progress':
      if (state.status !== 'handling') return fail('BAD_STATE', '批办后才能反馈办理情况')
      if (!isHandler(meta, state, actor)) return fail('NOT_HANDLER', '只有承办人或本单位收发人员可以反馈')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '请填写办理情况')
      return OK
    case 'add_readers': {
      if (state.status !== 'handling') return fail('BAD_STATE', '批办后才能传阅')
      if (!isHandler(meta, state, actor) && !isHead(meta, actor) && actor.userId !== state.instruction?.by) return fail('NOT_ALLOWED', '只有本单位可以安排传阅')
      const ids = p.readerIds ?? []
      if (ids.length === 0) return fail('NO_READERS', '请选择传阅人')
      if (Object.keys(state.readers).length + ids.length > ctx.rules.maxReaders) return fail('TOO_MANY_READERS', '传阅人过多')
      for (const r of ids) {
        const x = ctx.personOf(r)
        // Internal handling stays inside the unit, the county's leaders and other units' heads who may be
        // asked to read; each of them reads the issued text and writes only their own read (docs/decisions.md).
        if (!x || !(x.unitId === meta.unitId || x.roles.includes('leader') || x.roles.includes('head')))
          return fail('BAD_READER', '传阅人须为本单位人员、县领导或其他单位负责人')
      }
      return ids.every((r) => state.readers[r]) ? { ok: true, noop: true } : OK
    }
    case 'read': {
      const r = state.readers[actor.userId]
      if (!r) return fail('NOT_READER', '您不在传阅名单中')
      if (!optText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '阅示过长')
      return r.readAt !== undefined ? { ok: true, noop: true } : OK
    }
    case 'chase': {
      if (!isHead(meta, actor) && !hasRole(actor, 'supervisor')) return fail('NOT_ALLOWED', '只有单位负责人或督查室可以催办')
      if (state.status !== 'handling') return fail('BAD_STATE', '批办后才能催办')
      if (!optText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '催办内容过长')
      return checkRate(state.chases, now, ctx, '催办')
    }
    case 'complete':
      if (state.status !== 'handling') return fail('BAD_STATE', '批办后才能办结')
      if (!(isHead(meta, actor) || actor.userId === state.instruction?.leadUserId || isClerk(meta, actor)))
        return fail('NOT_HANDLER', '只有主办人或本单位可以办结')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '请填写办理结果')
      if (meta.replyRequested && meta.source === 'internal' && !isText(p.reply, ctx.rules.maxTextLength))
        return fail('REPLY_REQUIRED', '发文单位要求答复，请填写答复内容')
      return OK
    default:
      return fail('UNKNOWN_EVENT', '未知的操作类型')
  }
}

function isHandler(meta: IncomingMeta, state: IncomingState, a: Actor): boolean {
  const i = state.instruction
  return isClerk(meta, a) || (!!i && (a.userId === i.leadUserId || i.assistUserIds.includes(a.userId)))
}

export interface IncomingServerFacts {
  /** 登记: the number the unit's counter gave. */
  serial?: number
}

export function applyIncoming(
  meta: IncomingMeta,
  state: IncomingState,
  ev: IncomingEvent,
  at: number,
  ctx: DocumentContext,
  facts: IncomingServerFacts = {}
): IncomingState {
  const p = ev.payload ?? {}
  const s: IncomingState = { ...state, lastEventAt: at }
  switch (ev.type) {
    case 'sign':
      return { ...s, status: 'signed', since: at, signed: { by: ev.actorId, at } }
    case 'register':
      if (facts.serial === undefined) throw new Error('register needs the server counter')
      return { ...s, status: 'registered', since: at, registeredAt: at, number: formatIncomingNumber(yearOf(shanghaiDate(at)), facts.serial) }
    case 'accept':
      return { ...s, status: 'accepted', since: at, accepted: { by: ev.actorId, at } }
    case 'return':
      return { ...s, status: 'returned', since: at, returned: { by: ev.actorId, at, reason: p.reason ?? '' } }
    case 'propose':
      return { ...s, status: 'proposed', since: at, proposal: { by: ev.actorId, at, text: p.text ?? '', mode: p.mode ?? 'handle' } }
    case 'instruct': {
      const dueDate = ctx.cal.nextWorkingDayOnOrAfter(p.dueDate ?? deadlineCap(meta, at, ctx))
      return withIncomingWarning(
        {
          ...s,
          status: 'handling',
          since: at,
          instruction: {
            by: ev.actorId,
            at,
            text: p.text ?? '',
            leadUserId: p.leadUserId!,
            assistUserIds: p.assistUserIds ?? [],
            dueDate,
            dueAt: endOfShanghaiDay(dueDate)
          }
        },
        at,
        ctx
      )
    }
    case 'progress':
      return { ...s, progress: [...s.progress, { by: ev.actorId, at, text: p.text ?? '', ...(p.attachments?.length ? { attachments: p.attachments } : {}) }] }
    case 'add_readers': {
      const readers = { ...s.readers }
      for (const r of p.readerIds ?? []) if (!readers[r]) readers[r] = { addedBy: ev.actorId, addedAt: at }
      return { ...s, readers }
    }
    case 'read':
      return { ...s, readers: { ...s.readers, [ev.actorId]: { ...s.readers[ev.actorId], readAt: at, comment: p.text || undefined } } }
    case 'chase':
      return { ...s, chases: [...s.chases, { by: ev.actorId, at }] }
    case 'complete':
      return withIncomingWarning(
        {
          ...s,
          status: 'done',
          since: at,
          done: { by: ev.actorId, at, text: p.text ?? '', reply: p.reply, ...(p.attachments?.length ? { attachments: p.attachments } : {}) }
        },
        at,
        ctx
      )
  }
  return s
}

/** The sender withdrew the document: every recipient sees it (撤回通知), nothing is deleted. */
export function applyWithdrawal(state: IncomingState, at: number, reason: string): IncomingState {
  return { ...state, status: 'withdrawn', since: at, withdrawn: { at, reason }, lastEventAt: at }
}

/** Yellow/red as for 交办件, once 批办 set a deadline. */
export function withIncomingWarning(s: IncomingState, now: number, ctx: DocumentContext): IncomingState {
  if (!s.instruction) return s
  const warning = documentWarning({ dueDate: s.instruction.dueDate, doneAt: s.done?.at, withdrawn: s.status === 'withdrawn' }, now, ctx.cal, ctx.rules)
  return { ...s, warning }
}

const ACTIONS: IncomingEventType[] = ['sign', 'register', 'accept', 'return', 'propose', 'instruct', 'progress', 'add_readers', 'read', 'chase', 'complete']

export function availableIncomingActions(meta: IncomingMeta, state: IncomingState, actor: Actor, now: number, ctx: DocumentContext): IncomingEventType[] {
  return ACTIONS.filter((type) => {
    const payload: IncomingEvent['payload'] = { text: 'x', reason: 'x', reply: 'x', mode: 'handle', leadUserId: actor.userId, readerIds: ['__probe__'] }
    const c = checkIncoming(meta, state, actor, { id: 'probe', type, actorId: actor.userId, unitId: actor.unitId, clientAt: now, payload }, now, ctx)
    // Choosing people happens in the form: a refusal about who was chosen still shows the button.
    return (c.ok && !c.noop) || (!c.ok && ['BAD_HANDLER', 'BAD_READER'].includes(c.error.code))
  })
}
