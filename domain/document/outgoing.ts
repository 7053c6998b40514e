/**
 * 发文 (sending) as one state machine:
 *   拟稿 drafting → 送核稿 reviewing → (核稿退回 → drafting | 核稿通过 → signing)
 *   → 签发 signed → 登记+核发 issued;  撤回签发: signed → signing (复核 by the signer, who may sign
 *   again or return it for changes);  撤销/作废 with a reason at any point before, and after issue
 *   with a 撤回通知 once a recipient has signed.
 * The body and fields are editable only while drafting (the drafting unit's people) and during 核稿
 * (the unit head); from 签发 on they are frozen. Times are server receipt times passed in.
 */
import { shanghaiDate, yearOf } from '../calendar'
import { hasRole, isWorkingUnit, type Actor } from '../directory'
import { fail, type DomainError } from '../errors'
import { CLASSIFIED_RULE } from './labels'
import { formatDocNumber } from './numbering'
import type { DocumentContext } from './rules'
import { outgoingFieldsSchema } from './schema'
import type { OutgoingEvent, OutgoingEventType, OutgoingFields, OutgoingHeader, OutgoingState, RecipientProgress } from './types'

export type Check = { ok: true; noop?: boolean } | { ok: false; error: DomainError }
const OK: Check = { ok: true }

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max
const optText = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max)
const isOversightOnly = (a: Actor) =>
  (hasRole(a, 'reviewer') || hasRole(a, 'supervisor')) && !hasRole(a, 'clerk') && !hasRole(a, 'head') && !hasRole(a, 'leader')
const inDraftingUnit = (h: OutgoingHeader, a: Actor) => a.unitId === h.draftingUnitId && (hasRole(a, 'clerk') || hasRole(a, 'head'))
const isUnitHead = (h: OutgoingHeader, a: Actor) => a.unitId === h.draftingUnitId && hasRole(a, 'head')

/** The GB/T 9704 fields, checked when a draft moves on (送核稿, 核稿通过, 核发) and on every edit for 密级. */
export function checkFields(raw: unknown, ctx: DocumentContext, forSubmit: boolean): Check {
  // 密级 first: whatever else is wrong, a classified document on this network is refused with the rule.
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>
    if (!ctx.classifiedAllowed && (r.classification !== undefined || r.secrecyPeriod !== undefined || r.copies !== undefined))
      return fail('CLASSIFIED_REFUSED', CLASSIFIED_RULE)
  }
  const parsed = outgoingFieldsSchema.safeParse(raw)
  if (!parsed.success) return fail('BAD_FIELDS', '公文要素格式不正确')
  const f = parsed.data
  if (ctx.classifiedAllowed && f.copies !== undefined && !f.classification) return fail('BAD_FIELDS', '只有涉密公文标注份号')
  if (!forSubmit) return OK
  if (!isText(f.title, ctx.rules.maxTitleLength)) return fail('BAD_TITLE', `标题不能为空且不超过${ctx.rules.maxTitleLength}字`)
  if (f.mainTo.length === 0) return fail('NO_MAIN_TO', '请选择主送机关')
  const known = new Set(ctx.units.map((u) => u.id))
  for (const a of [...f.mainTo, ...f.copyTo]) if ('unitId' in a && !known.has(a.unitId)) return fail('BAD_UNIT', '主送或抄送单位不在通讯录中')
  return OK
}

/**
 * 主送 then 抄送, groups expanded from the directory (各乡镇 = every township, 县直各部门 = every county
 * department), a unit named twice kept once (主送 wins), and the drafting unit itself left out.
 */
export function resolveRecipients(f: Pick<OutgoingFields, 'mainTo' | 'copyTo'>, draftingUnitId: string, ctx: Pick<DocumentContext, 'units'>) {
  const out: { unitId: string; role: 'main' | 'copy' }[] = []
  const seen = new Set<string>([draftingUnitId])
  const expand = (list: OutgoingFields['mainTo'], role: 'main' | 'copy') => {
    for (const a of list) {
      const ids =
        'unitId' in a
          ? [a.unitId]
          : [...ctx.units]
              .filter((u) => isWorkingUnit(u) && u.kind === (a.group === 'townships' ? 'township' : 'department'))
              .sort((x, y) => x.order - y.order)
              .map((u) => u.id)
      for (const id of ids) if (!seen.has(id)) seen.add(id), out.push({ unitId: id, role })
    }
  }
  expand(f.mainTo, 'main')
  expand(f.copyTo, 'copy')
  return out
}

/** May `actor` change the fields or the body now? The server applies this to every update of `fields`/`body`. */
export function checkEdit(state: OutgoingState | null, actor: Actor): Check {
  if (!state) return fail('NOT_CREATED', '公文尚未创建')
  if (isOversightOnly(actor)) return fail('READ_ONLY', '监督账号只读')
  switch (state.status) {
    case 'drafting':
      return inDraftingUnit(state.header, actor) ? OK : fail('NOT_DRAFTING_UNIT', '只有拟稿单位的人员可以修改草稿')
    case 'reviewing':
      return isUnitHead(state.header, actor) ? OK : fail('UNDER_REVIEW', '核稿期间只有本单位负责人可以修改')
    case 'signing':
      return fail('AWAITING_SIGNATURE', '公文待签发，不能修改；如需修改请签发人退回')
    case 'signed':
    case 'issued':
      return fail('SIGNED_FROZEN', '公文已签发，正文和要素不能再修改；如需修改须先撤回签发')
    case 'withdrawn':
      return fail('WITHDRAWN', '公文已撤销')
  }
}

export interface OutgoingContextFacts {
  /** Current field values (for the checks at 送核稿/核稿通过/核发). */
  fields: unknown
  /** Per recipient unit, what its 收文 room reported back. */
  progress: Record<string, RecipientProgress>
}

/** May `actor` append `ev` to a 发文 in `state` at server time `now`? */
export function checkOutgoing(
  state: OutgoingState | null,
  actor: Actor,
  ev: OutgoingEvent,
  now: number,
  ctx: DocumentContext,
  facts: OutgoingContextFacts
): Check {
  if (ev.actorId !== actor.userId || ev.unitId !== actor.unitId) return fail('FORGED_ACTOR', '操作人必须是当前登录用户')
  const p = ev.payload ?? {}
  // Numbers are the server's: a 字号 in any client event is forgery, whatever the step.
  if (p.docNumber !== undefined) return fail('FORGED_NUMBER', '发文字号由系统在核发时统一编号，客户端不能指定')
  if (ev.type === 'create') {
    if (state) return fail('ALREADY_CREATED', '公文已创建')
    const h = p.header
    if (!h) return fail('BAD_HEADER', '缺少拟稿信息')
    if (h.createdBy !== actor.userId || h.draftingUnitId !== actor.unitId) return fail('FORGED_ACTOR', '拟稿人必须是当前登录用户')
    if (!(hasRole(actor, 'clerk') || hasRole(actor, 'head'))) return fail('NOT_ALLOWED', '只有单位工作人员可以拟稿')
    return OK
  }
  if (!state) return fail('NOT_CREATED', '公文尚未创建')
  if (isOversightOnly(actor)) return fail('READ_ONLY', '监督账号只读')
  const h = state.header
  switch (ev.type) {
    case 'submit': {
      if (state.status !== 'drafting') return fail('BAD_STATE', '只有草稿可以送核稿')
      if (!inDraftingUnit(h, actor)) return fail('NOT_DRAFTING_UNIT', '只有拟稿单位的人员可以送核稿')
      return checkFields(facts.fields, ctx, true)
    }
    case 'review_return': {
      if (state.status === 'reviewing') {
        if (!isUnitHead(h, actor)) return fail('NOT_HEAD', '只有本单位负责人可以核稿')
      } else if (state.status === 'signing') {
        if (actor.userId !== state.signerId) return fail('NOT_SIGNER', '只有指定的签发人可以退回')
      } else return fail('BAD_STATE', '当前状态不能退回')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写退回理由')
      return OK
    }
    case 'review_approve': {
      if (state.status !== 'reviewing') return fail('BAD_STATE', '公文不在核稿中')
      if (!isUnitHead(h, actor)) return fail('NOT_HEAD', '只有本单位负责人可以核稿')
      const signer = p.signerId ? ctx.personOf(p.signerId) : undefined
      if (!signer) return fail('BAD_SIGNER', '请选择签发人')
      const mayCountySign = signer.roles.includes('leader')
      const mayUnitSign = signer.roles.includes('head') && signer.unitId === h.draftingUnitId
      if (!mayCountySign && !mayUnitSign) return fail('BAD_SIGNER', '签发人须为县领导或本单位负责人')
      const c = checkFields(facts.fields, ctx, true)
      return c
    }
    case 'sign': {
      if (state.status !== 'signing') return fail('BAD_STATE', state.status === 'signed' || state.status === 'issued' ? '公文已签发' : '公文尚未核稿通过')
      if (actor.userId !== state.signerId) return fail('NOT_SIGNER', '您不是该公文的签发人')
      // The signer was checked when named; roles may have changed since.
      if (!hasRole(actor, 'leader') && !(hasRole(actor, 'head') && actor.unitId === h.draftingUnitId))
        return fail('NOT_SIGNER', '签发人须为县领导或本单位负责人')
      if (!optText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '签发意见过长')
      return checkFields(facts.fields, ctx, true)
    }
    case 'unsign': {
      if (state.status !== 'signed') return fail('BAD_STATE', state.status === 'issued' ? '公文已核发，不能撤回签发；请撤销后重新发文' : '公文未签发')
      if (!(inDraftingUnit(h, actor) || actor.userId === state.signed?.by)) return fail('NOT_ALLOWED', '只有拟稿单位或签发人可以撤回签发')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写撤回签发的理由')
      return OK
    }
    case 'issue': {
      if (state.status !== 'signed') return fail('BAD_STATE', state.status === 'issued' ? '公文已核发' : '公文尚未签发')
      if (!inDraftingUnit(h, actor)) return fail('NOT_DRAFTING_UNIT', '只有拟稿单位的收发人员可以登记核发')
      if (!ctx.profileOf(h.draftingUnitId)?.docCode) return fail('NO_DOC_CODE', '本单位尚未设置发文代字，请联系管理员')
      const c = checkFields(facts.fields, ctx, true)
      if (!c.ok) return c
      if (resolveRecipients(facts.fields as OutgoingFields, h.draftingUnitId, ctx).length === 0) return fail('NO_RECIPIENTS', '没有可分发的单位')
      return OK
    }
    case 'reissue': {
      if (state.status !== 'issued') return fail('BAD_STATE', '公文未核发')
      if (!inDraftingUnit(h, actor)) return fail('NOT_DRAFTING_UNIT', '只有拟稿单位可以重新分发')
      const t = p.targetUnitId
      if (!t || !state.recipients?.some((r) => r.unitId === t)) return fail('BAD_UNIT', '该单位不是收文单位')
      if (facts.progress[t]?.stage !== 'returned') return fail('NOT_RETURNED', '该单位未退回，无需重新分发')
      return OK
    }
    case 'remind': {
      if (state.status !== 'issued') return fail('BAD_STATE', '公文未核发')
      if (!inDraftingUnit(h, actor)) return fail('NOT_DRAFTING_UNIT', '只有拟稿单位可以提醒签收')
      const t = p.targetUnitId
      if (!t || !state.recipients?.some((r) => r.unitId === t)) return fail('BAD_UNIT', '该单位不是收文单位')
      const stage = facts.progress[t]?.stage ?? 'delivered'
      if (stage !== 'delivered') return fail('ALREADY_SIGNED', '该单位已签收')
      return checkRate(
        state.reminders.filter((r) => r.targetUnitId === t),
        now,
        ctx,
        '提醒'
      )
    }
    case 'withdraw': {
      if (state.status === 'withdrawn') return fail('WITHDRAWN', '公文已撤销')
      if (!isUnitHead(h, actor)) return fail('NOT_HEAD', '只有拟稿单位负责人可以撤销公文')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写撤销理由')
      const anySigned = Object.values(facts.progress).some((x) => x.signedAt !== undefined)
      if (state.status === 'issued' && anySigned && !isText(p.text, ctx.rules.maxTextLength)) return fail('NOTICE_REQUIRED', '已有单位签收，撤销须发布撤回通知')
      return OK
    }
    default:
      return fail('UNKNOWN_EVENT', '未知的操作类型')
  }
}

/** Rate limit shared by 催办 and 提醒签收 (as for 交办件). */
export function checkRate(previous: { at: number }[], now: number, ctx: DocumentContext, word: string): Check {
  const last = previous[previous.length - 1]
  if (last && now - last.at < ctx.rules.chaseMinIntervalMs)
    return fail('CHASE_TOO_SOON', `${word}过于频繁，请${Math.ceil(ctx.rules.chaseMinIntervalMs / 60000)}分钟后再试`)
  const today = shanghaiDate(now)
  if (previous.filter((c) => shanghaiDate(c.at) === today).length >= ctx.rules.chasePerDay)
    return fail('CHASE_LIMIT', `同一单位每天最多${word}${ctx.rules.chasePerDay}次`)
  return OK
}

/** What only the server supplies when applying an event: the content hash at 签发, the number at 核发. */
export interface ServerFacts {
  contentHash?: string
  /** 核发: the number the counter gave (see numbering.ts) and the resolved recipients. */
  serial?: number
  fields?: OutgoingFields
}

/** Applies one accepted event at server time `at`. Pure: returns a new state. */
export function applyOutgoing(state: OutgoingState | null, ev: OutgoingEvent, at: number, ctx: DocumentContext, facts: ServerFacts = {}): OutgoingState {
  const p = ev.payload ?? {}
  if (ev.type === 'create' || !state) {
    return { status: 'drafting', header: p.header!, createdAt: at, since: at, reviewReturns: [], unsigns: [], reminders: [], lastEventAt: at }
  }
  const s: OutgoingState = { ...state, lastEventAt: at }
  switch (ev.type) {
    case 'submit':
      return { ...s, status: 'reviewing', since: at }
    case 'review_return':
      return { ...s, status: 'drafting', since: at, reviewReturns: [...s.reviewReturns, { by: ev.actorId, at, reason: p.reason ?? '' }] }
    case 'review_approve':
      return { ...s, status: 'signing', since: at, signerId: p.signerId, approvedBy: { by: ev.actorId, at } }
    case 'sign':
      return { ...s, status: 'signed', since: at, signed: { by: ev.actorId, at, opinion: p.text ?? '', contentHash: facts.contentHash ?? '' } }
    case 'unsign':
      // Back to the signer for 复核; the signature stays on record in the events and receipts.
      return {
        ...s,
        status: 'signing',
        since: at,
        signerId: s.signed?.by ?? s.signerId,
        signed: undefined,
        unsigns: [...s.unsigns, { by: ev.actorId, at, reason: p.reason ?? '' }]
      }
    case 'issue': {
      const code = ctx.profileOf(s.header.draftingUnitId)?.docCode ?? ''
      if (facts.serial === undefined || !facts.fields) throw new Error('issue needs the server counter and the fields')
      return {
        ...s,
        status: 'issued',
        since: at,
        issuedAt: at,
        docNumber: formatDocNumber(code, yearOf(shanghaiDate(at)), facts.serial),
        recipients: resolveRecipients(facts.fields, s.header.draftingUnitId, ctx)
      }
    }
    case 'reissue':
      return s
    case 'remind':
      return { ...s, reminders: [...s.reminders, { by: ev.actorId, at, targetUnitId: p.targetUnitId! }] }
    case 'withdraw':
      return { ...s, status: 'withdrawn', since: at, withdrawn: { by: ev.actorId, at, reason: p.reason ?? '', notice: !!p.text } }
  }
  return s
}

const ACTIONS: OutgoingEventType[] = ['submit', 'review_return', 'review_approve', 'sign', 'unsign', 'issue', 'withdraw']

/** Buttons to show: the actions whose preconditions hold, with placeholder text. */
export function availableOutgoingActions(
  state: OutgoingState | null,
  actor: Actor,
  now: number,
  ctx: DocumentContext,
  facts: OutgoingContextFacts
): OutgoingEventType[] {
  if (!state) return []
  return ACTIONS.filter((type) => {
    const payload: OutgoingEvent['payload'] = { text: 'x', reason: 'x', signerId: type === 'review_approve' ? actor.userId : undefined }
    // Approval names a signer chosen in the form: probe with "the head signs it himself".
    const ev = { id: 'probe', type, actorId: actor.userId, unitId: actor.unitId, clientAt: now, payload }
    const c = checkOutgoing(state, actor, ev, now, ctx, facts)
    return c.ok && !c.noop
  })
}
