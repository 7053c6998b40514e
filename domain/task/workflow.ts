/**
 * The 交办件 life cycle as one state machine (domain.md, "Leader-assigned tasks"):
 * 交办 → 签收 → 办理/反馈 (催办, 延期申请) → 办结报告 → 审核: 办结 | 退回; 撤销 at any open point.
 * The client uses it to decide which buttons to show; the server uses it to refuse
 * anything else. Times in here are always server receipt times passed in.
 */
import { computeDeadline, extendedDeadline, warningLevel } from '../deadline'
import { addDays, isYmd, shanghaiDate, type WorkCalendar } from '../calendar'
import { hasRole, type Actor } from '../directory'
import { fail, type DomainError } from '../errors'
import { hasBidiControls } from '../text'
import { checkDueBy, issuedDeadline, ruleDeadline } from './issue'
import type { TaskRules } from './rules'
import type { TaskEvent, TaskEventType, TaskMeta, TaskState } from './types'

export interface TaskContext {
  cal: WorkCalendar
  rules: TaskRules
  /** Ids of units that can receive tasks (townships and county departments). */
  workingUnitIds: ReadonlySet<string>
  /** The directory's people, for 代录 (the supervisor names the leader). Without it 代录 is refused. */
  personOf?: (userId: string) => Actor | undefined
}

export type Check = { ok: true; noop?: boolean } | { ok: false; error: DomainError }
const OK: Check = { ok: true }

/** Extensions are asked for at most this far ahead: a date the calendar can always count. */
const MAX_EXTENSION_DAYS = 366

/** A real calendar date after both the current deadline and today, within a year. */
function checkProposedDate(d: unknown, state: TaskState, now: number, ctx: TaskContext): Check {
  if (typeof d !== 'string' || !isYmd(d)) return fail('BAD_DATE', '申请的期限不是有效日期')
  const today = shanghaiDate(now)
  if (d <= state.deadline.dueDate || d <= today) return fail('BAD_DATE', '申请的期限必须晚于当前期限和今天')
  if (d > addDays(today, MAX_EXTENSION_DAYS)) return fail('BAD_DATE', '申请的期限不能超过一年')
  try {
    ctx.cal.nextWorkingDayOnOrAfter(d)
  } catch {
    return fail('BAD_DATE', '申请的期限超出工作日历范围')
  }
  return OK
}
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max
/** A title that reads backwards on screen (U+202E …) is refused, never stored: domain/text/search.ts. */
const BIDI = fail('BIDI_CONTROL', '内容含有不可见的文字方向控制符，请删除后重试')

export const participants = (meta: TaskMeta): string[] => [meta.leadUnitId, ...meta.assistUnitIds]
const isHandler = (actor: Actor) => hasRole(actor, 'clerk') || hasRole(actor, 'head')
const isAssigner = (meta: TaskMeta, actor: Actor) => actor.userId === meta.assignedBy

/** Fields fixed at issue: checked when the meta map first appears, at server time `now`. */
export function checkMeta(meta: TaskMeta, actor: Actor, ctx: TaskContext, now?: number): Check {
  if (meta.recordedBy !== undefined || meta.recordedByUnitId !== undefined) {
    // 代录: the supervisor types in a leader's spoken or paper instruction; the leader stays the assigner.
    if (!hasRole(actor, 'supervisor')) return fail('NOT_SUPERVISOR', '只有督查室可以代领导录入')
    if (meta.recordedBy !== actor.userId || meta.recordedByUnitId !== actor.unitId) return fail('FORGED_ACTOR', '录入人必须是当前登录用户')
    const leader = ctx.personOf?.(meta.assignedBy)
    if (!leader || !hasRole(leader, 'leader') || leader.unitId !== meta.assignedByUnitId) return fail('BAD_LEADER', '代录的交办领导无效')
  } else {
    if (!hasRole(actor, 'leader')) return fail('NOT_LEADER', '只有县领导可以交办任务')
    if (meta.assignedBy !== actor.userId || meta.assignedByUnitId !== actor.unitId) return fail('FORGED_ACTOR', '交办人必须是当前登录用户')
  }
  if (hasBidiControls(meta.title) || hasBidiControls(meta.requirement ?? '')) return BIDI
  if (!isText(meta.title, ctx.rules.maxTitleLength)) return fail('BAD_TITLE', `标题不能为空且不超过${ctx.rules.maxTitleLength}字`)
  if (typeof meta.requirement !== 'string' || meta.requirement.length > ctx.rules.maxTextLength)
    return fail('BAD_REQUIREMENT', `办理要求不超过${ctx.rules.maxTextLength}字`)
  if (!['standard', 'urgent', 'agency'].includes(meta.taskClass)) return fail('BAD_CLASS', '件别无效')
  if (meta.taskClass === 'agency' && !(meta.agencyType && ctx.rules.agencyTypes[meta.agencyType])) return fail('UNKNOWN_AGENCY_TYPE', '代办件类型无效')
  if (!ctx.workingUnitIds.has(meta.leadUnitId)) return fail('BAD_UNIT', '主办单位无效')
  if (!Array.isArray(meta.assistUnitIds) || meta.assistUnitIds.length > ctx.rules.maxAssistUnits) return fail('BAD_UNIT', '协办单位无效')
  const seen = new Set([meta.leadUnitId])
  for (const u of meta.assistUnitIds) {
    if (!ctx.workingUnitIds.has(u) || seen.has(u)) return fail('BAD_UNIT', '协办单位无效或重复')
    seen.add(u)
  }
  if (meta.dueBy !== undefined) {
    const rule = ruleDeadline(meta, now ?? Date.now(), ctx.cal, ctx.rules)
    if ('error' in rule) return { ok: false, error: rule.error }
    const c = checkDueBy(meta.dueBy, rule, now ?? Date.now(), ctx.cal)
    if (!c.ok) return c
  }
  return OK
}

/** May `actor` append `ev` to a task in `state` at server time `now`? */
export function checkEvent(meta: TaskMeta, state: TaskState | null, actor: Actor, ev: TaskEvent, now: number, ctx: TaskContext): Check {
  if (ev.actorId !== actor.userId || ev.unitId !== actor.unitId) return fail('FORGED_ACTOR', '操作人必须是当前登录用户')
  if (ev.type === 'assign') {
    if (state) return fail('ALREADY_ASSIGNED', '该任务已交办')
    return checkMeta(meta, actor, ctx, now)
  }
  if (!state) return fail('NOT_ASSIGNED', '任务尚未交办')
  if (hasRole(actor, 'reviewer') && !hasRole(actor, 'leader')) return fail('READ_ONLY', '纪委监委账号只读')
  const open = state.status !== 'closed' && state.status !== 'cancelled'
  if (!open) return fail('TASK_FINISHED', state.status === 'closed' ? '任务已办结' : '任务已撤销')
  const p = ev.payload ?? {}
  if ([p.text, p.reason, p.title].some((t) => typeof t === 'string' && hasBidiControls(t))) return BIDI
  if (p.title !== undefined && ev.type !== 'correct') return fail('BAD_EVENT', '该操作不能更改标题')
  if (p.attachments?.length && !['progress', 'completion_report', 'extension_request'].includes(ev.type)) return fail('BAD_ATTACHMENT', '该操作不能附带附件')
  const inParticipant = participants(meta).includes(actor.unitId) && isHandler(actor)
  const isLead = actor.unitId === meta.leadUnitId && isHandler(actor)
  switch (ev.type) {
    case 'sign':
      if (!inParticipant) return fail('NOT_PARTICIPANT', '本单位不是该任务的承办单位')
      // Two clerks signing at once: the second is harmless and changes nothing.
      return state.signed[actor.unitId] ? { ok: true, noop: true } : OK
    case 'progress':
      if (!inParticipant) return fail('NOT_PARTICIPANT', '本单位不是该任务的承办单位')
      if (!state.signed[actor.unitId]) return fail('NOT_SIGNED', '请先签收')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '反馈内容不能为空')
      return OK
    case 'chase': {
      if (!isAssigner(meta, actor) && !hasRole(actor, 'supervisor')) return fail('NOT_ALLOWED', '只有交办领导或督查室可以催办')
      if (state.status === 'reported') return fail('BAD_STATE', '已报送办结，待审核，无需催办')
      const target = p.targetUnitId ?? meta.leadUnitId
      if (!participants(meta).includes(target)) return fail('BAD_UNIT', '被催办单位不是承办单位')
      const mine = state.chases.filter((c) => c.targetUnitId === target)
      const last = mine[mine.length - 1]
      if (last && now - last.at < ctx.rules.chaseMinIntervalMs)
        return fail('CHASE_TOO_SOON', `催办过于频繁，请${Math.ceil(ctx.rules.chaseMinIntervalMs / 60000)}分钟后再试`)
      const today = shanghaiDate(now)
      if (mine.filter((c) => shanghaiDate(c.at) === today).length >= ctx.rules.chasePerDay)
        return fail('CHASE_LIMIT', `同一单位每天最多催办${ctx.rules.chasePerDay}次`)
      if (p.text !== undefined && (typeof p.text !== 'string' || p.text.length > ctx.rules.maxTextLength)) return fail('BAD_TEXT', '催办内容过长')
      return OK
    }
    case 'extension_request': {
      if (!isLead) return fail('NOT_LEAD', '只有主办单位可以申请延期')
      if (state.status !== 'in_progress') return fail('BAD_STATE', '当前状态不能申请延期')
      if (state.extensions.some((x) => !x.decision && !x.lapsed)) return fail('EXTENSION_PENDING', '已有延期申请待审批')
      const granted = state.extensions.filter((x) => x.decision?.granted).length
      if (granted >= ctx.rules.maxExtensions) return fail('EXTENSION_LIMIT', `延期次数已达上限（${ctx.rules.maxExtensions}次）`)
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写延期理由')
      return checkProposedDate(p.proposedDate, state, now, ctx)
    }
    case 'extension_decision': {
      if (!isAssigner(meta, actor)) return fail('NOT_ASSIGNER', '只有交办领导可以审批延期')
      const req = state.extensions.find((x) => x.requestId === p.requestId)
      if (!req) return fail('NO_SUCH_REQUEST', '延期申请不存在')
      if (req.lapsed) return fail('REQUEST_LAPSED', '主办单位已报送办结，该延期申请已失效')
      if (req.decision) return fail('ALREADY_DECIDED', '该延期申请已审批')
      if (typeof p.granted !== 'boolean') return fail('BAD_DECISION', '请选择同意或不同意')
      if (p.text !== undefined && (typeof p.text !== 'string' || p.text.length > ctx.rules.maxTextLength)) return fail('BAD_TEXT', '审批意见过长')
      return OK
    }
    case 'completion_report':
      if (!isLead) return fail('NOT_LEAD', '只有主办单位可以报送办结')
      if (state.status !== 'in_progress') return fail('BAD_STATE', state.status === 'reported' ? '已报送办结，待审核' : '请先签收')
      if (!isText(p.text, ctx.rules.maxTextLength)) return fail('BAD_TEXT', '请填写办结情况')
      return OK
    case 'accept':
      if (!isAssigner(meta, actor)) return fail('NOT_ASSIGNER', '只有交办领导可以审核办结')
      if (state.status !== 'reported') return fail('BAD_STATE', '主办单位尚未报送办结')
      // 意见 is optional.
      if (p.text !== undefined && (typeof p.text !== 'string' || p.text.length > ctx.rules.maxTextLength)) return fail('BAD_TEXT', '审核意见过长')
      return OK
    case 'return':
      if (!isAssigner(meta, actor)) return fail('NOT_ASSIGNER', '只有交办领导可以退回')
      if (state.status !== 'reported') return fail('BAD_STATE', '主办单位尚未报送办结')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写退回理由')
      return OK
    case 'cancel':
      if (!isAssigner(meta, actor)) return fail('NOT_ASSIGNER', '只有交办领导可以撤销')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写撤销理由')
      return OK
    case 'correct':
      // 代录: the leader in whose name 督查室 recorded the task corrects the title or requirement.
      if (!meta.recordedBy) return fail('NOT_RECORDED', '只有代录的交办件可以更正')
      if (!isAssigner(meta, actor)) return fail('NOT_ASSIGNER', '只有交办领导可以更正')
      if (p.title === undefined && p.text === undefined) return fail('BAD_TEXT', '请填写更正后的标题或办理要求')
      if (p.title !== undefined && !isText(p.title, ctx.rules.maxTitleLength)) return fail('BAD_TITLE', `标题不能为空且不超过${ctx.rules.maxTitleLength}字`)
      if (p.text !== undefined && (typeof p.text !== 'string' || p.text.length > ctx.rules.maxTextLength)) return fail('BAD_TEXT', '办理要求过长')
      if (!isText(p.reason, ctx.rules.maxTextLength)) return fail('BAD_REASON', '请填写更正说明')
      return OK
    default:
      return fail('UNKNOWN_EVENT', '未知的操作类型')
  }
}

/** Applies one accepted event at server time `at`. Pure: returns a new state. */
export function applyEvent(meta: TaskMeta, state: TaskState | null, ev: TaskEvent, at: number, ctx: TaskContext): TaskState {
  if (ev.type === 'assign' || !state) {
    const rule = computeDeadline({ taskClass: meta.taskClass, agencyType: meta.agencyType, assignedAt: at }, ctx.cal, ctx.rules)
    if ('error' in rule) throw new Error(rule.error.code) // checkMeta refuses unknown types first
    const d = issuedDeadline(rule, meta.dueBy, ctx.cal)
    return withWarning(
      {
        status: 'assigned',
        createdAt: at,
        deadline: d,
        originalDeadline: d,
        // The time limit in force at issue: a later change of the county's table does not move it.
        termWorkingDays: termOf(meta, ctx),
        signed: {},
        extensions: [],
        chases: [],
        returns: 0,
        lastEventAt: at,
        warning: { level: 'normal' }
      },
      at,
      ctx
    )
  }
  const p = ev.payload ?? {}
  const s: TaskState = {
    ...state,
    signed: { ...state.signed },
    extensions: state.extensions.map((x) => ({ ...x })),
    chases: [...state.chases],
    lastEventAt: at
  }
  switch (ev.type) {
    case 'sign':
      if (!s.signed[ev.unitId]) s.signed[ev.unitId] = { by: ev.actorId, at }
      if (s.status === 'assigned' && s.signed[meta.leadUnitId]) s.status = 'in_progress'
      break
    case 'chase':
      s.chases.push({ by: ev.actorId, at, targetUnitId: p.targetUnitId ?? meta.leadUnitId })
      break
    case 'extension_request':
      s.extensions.push({ requestId: ev.id, requestedBy: ev.actorId, requestedAt: at, reason: p.reason ?? '', proposedDate: p.proposedDate! })
      break
    case 'extension_decision': {
      const req = s.extensions.find((x) => x.requestId === p.requestId)!
      if (p.granted) {
        s.deadline = extendedDeadline(req.proposedDate, ctx.cal)
        req.decision = { granted: true, by: ev.actorId, at, comment: p.text ?? '', newDueDate: s.deadline.dueDate }
      } else req.decision = { granted: false, by: ev.actorId, at, comment: p.text ?? '' }
      break
    }
    case 'completion_report':
      for (const x of s.extensions) if (!x.decision) x.lapsed = true
      s.completion = { eventId: ev.id, by: ev.actorId, at, text: p.text ?? '' }
      s.status = 'reported'
      break
    case 'accept':
      s.status = 'closed'
      s.closedAt = at
      s.finishedAt = s.completion?.at ?? at
      break
    case 'return':
      s.status = 'in_progress'
      s.completion = undefined
      s.returns += 1
      break
    case 'cancel':
      s.status = 'cancelled'
      s.cancelled = { by: ev.actorId, at, reason: p.reason ?? '' }
      break
    case 'correct':
      s.corrected = {
        by: ev.actorId,
        at,
        title: p.title ?? s.corrected?.title,
        requirement: p.text ?? s.corrected?.requirement,
        reason: p.reason ?? ''
      }
      break
  }
  return withWarning(s, at, ctx)
}

export function termOf(meta: TaskMeta, ctx: TaskContext): number {
  if (meta.taskClass === 'standard') return ctx.rules.standardWorkingDays
  if (meta.taskClass === 'urgent') return 0
  return ctx.rules.agencyTypes[meta.agencyType ?? '']?.workingDays ?? 0
}

/** Re-evaluates the warning level at `now` (the server's scheduler calls this as time passes). */
export function withWarning(s: TaskState, now: number, ctx: TaskContext): TaskState {
  const warning = warningLevel(
    // A completion report awaiting the leader's review is judged by when the unit reported it:
    // the unit is not shown overdue while the leader has not yet looked (returned → judged again).
    {
      dueDate: s.deadline.dueDate,
      now,
      finishedAt: s.finishedAt ?? (s.status === 'reported' ? s.completion?.at : undefined),
      cancelled: s.status === 'cancelled'
    },
    ctx.cal,
    ctx.rules
  )
  return { ...s, warning }
}

export interface OrderedEvent {
  event: TaskEvent
  /** Server receipt; absent for an event made locally and not yet notarised. */
  at?: number
}

/**
 * State = reduce(events). Events carry server times; a pending local event is
 * applied at `now` so the user sees the effect of what they did offline.
 * Events the policy refuses are reported, not applied.
 */
export function reduceTask(
  meta: TaskMeta,
  events: OrderedEvent[],
  actorOf: (userId: string) => Actor | undefined,
  now: number,
  ctx: TaskContext
): { state: TaskState | null; refused: { eventId: string; error: DomainError }[]; noops: string[] } {
  let state: TaskState | null = null
  const refused: { eventId: string; error: DomainError }[] = []
  const noops: string[] = []
  for (const { event, at } of events) {
    const t = at ?? now
    const actor = actorOf(event.actorId)
    if (!actor) {
      refused.push({ eventId: event.id, error: { code: 'UNKNOWN_ACTOR', message: '操作人不在通讯录中' } })
      continue
    }
    const c = checkEvent(meta, state, actor, event, t, ctx)
    if (!c.ok) refused.push({ eventId: event.id, error: c.error })
    else if (c.noop) noops.push(event.id)
    else state = applyEvent(meta, state, event, t, ctx)
  }
  return { state: state ? withWarning(state, now, ctx) : null, refused, noops }
}

const ACTIONS: TaskEventType[] = [
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
]

/** Buttons to show: the actions whose preconditions hold, ignoring free-text fields. */
export function availableActions(meta: TaskMeta, state: TaskState | null, actor: Actor, now: number, ctx: TaskContext): TaskEventType[] {
  if (!state) return []
  const pending = state.extensions.find((x) => !x.decision && !x.lapsed)
  const base = state.deadline.dueDate > shanghaiDate(now) ? state.deadline.dueDate : shanghaiDate(now)
  const far = addDays(base, 1)
  return ACTIONS.filter((type) => {
    const payload: TaskEvent['payload'] = { text: 'x', reason: 'x', proposedDate: far, requestId: pending?.requestId, granted: true }
    const c = checkEvent(meta, state, actor, { id: 'probe', type, actorId: actor.userId, unitId: actor.unitId, clientAt: now, payload }, now, ctx)
    return c.ok && !c.noop
  })
}

export function summarize(meta: TaskMeta, state: TaskState): import('./types').RecordSummary {
  return {
    id: meta.id,
    kind: 'task',
    title: titleOf(meta, state),
    taskClass: meta.taskClass,
    status: state.status,
    leadUnitId: meta.leadUnitId,
    assistUnitIds: meta.assistUnitIds,
    assignedBy: meta.assignedBy,
    assignedByUnitId: meta.assignedByUnitId,
    createdAt: state.createdAt,
    dueDate: state.deadline.dueDate,
    dueAt: state.deadline.dueAt,
    provisional: state.deadline.provisional,
    warning: state.warning,
    signedUnitIds: Object.keys(state.signed),
    extensions: state.extensions.filter((x) => x.decision?.granted).length,
    updatedAt: state.lastEventAt,
    finishedAt: state.finishedAt,
    reportedAt: state.status === 'reported' ? state.completion?.at : undefined,
    pendingExtension: state.extensions.some((x) => !x.decision && !x.lapsed),
    ...(state.number ? { number: state.number } : {}),
    ...(meta.recordedBy ? { recordedBy: meta.recordedBy } : {})
  }
}

/** The title that stands: the leader's correction of a 代录, else what was issued. */
export const titleOf = (meta: TaskMeta, state: TaskState | null): string => state?.corrected?.title ?? meta.title
/** The requirement that stands: the leader's correction of a 代录, else what was issued. */
export const requirementOf = (meta: TaskMeta, state: TaskState | null): string => state?.corrected?.requirement ?? meta.requirement
