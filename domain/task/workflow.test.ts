/**
 * The 交办件 life cycle (domain.md, "Leader-assigned tasks"): every transition allowed
 * and refused per role and state, the limits on 催办 and 延期, the completion / extension race,
 * and the buttons each person sees. All times are explicit server times (Asia/Shanghai wall
 * clock in the test names); nothing here reads the machine clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { endOfShanghaiDay } from '../calendar'
import {
  ASSIGNED_AT,
  ASSIST_UNIT,
  EXT_ID,
  LEAD_UNIT,
  ORIGINAL_DUE,
  type Story,
  UNRELATED_UNIT,
  actorOf,
  assigned,
  cancelled,
  closed,
  ctx,
  event,
  extensionPending,
  inProgress,
  makeCtx,
  meta,
  people,
  reported,
  sh,
  validPayload,
  type RoleName
} from './fixtures'
import { appendEvent, orderedEvents, receiptsMap, writeNewTask } from './doc'
import type { TaskEvent, TaskEventType, TaskMeta, TaskState, TaskStatus } from './types'
import { applyEvent, availableActions, checkEvent, checkMeta, reduceTask, summarize, withWarning, type Check, type OrderedEvent } from './workflow'

/** 'ok' | 'noop' | the refusal code. */
const outcome = (c: Check): string => (c.ok ? (c.noop ? 'noop' : 'ok') : c.error.code)

const ACTIONS = [
  'sign',
  'progress',
  'chase',
  'extension_request',
  'extension_decision',
  'completion_report',
  'accept',
  'return',
  'cancel'
] as const satisfies readonly TaskEventType[]
type Action = (typeof ACTIONS)[number]

const ROLES: RoleName[] = ['assigner', 'otherLeader', 'leadClerk', 'leadHead', 'assistClerk', 'unrelatedClerk', 'supervisor', 'reviewer']

type StateName = 'assigned' | 'in_progress' | 'in_progress, extension pending' | 'reported' | 'closed' | 'cancelled'

const STATES: Record<StateName, { build: () => Story; now: number; status: TaskStatus }> = {
  assigned: { build: () => assigned(), now: sh('2026-09-21 10:30'), status: 'assigned' },
  in_progress: { build: () => inProgress(), now: sh('2026-09-22 10:00'), status: 'in_progress' },
  'in_progress, extension pending': { build: () => extensionPending(), now: sh('2026-10-12 10:00'), status: 'in_progress' },
  reported: { build: () => reported(), now: sh('2026-10-16 16:00'), status: 'reported' },
  closed: { build: () => closed(), now: sh('2026-10-19 11:00'), status: 'closed' },
  cancelled: { build: () => cancelled(), now: sh('2026-10-13 10:00'), status: 'cancelled' }
}

// Refusal codes, short so the table below reads as a table.
const NP = 'NOT_PARTICIPANT'
const NS = 'NOT_SIGNED'
const NA = 'NOT_ALLOWED'
const NL = 'NOT_LEAD'
const NAS = 'NOT_ASSIGNER'
const BS = 'BAD_STATE'
const EP = 'EXTENSION_PENDING'
const NSR = 'NO_SUCH_REQUEST'
const RL = 'REQUEST_LAPSED'
const TF = 'TASK_FINISHED'
const RO = 'READ_ONLY'
const NOOP = 'noop'
/** Allowed; the task is then in this status. */
const to = (s: TaskStatus) => `→${s}` as const

type Cell = string
const allRefused = (code: string): Cell[] => ACTIONS.map(() => code)

/**
 * What each role gets for each action in each state (payloads valid, so only who and when decide).
 * Columns: sign, progress, chase, extension_request, extension_decision (of the fixture's request
 * ext-1), completion_report, accept, return, cancel.
 */
const MATRIX: Record<StateName, Record<RoleName, Cell[]> | ((role: RoleName) => Cell[])> = {
  assigned: {
    assigner: [NP, NP, to('assigned'), NL, NSR, NL, BS, BS, to('cancelled')],
    otherLeader: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    leadClerk: [to('in_progress'), NS, NA, BS, NAS, BS, NAS, NAS, NAS],
    leadClerk2: [to('in_progress'), NS, NA, BS, NAS, BS, NAS, NAS, NAS],
    leadHead: [to('in_progress'), NS, NA, BS, NAS, BS, NAS, NAS, NAS],
    assistClerk: [to('assigned'), NS, NA, NL, NAS, NL, NAS, NAS, NAS],
    unrelatedClerk: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    supervisor: [NP, NP, to('assigned'), NL, NAS, NL, NAS, NAS, NAS],
    reviewer: allRefused(RO)
  },
  in_progress: {
    assigner: [NP, NP, to('in_progress'), NL, NSR, NL, BS, BS, to('cancelled')],
    otherLeader: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    leadClerk: [NOOP, to('in_progress'), NA, to('in_progress'), NAS, to('reported'), NAS, NAS, NAS],
    leadClerk2: [NOOP, to('in_progress'), NA, to('in_progress'), NAS, to('reported'), NAS, NAS, NAS],
    leadHead: [NOOP, to('in_progress'), NA, to('in_progress'), NAS, to('reported'), NAS, NAS, NAS],
    assistClerk: [NOOP, to('in_progress'), NA, NL, NAS, NL, NAS, NAS, NAS],
    unrelatedClerk: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    supervisor: [NP, NP, to('in_progress'), NL, NAS, NL, NAS, NAS, NAS],
    reviewer: allRefused(RO)
  },
  'in_progress, extension pending': {
    assigner: [NP, NP, to('in_progress'), NL, to('in_progress'), NL, BS, BS, to('cancelled')],
    otherLeader: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    leadClerk: [NOOP, to('in_progress'), NA, EP, NAS, to('reported'), NAS, NAS, NAS],
    leadClerk2: [NOOP, to('in_progress'), NA, EP, NAS, to('reported'), NAS, NAS, NAS],
    leadHead: [NOOP, to('in_progress'), NA, EP, NAS, to('reported'), NAS, NAS, NAS],
    assistClerk: [NOOP, to('in_progress'), NA, NL, NAS, NL, NAS, NAS, NAS],
    unrelatedClerk: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    supervisor: [NP, NP, to('in_progress'), NL, NAS, NL, NAS, NAS, NAS],
    reviewer: allRefused(RO)
  },
  reported: {
    // ext-1 was pending when the completion report came in: it has lapsed.
    assigner: [NP, NP, BS, NL, RL, NL, to('closed'), to('in_progress'), to('cancelled')],
    otherLeader: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    leadClerk: [NOOP, to('reported'), NA, BS, NAS, BS, NAS, NAS, NAS],
    leadClerk2: [NOOP, to('reported'), NA, BS, NAS, BS, NAS, NAS, NAS],
    leadHead: [NOOP, to('reported'), NA, BS, NAS, BS, NAS, NAS, NAS],
    assistClerk: [NOOP, to('reported'), NA, NL, NAS, NL, NAS, NAS, NAS],
    unrelatedClerk: [NP, NP, NA, NL, NAS, NL, NAS, NAS, NAS],
    supervisor: [NP, NP, BS, NL, NAS, NL, NAS, NAS, NAS],
    reviewer: allRefused(RO)
  },
  closed: (role) => allRefused(role === 'reviewer' ? RO : TF),
  cancelled: (role) => allRefused(role === 'reviewer' ? RO : TF)
}

const expected = (state: StateName, role: RoleName, action: Action): Cell => {
  const row = MATRIX[state]
  return (typeof row === 'function' ? row(role) : row[role])[ACTIONS.indexOf(action)]
}

const MATRIX_ROLES: RoleName[] = [...ROLES, 'leadClerk2']
const matrixCases = (Object.keys(STATES) as StateName[]).flatMap((state) =>
  MATRIX_ROLES.flatMap((role) => ACTIONS.map((action) => ({ state, role, action, want: expected(state, role, action) })))
)

describe('checkEvent: every action × role × state', () => {
  it.each(matrixCases)('$state: $role $action → $want', ({ state, role, action, want }) => {
    const { build, now, status } = STATES[state]
    const st = build()
    expect(st.s.status).toBe(status)
    const by = people[role]
    const ev = event(by, action, validPayload(action))
    const c = checkEvent(meta, st.s, by, ev, now, ctx)
    if (want.startsWith('→')) {
      expect(outcome(c)).toBe('ok')
      const next = applyEvent(meta, st.s, ev, now, ctx)
      expect(next.status).toBe(want.slice(1))
      expect(next.lastEventAt).toBe(now)
    } else {
      expect(outcome(c)).toBe(want)
    }
  })

  it('every refusal carries a Chinese message for the user', () => {
    for (const { state, role, action, want } of matrixCases) {
      if (want.startsWith('→') || want === NOOP) continue
      const by = people[role]
      const c = checkEvent(meta, STATES[state].build().s, by, event(by, action, validPayload(action)), STATES[state].now, ctx)
      expect(c.ok).toBe(false)
      if (!c.ok) expect(c.error.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

describe('交办 (assign)', () => {
  const assignCases: { role: RoleName; want: string }[] = [
    { role: 'assigner', want: 'ok' },
    // A leader, but the meta names 县长 as the one assigning: nobody assigns in another's name.
    { role: 'otherLeader', want: 'FORGED_ACTOR' },
    { role: 'leadClerk', want: 'NOT_LEADER' },
    { role: 'leadHead', want: 'NOT_LEADER' },
    { role: 'assistClerk', want: 'NOT_LEADER' },
    { role: 'unrelatedClerk', want: 'NOT_LEADER' },
    { role: 'supervisor', want: 'NOT_LEADER' },
    { role: 'reviewer', want: 'NOT_LEADER' }
  ]
  it.each(assignCases)('a new task assigned by $role → $want', ({ role, want }) => {
    const by = people[role]
    expect(outcome(checkEvent(meta, null, by, event(by, 'assign'), ASSIGNED_AT, ctx))).toBe(want)
  })

  it.each(ROLES.map((role) => ({ role })))('assigning twice ($role) → ALREADY_ASSIGNED', ({ role }) => {
    const by = people[role]
    const st = assigned()
    expect(outcome(checkEvent(meta, st.s, by, event(by, 'assign'), sh('2026-09-21 10:05'), ctx))).toBe('ALREADY_ASSIGNED')
  })

  it.each(ACTIONS.map((action) => ({ action })))('$action before the task exists → NOT_ASSIGNED', ({ action }) => {
    expect(outcome(checkEvent(meta, null, people.leadClerk, event(people.leadClerk, action, validPayload(action)), ASSIGNED_AT, ctx))).toBe('NOT_ASSIGNED')
  })

  it('a leader may assign in their own name', () => {
    const own: TaskMeta = { ...meta, assignedBy: people.otherLeader.userId, assignedByUnitId: people.otherLeader.unitId }
    expect(outcome(checkEvent(own, null, people.otherLeader, event(people.otherLeader, 'assign'), ASSIGNED_AT, ctx))).toBe('ok')
  })

  it('the deadline is computed from the server time of the assignment: 2026-09-21 10:00 → 2026-10-19', () => {
    const s = applyEvent(meta, null, event(people.assigner, 'assign', undefined, 'a', sh('2026-09-01 08:00')), ASSIGNED_AT, ctx)
    expect(s).toMatchObject({
      status: 'assigned',
      createdAt: ASSIGNED_AT,
      deadline: { dueDate: ORIGINAL_DUE, dueAt: endOfShanghaiDay(ORIGINAL_DUE), provisional: false },
      originalDeadline: { dueDate: ORIGINAL_DUE },
      signed: {},
      extensions: [],
      chases: [],
      returns: 0,
      lastEventAt: ASSIGNED_AT,
      warning: { level: 'normal', remainingWorkingDays: 15 }
    })
  })

  it('an urgent item assigned on the make-up Sunday 2026-09-20 is due that same day', () => {
    const urgent: TaskMeta = { ...meta, taskClass: 'urgent' }
    const s = applyEvent(urgent, null, event(people.assigner, 'assign'), sh('2026-09-20 09:00'), ctx)
    expect(s.deadline.dueDate).toBe('2026-09-20')
  })

  const metaCases: { name: string; m: Partial<TaskMeta>; want: string }[] = [
    { name: 'assignedByUnitId not the leader’s unit', m: { assignedByUnitId: 'qingquan' }, want: 'FORGED_ACTOR' },
    { name: 'empty title', m: { title: '   ' }, want: 'BAD_TITLE' },
    { name: 'title of 201 characters', m: { title: '字'.repeat(201) }, want: 'BAD_TITLE' },
    { name: 'requirement of 5001 characters', m: { requirement: '字'.repeat(5001) }, want: 'BAD_REQUIREMENT' },
    { name: 'unknown class', m: { taskClass: 'secret' as TaskMeta['taskClass'] }, want: 'BAD_CLASS' },
    { name: 'agency item without a type', m: { taskClass: 'agency' }, want: 'UNKNOWN_AGENCY_TYPE' },
    { name: 'agency item of an unknown type', m: { taskClass: 'agency', agencyType: 'nope' }, want: 'UNKNOWN_AGENCY_TYPE' },
    { name: 'agency item of a known type', m: { taskClass: 'agency', agencyType: 'petition' }, want: 'ok' },
    { name: 'lead unit is 纪委监委', m: { leadUnitId: 'jiwei' }, want: 'BAD_UNIT' },
    { name: 'lead unit is 县领导', m: { leadUnitId: 'xianlingdao' }, want: 'BAD_UNIT' },
    { name: 'assisting unit equals the lead unit', m: { assistUnitIds: [LEAD_UNIT] }, want: 'BAD_UNIT' },
    { name: 'assisting unit twice', m: { assistUnitIds: [ASSIST_UNIT, ASSIST_UNIT] }, want: 'BAD_UNIT' },
    { name: 'unknown assisting unit', m: { assistUnitIds: ['nowhere'] }, want: 'BAD_UNIT' },
    { name: 'no assisting unit', m: { assistUnitIds: [] }, want: 'ok' }
  ]
  it.each(metaCases)('checkMeta: $name → $want', ({ m, want }) => {
    expect(outcome(checkMeta({ ...meta, ...m }, people.assigner, ctx))).toBe(want)
  })

  it('checkMeta: too many assisting units → BAD_UNIT', () => {
    const small = makeCtx({ maxAssistUnits: 1 })
    expect(outcome(checkMeta({ ...meta, assistUnitIds: [ASSIST_UNIT, UNRELATED_UNIT] }, people.assigner, small))).toBe('BAD_UNIT')
  })
})

describe('FORGED_ACTOR: the event must name the authenticated user and unit', () => {
  const cases = (Object.keys(STATES) as StateName[]).flatMap((state) =>
    (['assign', ...ACTIONS] as TaskEventType[]).flatMap((action) => [
      { state, action, forge: 'actorId' as const },
      { state, action, forge: 'unitId' as const }
    ])
  )
  it.each(cases)('$state: $action with a forged $forge', ({ state, action, forge }) => {
    const { build, now } = STATES[state]
    const real = people.leadClerk
    const ev: TaskEvent =
      forge === 'actorId' ? event(people.assigner, action, validPayload(action)) : { ...event(real, action, validPayload(action)), unitId: ASSIST_UNIT }
    // The authenticated actor is the lead clerk; the event claims to be the leader (or another unit).
    expect(outcome(checkEvent(meta, build().s, real, ev, now, ctx))).toBe('FORGED_ACTOR')
  })

  it('a reviewer forging an event is refused as forged before anything else', () => {
    const st = inProgress()
    const ev = event(people.assigner, 'cancel', validPayload('cancel'))
    expect(outcome(checkEvent(meta, st.s, people.reviewer, ev, sh('2026-09-23 09:00'), ctx))).toBe('FORGED_ACTOR')
  })

  it('a new task claiming another leader as assigner → FORGED_ACTOR', () => {
    const ev = event(people.otherLeader, 'assign')
    expect(outcome(checkEvent(meta, null, people.otherLeader, ev, ASSIGNED_AT, ctx))).toBe('FORGED_ACTOR')
  })
})

describe('签收 (sign)', () => {
  it('the lead unit’s signature moves the task to in_progress; an assisting unit’s does not', () => {
    const st = assigned()
    st.act(people.assistClerk, 'sign', undefined, sh('2026-09-21 10:20'))
    expect(st.s.status).toBe('assigned')
    expect(st.s.signed).toEqual({ [ASSIST_UNIT]: { by: people.assistClerk.userId, at: sh('2026-09-21 10:20') } })
    st.act(people.leadHead, 'sign', undefined, sh('2026-09-21 10:30'))
    expect(st.s.status).toBe('in_progress')
    expect(st.s.signed[LEAD_UNIT]).toEqual({ by: people.leadHead.userId, at: sh('2026-09-21 10:30') })
  })

  it('two clerks of the same unit signing at once: the second is a harmless no-op', () => {
    const st = assigned()
    const t = sh('2026-09-21 10:20')
    st.act(people.leadClerk, 'sign', undefined, t)
    const before = structuredClone(st.s)
    const second = checkEvent(meta, st.s, people.leadClerk2, event(people.leadClerk2, 'sign'), t, ctx)
    expect(second).toEqual({ ok: true, noop: true })
    // The server records it and changes nothing; the first signature stands.
    st.act(people.leadClerk2, 'sign', undefined, t)
    expect(st.s).toEqual(before)
    expect(st.s.signed[LEAD_UNIT].by).toBe(people.leadClerk.userId)
  })

  it('a duplicate sign, even if applied, changes neither the signer nor the time', () => {
    const st = inProgress()
    const next = applyEvent(meta, st.s, event(people.leadClerk2, 'sign'), sh('2026-09-23 09:00'), ctx)
    expect(next.signed).toEqual(st.s.signed)
    expect(next.status).toBe('in_progress')
  })

  it('an assisting unit may sign late, after completion has been reported', () => {
    const st = assigned()
    st.act(people.leadClerk, 'sign', undefined, sh('2026-09-21 11:00'))
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-09-25 11:00'))
    expect(outcome(st.check(people.assistClerk, 'sign', undefined, sh('2026-09-28 09:00')))).toBe('ok')
    st.act(people.assistClerk, 'sign', undefined, sh('2026-09-28 09:00'))
    expect(st.s.status).toBe('reported')
  })
})

describe('反馈 (progress)', () => {
  it('each unit reports its own part once it has signed — even before the lead unit signs', () => {
    const st = assigned()
    expect(outcome(st.check(people.assistClerk, 'progress', validPayload('progress'), sh('2026-09-21 10:10')))).toBe(NS)
    st.act(people.assistClerk, 'sign', undefined, sh('2026-09-21 10:20'))
    expect(outcome(st.check(people.assistClerk, 'progress', validPayload('progress'), sh('2026-09-21 10:30')))).toBe('ok')
    expect(outcome(st.check(people.leadClerk, 'progress', validPayload('progress'), sh('2026-09-21 10:30')))).toBe(NS)
  })

  it('an assisting unit that has not signed cannot report progress while the task is in progress', () => {
    const st = assigned()
    st.act(people.leadClerk, 'sign', undefined, sh('2026-09-21 11:00'))
    expect(outcome(st.check(people.assistClerk, 'progress', validPayload('progress'), sh('2026-09-22 09:00')))).toBe(NS)
  })

  it.each([
    { name: 'missing', payload: {} },
    { name: 'empty', payload: { text: '' } },
    { name: 'only spaces', payload: { text: '   ' } },
    { name: '5001 characters', payload: { text: '字'.repeat(5001) } }
  ])('text $name → BAD_TEXT', ({ payload }) => {
    expect(outcome(inProgress().check(people.leadClerk, 'progress', payload, sh('2026-09-23 09:00')))).toBe('BAD_TEXT')
  })

  it('5000 characters are accepted; progress changes no status', () => {
    const st = inProgress()
    st.act(people.leadClerk, 'progress', { text: '字'.repeat(5000) }, sh('2026-09-23 09:00'))
    expect(st.s.status).toBe('in_progress')
    expect(st.s.lastEventAt).toBe(sh('2026-09-23 09:00'))
  })
})

describe('催办 (chase): limited per task and chased unit', () => {
  it('records who chased, when (server time) and which unit; the lead unit by default', () => {
    const st = inProgress()
    st.act(people.assigner, 'chase', { text: '请加快办理。' }, sh('2026-09-23 09:00'))
    st.act(people.supervisor, 'chase', { targetUnitId: ASSIST_UNIT }, sh('2026-09-23 09:01'))
    expect(st.s.chases).toEqual([
      { by: people.assigner.userId, at: sh('2026-09-23 09:00'), targetUnitId: LEAD_UNIT },
      { by: people.supervisor.userId, at: sh('2026-09-23 09:01'), targetUnitId: ASSIST_UNIT }
    ])
  })

  it('the assigning leader and 督查室 can chase a unit that has not signed yet', () => {
    const st = assigned()
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-22 09:00')))).toBe('ok')
    expect(outcome(st.check(people.supervisor, 'chase', { targetUnitId: ASSIST_UNIT }, sh('2026-09-22 09:00')))).toBe('ok')
  })

  it('at most once per 10 minutes per unit, whoever chases', () => {
    const st = inProgress()
    const t0 = sh('2026-09-23 09:00')
    st.act(people.assigner, 'chase', undefined, t0)
    expect(outcome(st.check(people.supervisor, 'chase', undefined, sh('2026-09-23 09:05')))).toBe('CHASE_TOO_SOON')
    expect(outcome(st.check(people.assigner, 'chase', undefined, t0 + 10 * 60_000 - 1))).toBe('CHASE_TOO_SOON')
    expect(outcome(st.check(people.supervisor, 'chase', undefined, t0 + 10 * 60_000))).toBe('ok')
    // Another unit of the same task has its own counter.
    expect(outcome(st.check(people.supervisor, 'chase', { targetUnitId: ASSIST_UNIT }, sh('2026-09-23 09:01')))).toBe('ok')
  })

  it('CHASE_TOO_SOON tells the user how long to wait', () => {
    const st = inProgress()
    st.act(people.assigner, 'chase', undefined, sh('2026-09-23 09:00'))
    const c = st.check(people.assigner, 'chase', undefined, sh('2026-09-23 09:01'))
    expect(c.ok === false && c.error.message).toContain('10分钟')
  })

  it('three per Shanghai day per unit; the next day allowed again', () => {
    const st = inProgress()
    st.act(people.assigner, 'chase', undefined, sh('2026-09-23 09:00'))
    st.act(people.supervisor, 'chase', undefined, sh('2026-09-23 09:10'))
    st.act(people.assigner, 'chase', undefined, sh('2026-09-23 14:00'))
    expect(outcome(st.check(people.supervisor, 'chase', undefined, sh('2026-09-23 14:30')))).toBe('CHASE_LIMIT')
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-23 23:59:59')))).toBe('CHASE_LIMIT')
    // The assisting unit is still open to chasing the same day.
    expect(outcome(st.check(people.assigner, 'chase', { targetUnitId: ASSIST_UNIT }, sh('2026-09-23 15:00')))).toBe('ok')
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-24 00:00')))).toBe('ok')
    st.act(people.assigner, 'chase', undefined, sh('2026-09-24 08:30'))
    expect(st.s.chases).toHaveLength(4)
  })

  it('CHASE_LIMIT names the daily limit', () => {
    const st = inProgress()
    for (const t of ['09:00', '09:10', '09:20']) st.act(people.assigner, 'chase', undefined, sh(`2026-09-23 ${t}`))
    const c = st.check(people.assigner, 'chase', undefined, sh('2026-09-23 10:00'))
    expect(c.ok === false && c.error.message).toContain('3次')
  })

  it('the day is the Shanghai calendar day, not the UTC one', () => {
    // 00:30–00:50 +08:00 on 09-24 is still 09-23 in UTC; 09:00 +08:00 is 09-24 in both.
    const st = inProgress()
    for (const t of ['00:30', '00:40', '00:50']) st.act(people.assigner, 'chase', undefined, sh(`2026-09-24 ${t}`))
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-24 09:00')))).toBe('CHASE_LIMIT')

    // 22:00–22:20 +08:00 on 09-23 and 00:05 +08:00 on 09-24 are all 09-23 in UTC.
    const st2 = inProgress()
    for (const t of ['22:00', '22:10', '22:20']) st2.act(people.assigner, 'chase', undefined, sh(`2026-09-23 ${t}`))
    expect(outcome(st2.check(people.assigner, 'chase', undefined, sh('2026-09-24 00:05')))).toBe('ok')
  })

  it('the limits are the county’s rules', () => {
    const strict = makeCtx({ chasePerDay: 1, chaseMinIntervalMs: 60 * 60_000 })
    const st = inProgress(strict)
    st.act(people.assigner, 'chase', undefined, sh('2026-09-23 09:00'))
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-23 09:30')))).toBe('CHASE_TOO_SOON')
    expect(outcome(st.check(people.assigner, 'chase', undefined, sh('2026-09-23 10:00')))).toBe('CHASE_LIMIT')
  })

  it('a unit not on the task cannot be chased (BAD_UNIT)', () => {
    expect(outcome(inProgress().check(people.supervisor, 'chase', { targetUnitId: UNRELATED_UNIT }, sh('2026-09-23 09:00')))).toBe('BAD_UNIT')
  })

  it('chase text is optional but limited (BAD_TEXT)', () => {
    const st = inProgress()
    expect(outcome(st.check(people.assigner, 'chase', {}, sh('2026-09-23 09:00')))).toBe('ok')
    expect(outcome(st.check(people.assigner, 'chase', { text: '字'.repeat(5001) }, sh('2026-09-23 09:00')))).toBe('BAD_TEXT')
  })

  it('no chasing while the report awaits the leader (BAD_STATE), nor after (TASK_FINISHED)', () => {
    expect(outcome(reported().check(people.supervisor, 'chase', undefined, sh('2026-10-17 09:00')))).toBe(BS)
    expect(outcome(closed().check(people.supervisor, 'chase', undefined, sh('2026-10-20 09:00')))).toBe(TF)
    expect(outcome(cancelled().check(people.assigner, 'chase', undefined, sh('2026-10-14 09:00')))).toBe(TF)
  })
})

describe('延期 (extension request and decision)', () => {
  const req = (proposedDate: string, reason = '巡查范围扩大。') => ({ reason, proposedDate })

  it('granted: a new deadline snapped to a working day; the original stays on record', () => {
    const st = inProgress()
    const r = st.act(people.leadClerk, 'extension_request', req('2026-10-24'), sh('2026-10-12 09:00')) // a Saturday
    expect(st.s.extensions).toEqual([
      { requestId: r.id, requestedBy: people.leadClerk.userId, requestedAt: sh('2026-10-12 09:00'), reason: '巡查范围扩大。', proposedDate: '2026-10-24' }
    ])
    expect(st.s.deadline.dueDate).toBe(ORIGINAL_DUE) // nothing changes until the leader decides

    st.act(people.assigner, 'extension_decision', { requestId: r.id, granted: true, text: '同意。' }, sh('2026-10-12 15:00'))
    expect(st.s.deadline).toEqual({ dueDate: '2026-10-26', dueAt: endOfShanghaiDay('2026-10-26'), provisional: false })
    expect(st.s.originalDeadline).toEqual({ dueDate: ORIGINAL_DUE, dueAt: endOfShanghaiDay(ORIGINAL_DUE), provisional: false })
    expect(st.s.extensions[0].decision).toEqual({
      granted: true,
      by: people.assigner.userId,
      at: sh('2026-10-12 15:00'),
      comment: '同意。',
      newDueDate: '2026-10-26'
    })
    expect(st.s.status).toBe('in_progress')
    expect(summarize(meta, st.s)).toMatchObject({ dueDate: '2026-10-26', extensions: 1 })
  })

  it('a proposed date on a working day is kept as is', () => {
    const st = inProgress()
    const r = st.act(people.leadClerk, 'extension_request', req('2026-11-02'), sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: r.id, granted: true }, sh('2026-10-12 15:00'))
    expect(st.s.deadline.dueDate).toBe('2026-11-02')
    expect(st.s.extensions[0].decision?.comment).toBe('')
  })

  it('refused: the deadline is unchanged and the refusal and comment are recorded', () => {
    const st = inProgress()
    const r = st.act(people.leadClerk, 'extension_request', req('2026-10-30'), sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: r.id, granted: false, text: '时间充足，请按期办结。' }, sh('2026-10-12 15:00'))
    expect(st.s.deadline).toEqual(st.s.originalDeadline)
    expect(st.s.extensions[0].decision).toEqual({ granted: false, by: people.assigner.userId, at: sh('2026-10-12 15:00'), comment: '时间充足，请按期办结。' })
    expect(summarize(meta, st.s).extensions).toBe(0)
  })

  it('limited to maxExtensions (2) granted extensions, counted; refusals do not count', () => {
    const st = inProgress()
    const a = st.act(people.leadClerk, 'extension_request', req('2026-10-24'), sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: a.id, granted: true }, sh('2026-10-12 15:00'))
    const b = st.act(people.leadHead, 'extension_request', req('2026-10-30'), sh('2026-10-20 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: b.id, granted: false }, sh('2026-10-20 15:00'))
    const c = st.act(people.leadClerk, 'extension_request', req('2026-11-06'), sh('2026-10-21 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: c.id, granted: true }, sh('2026-10-21 15:00'))
    expect(st.s.deadline.dueDate).toBe('2026-11-06')
    expect(st.s.originalDeadline.dueDate).toBe(ORIGINAL_DUE)
    expect(st.s.extensions.map((x) => x.decision?.granted)).toEqual([true, false, true])
    expect(summarize(meta, st.s).extensions).toBe(2)
    const third = st.check(people.leadClerk, 'extension_request', req('2026-11-20'), sh('2026-10-22 09:00'))
    expect(outcome(third)).toBe('EXTENSION_LIMIT')
    expect(third.ok === false && third.error.message).toContain('2次')
  })

  it('the limit is the county’s rule', () => {
    const st = inProgress(makeCtx({ maxExtensions: 1 }))
    const a = st.act(people.leadClerk, 'extension_request', req('2026-10-24'), sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: a.id, granted: true }, sh('2026-10-12 15:00'))
    expect(outcome(st.check(people.leadClerk, 'extension_request', req('2026-11-06'), sh('2026-10-13 09:00')))).toBe('EXTENSION_LIMIT')
  })

  it('one request at a time (EXTENSION_PENDING)', () => {
    expect(outcome(extensionPending().check(people.leadHead, 'extension_request', req('2026-11-06'), sh('2026-10-12 10:00')))).toBe(EP)
  })

  it.each([
    { name: 'the current due date itself', payload: req(ORIGINAL_DUE) },
    { name: 'an earlier date', payload: req('2026-10-16') },
    { name: 'no date', payload: { reason: '巡查范围扩大。' } },
    { name: 'a date in another format', payload: req('2026/10/30') },
    { name: 'a date with a time', payload: req('2026-10-30T00:00') }
  ])('proposed date: $name → BAD_DATE', ({ payload }) => {
    expect(outcome(inProgress().check(people.leadClerk, 'extension_request', payload, sh('2026-10-12 09:00')))).toBe('BAD_DATE')
  })

  it('after a grant, a new request must go beyond the new deadline', () => {
    const st = inProgress()
    const a = st.act(people.leadClerk, 'extension_request', req('2026-10-24'), sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: a.id, granted: true }, sh('2026-10-12 15:00'))
    expect(outcome(st.check(people.leadClerk, 'extension_request', req('2026-10-25'), sh('2026-10-13 09:00')))).toBe('BAD_DATE')
    expect(outcome(st.check(people.leadClerk, 'extension_request', req('2026-10-26'), sh('2026-10-13 09:00')))).toBe('BAD_DATE')
    expect(outcome(st.check(people.leadClerk, 'extension_request', req('2026-10-27'), sh('2026-10-13 09:00')))).toBe('ok')
  })

  // Pins a bug found here: a bare /^\d{4}-\d{2}-\d{2}$/ check accepted days that do not exist or
  // lie beyond the calendar's data, and the leader's grant then threw inside applyEvent.
  it.each([
    { name: 'a day that does not exist (11-31)', proposedDate: '2026-11-31' },
    { name: 'month 13', proposedDate: '2026-13-01' },
    { name: 'a year the work calendar cannot count (2101)', proposedDate: '2101-01-04' },
    { name: 'more than a year ahead', proposedDate: '2027-11-01' },
    { name: 'after the deadline but already past (overdue task)', proposedDate: '2026-10-11' }
  ])('proposed date: $name → BAD_DATE', ({ proposedDate }) => {
    expect(outcome(inProgress().check(people.leadClerk, 'extension_request', req(proposedDate), sh('2026-10-12 09:00')))).toBe('BAD_DATE')
  })

  it.each([
    { name: 'missing', payload: { proposedDate: '2026-10-30' } },
    { name: 'blank', payload: req('2026-10-30', '  ') },
    { name: '5001 characters', payload: req('2026-10-30', '字'.repeat(5001)) }
  ])('reason $name → BAD_REASON', ({ payload }) => {
    expect(outcome(inProgress().check(people.leadClerk, 'extension_request', payload, sh('2026-10-12 09:00')))).toBe('BAD_REASON')
  })

  it('deciding twice → ALREADY_DECIDED', () => {
    const st = extensionPending()
    st.act(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: false }, sh('2026-10-12 15:00'))
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, sh('2026-10-12 15:01')))).toBe('ALREADY_DECIDED')
  })

  it('an unknown request → NO_SUCH_REQUEST; no answer → BAD_DECISION; an over-long comment → BAD_TEXT', () => {
    const st = extensionPending()
    const t = sh('2026-10-12 15:00')
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: 'ext-9', granted: true }, t))).toBe(NSR)
    expect(outcome(st.check(people.assigner, 'extension_decision', { granted: true }, t))).toBe(NSR)
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: EXT_ID }, t))).toBe('BAD_DECISION')
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: 'yes' as unknown as boolean }, t))).toBe('BAD_DECISION')
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true, text: '字'.repeat(5001) }, t))).toBe('BAD_TEXT')
  })

  it('only the lead unit asks (NOT_LEAD), only the assigning leader decides (NOT_ASSIGNER)', () => {
    const st = extensionPending()
    const t = sh('2026-10-12 15:00')
    expect(outcome(st.check(people.assistClerk, 'extension_request', req('2026-11-06'), t))).toBe(NL)
    expect(outcome(st.check(people.otherLeader, 'extension_decision', { requestId: EXT_ID, granted: true }, t))).toBe(NAS)
    expect(outcome(st.check(people.supervisor, 'extension_decision', { requestId: EXT_ID, granted: true }, t))).toBe(NAS)
  })
})

describe('the race: the leader grants while the unit reports completion (settled in server order)', () => {
  it('completion first: the request lapses and the later grant is refused REQUEST_LAPSED', () => {
    const st = extensionPending()
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-10-16 15:00:00'))
    expect(st.s.extensions[0]).toMatchObject({ requestId: EXT_ID, lapsed: true })
    expect(st.s.extensions[0].decision).toBeUndefined()
    const c = st.check(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, sh('2026-10-16 15:00:01'))
    expect(c).toEqual({ ok: false, error: { code: RL, message: '主办单位已报送办结，该延期申请已失效' } })
    expect(st.s.deadline.dueDate).toBe(ORIGINAL_DUE)
  })

  it('grant first: the deadline moves and the completion report still goes through', () => {
    const st = extensionPending()
    st.act(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, sh('2026-10-16 15:00:00'))
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-10-16 15:00:01'))
    expect(st.s.status).toBe('reported')
    expect(st.s.deadline.dueDate).toBe('2026-10-30')
    expect(st.s.extensions[0].lapsed).toBeUndefined()
    expect(st.s.extensions[0].decision?.granted).toBe(true)
  })

  it('a lapsed request stays lapsed after a return, and does not block a new request', () => {
    const st = reported()
    st.act(people.assigner, 'return', validPayload('return'), sh('2026-10-17 09:00'))
    expect(outcome(st.check(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, sh('2026-10-17 09:05')))).toBe(RL)
    expect(outcome(st.check(people.leadClerk, 'extension_request', req2('2026-10-30'), sh('2026-10-17 10:00')))).toBe('ok')
  })

  function req2(proposedDate: string) {
    return { reason: '退回后需补充材料。', proposedDate }
  }

  it('two clients appending at once in one Y.Doc: the receipt order decides, whatever the array order', () => {
    for (const completionFirst of [true, false]) {
      const server = new Y.Doc()
      const base: TaskEvent[] = [
        event(people.assigner, 'assign', undefined, 'e-assign'),
        event(people.leadClerk, 'sign', undefined, 'e-sign'),
        event(people.leadClerk, 'extension_request', { reason: '巡查范围扩大。', proposedDate: '2026-10-30' }, EXT_ID)
      ]
      const baseTimes = [ASSIGNED_AT, sh('2026-09-21 11:00'), sh('2026-10-12 09:00')]
      writeNewTask(server, meta, base[0])
      appendEvent(server, base[1])
      appendEvent(server, base[2])
      base.forEach((e, i) => {
        receiptsMap(server).set(e.id, { seq: i + 1, at: baseTimes[i] })
      })

      const leaderDoc = new Y.Doc()
      const clerkDoc = new Y.Doc()
      Y.applyUpdate(leaderDoc, Y.encodeStateAsUpdate(server))
      Y.applyUpdate(clerkDoc, Y.encodeStateAsUpdate(server))
      const grant = event(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, 'e-grant')
      const report = event(people.leadClerk, 'completion_report', validPayload('completion_report'), 'e-report')
      appendEvent(leaderDoc, grant)
      appendEvent(clerkDoc, report)
      Y.applyUpdate(server, Y.encodeStateAsUpdate(leaderDoc))
      Y.applyUpdate(server, Y.encodeStateAsUpdate(clerkDoc))

      const t = sh('2026-10-16 15:00')
      receiptsMap(server).set(report.id, { seq: completionFirst ? 4 : 5, at: t })
      receiptsMap(server).set(grant.id, { seq: completionFirst ? 5 : 4, at: t })

      const r = reduceTask(meta, orderedEvents(server), actorOf, sh('2026-10-16 16:00'), ctx)
      expect(r.state?.status).toBe('reported')
      if (completionFirst) {
        expect(r.refused).toEqual([{ eventId: 'e-grant', error: { code: RL, message: '主办单位已报送办结，该延期申请已失效' } }])
        expect(r.state?.deadline.dueDate).toBe(ORIGINAL_DUE)
      } else {
        expect(r.refused).toEqual([])
        expect(r.state?.deadline.dueDate).toBe('2026-10-30')
      }
    }
  })

  it('the leader’s client, with the grant still pending locally, is told plainly that it lost', () => {
    const st = extensionPending()
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-10-16 15:00'))
    const pending: OrderedEvent = { event: event(people.assigner, 'extension_decision', { requestId: EXT_ID, granted: true }, 'local-grant') }
    const r = reduceTask(meta, [...st.events, pending], actorOf, sh('2026-10-16 15:00:02'), ctx)
    expect(r.refused).toEqual([{ eventId: 'local-grant', error: expect.objectContaining({ code: RL }) }])
  })
})

describe('办结报告, 审核办结 and 退回 (completion, accept, return)', () => {
  function reportAndAccept(reportAt: number, acceptAt: number, st = inProgress()): Story {
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), reportAt)
    st.act(people.assigner, 'accept', undefined, acceptAt)
    return st
  }

  it('completion report: text required (BAD_TEXT), recorded with the server time', () => {
    const st = inProgress()
    expect(outcome(st.check(people.leadClerk, 'completion_report', {}, sh('2026-10-16 15:00')))).toBe('BAD_TEXT')
    expect(outcome(st.check(people.leadClerk, 'completion_report', { text: ' ' }, sh('2026-10-16 15:00')))).toBe('BAD_TEXT')
    const ev = st.act(people.leadHead, 'completion_report', { text: '已办结。' }, sh('2026-10-16 15:00'))
    expect(st.s.completion).toEqual({ eventId: ev.id, by: people.leadHead.userId, at: sh('2026-10-16 15:00'), text: '已办结。' })
    expect(st.s.status).toBe('reported')
    expect(outcome(st.check(people.leadClerk, 'completion_report', { text: '再报一次。' }, sh('2026-10-16 15:10')))).toBe(BS)
  })

  it('accept: closed, finishedAt = server time of the completion report (not of the acceptance): on time', () => {
    const st = reportAndAccept(sh('2026-10-19 17:30'), sh('2026-10-21 09:00'))
    expect(st.s).toMatchObject({ status: 'closed', closedAt: sh('2026-10-21 09:00'), finishedAt: sh('2026-10-19 17:30'), warning: { level: 'done_on_time' } })
    expect(summarize(meta, st.s)).toMatchObject({ status: 'closed', finishedAt: sh('2026-10-19 17:30') })
    // And it stays on time whenever it is looked at.
    expect(reduceTask(meta, st.events, actorOf, sh('2027-03-01 09:00'), ctx).state?.warning).toEqual({ level: 'done_on_time' })
  })

  it('the last millisecond of the due day is on time; the next one is late by 1 working day', () => {
    const due = endOfShanghaiDay(ORIGINAL_DUE)
    expect(reportAndAccept(due, sh('2026-10-21 09:00')).s.warning).toEqual({ level: 'done_on_time' })
    expect(reportAndAccept(due + 1, sh('2026-10-21 09:00')).s.warning).toEqual({ level: 'done_late', lateWorkingDays: 1 })
  })

  it.each([
    { reportAt: '2026-10-21 10:00', late: 2 },
    { reportAt: '2026-10-24 10:00', late: 4 }, // a Saturday: Tue–Fri counted
    { reportAt: '2026-10-26 10:00', late: 5 }
  ])('reported $reportAt → done_late by $late working days', ({ reportAt, late }) => {
    const st = reportAndAccept(sh(reportAt), sh('2026-10-27 09:00'))
    expect(st.s.warning).toEqual({ level: 'done_late', lateWorkingDays: late })
    expect(st.s.finishedAt).toBe(sh(reportAt))
  })

  it('a granted extension is what on time is measured against', () => {
    const st = inProgress()
    const r = st.act(people.leadClerk, 'extension_request', { reason: '巡查范围扩大。', proposedDate: '2026-10-24' }, sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: r.id, granted: true }, sh('2026-10-12 15:00'))
    reportAndAccept(sh('2026-10-23 10:00'), sh('2026-10-27 09:00'), st)
    expect(st.s.warning).toEqual({ level: 'done_on_time' })
  })

  it('return: back in progress with the deadline unchanged; the next report decides finishedAt', () => {
    const st = inProgress()
    st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-10-16 15:00'))
    const deadline = st.s.deadline
    expect(outcome(st.check(people.assigner, 'return', {}, sh('2026-10-17 09:00')))).toBe('BAD_REASON')
    expect(outcome(st.check(people.assigner, 'return', { reason: '  ' }, sh('2026-10-17 09:00')))).toBe('BAD_REASON')
    st.act(people.assigner, 'return', validPayload('return'), sh('2026-10-17 09:00'))
    expect(st.s).toMatchObject({ status: 'in_progress', returns: 1, deadline })
    expect(st.s.originalDeadline).toEqual(deadline)
    expect(st.s.completion).toBeUndefined()
    expect(outcome(st.check(people.assigner, 'accept', undefined, sh('2026-10-17 09:05')))).toBe(BS)
    reportAndAccept(sh('2026-10-21 10:00'), sh('2026-10-22 09:00'), st)
    expect(st.s).toMatchObject({ status: 'closed', finishedAt: sh('2026-10-21 10:00'), returns: 1, warning: { level: 'done_late', lateWorkingDays: 2 } })
  })

  it('after a return the units keep working: progress, extension request, a new report', () => {
    const st = reported()
    st.act(people.assigner, 'return', validPayload('return'), sh('2026-10-17 09:00'))
    const t = sh('2026-10-19 09:00')
    expect(availableActions(meta, st.s, people.leadClerk, t, ctx)).toEqual(['progress', 'extension_request', 'completion_report'])
  })
})

describe('撤销 (cancel)', () => {
  it.each([
    { name: 'no reason', payload: undefined },
    { name: 'an empty reason', payload: { reason: '' } },
    { name: 'a blank reason', payload: { reason: '   ' } },
    { name: 'a text but no reason', payload: { text: '撤销' } },
    { name: 'a 5001-character reason', payload: { reason: '字'.repeat(5001) } }
  ])('requires a reason: $name → BAD_REASON', ({ payload }) => {
    expect(outcome(inProgress().check(people.assigner, 'cancel', payload, sh('2026-09-23 09:00')))).toBe('BAD_REASON')
  })

  it.each([
    { from: 'assigned', build: assigned },
    { from: 'in_progress', build: () => inProgress() },
    { from: 'reported', build: () => reported() }
  ])('from $from: cancelled with who, when and why; warning "cancelled"', ({ build }) => {
    const st = build()
    const t = sh('2026-10-17 09:00')
    st.act(people.assigner, 'cancel', { reason: '并入全县统一部署。' }, t)
    expect(st.s).toMatchObject({
      status: 'cancelled',
      cancelled: { by: people.assigner.userId, at: t, reason: '并入全县统一部署。' },
      warning: { level: 'cancelled' }
    })
    expect(st.s.finishedAt).toBeUndefined()
    // Past its deadline it is still not shown as overdue.
    expect(reduceTask(meta, st.events, actorOf, sh('2026-11-30 09:00'), ctx).state?.warning).toEqual({ level: 'cancelled' })
  })
})

describe('reduceTask', () => {
  it('replays the server’s events with their server times (client clocks are ignored)', () => {
    const events: OrderedEvent[] = [
      { event: event(people.assigner, 'assign', undefined, 'a', sh('2026-09-01 08:00')), at: ASSIGNED_AT },
      { event: event(people.leadClerk, 'sign', undefined, 's', sh('2026-09-01 09:00')), at: sh('2026-09-21 11:00') },
      { event: event(people.leadClerk, 'completion_report', validPayload('completion_report'), 'r', sh('2026-10-01 09:00')), at: sh('2026-10-21 10:00') },
      { event: event(people.assigner, 'accept', undefined, 'x', sh('2026-10-02 09:00')), at: sh('2026-10-22 09:00') }
    ]
    const r = reduceTask(meta, events, actorOf, sh('2026-10-22 10:00'), ctx)
    expect(r.refused).toEqual([])
    expect(r.state).toMatchObject({
      createdAt: ASSIGNED_AT,
      finishedAt: sh('2026-10-21 10:00'),
      closedAt: sh('2026-10-22 09:00'),
      warning: { level: 'done_late', lateWorkingDays: 2 }
    })
  })

  it('chase limits are measured on server times, not client times', () => {
    const events: OrderedEvent[] = [
      { event: event(people.assigner, 'assign', undefined, 'a'), at: ASSIGNED_AT },
      { event: event(people.assigner, 'chase', undefined, 'c1', sh('2026-09-22 08:00')), at: sh('2026-09-22 09:00') },
      { event: event(people.supervisor, 'chase', undefined, 'c2', sh('2026-09-22 12:00')), at: sh('2026-09-22 09:05') }
    ]
    const r = reduceTask(meta, events, actorOf, sh('2026-09-22 10:00'), ctx)
    expect(r.refused).toEqual([{ eventId: 'c2', error: expect.objectContaining({ code: 'CHASE_TOO_SOON' }) }])
    expect(r.state?.chases).toHaveLength(1)
  })

  it('reports refused events without applying them and goes on with the rest', () => {
    const events: OrderedEvent[] = [
      { event: event(people.assigner, 'assign', undefined, 'a'), at: ASSIGNED_AT },
      { event: event(people.unrelatedClerk, 'sign', undefined, 'bad-sign'), at: sh('2026-09-21 10:10') },
      { event: event(people.reviewer, 'progress', validPayload('progress'), 'bad-review'), at: sh('2026-09-21 10:11') },
      { event: { ...event(people.leadClerk, 'sign'), id: 'forged', actorId: people.assistClerk.userId }, at: sh('2026-09-21 10:12') },
      { event: event(people.leadClerk, 'completion_report', validPayload('completion_report'), 'early-report'), at: sh('2026-09-21 10:13') },
      { event: { ...event(people.leadClerk, 'sign'), id: 'ghost', actorId: 'nobody' }, at: sh('2026-09-21 10:14') },
      { event: event(people.leadClerk, 'sign', undefined, 'sign'), at: sh('2026-09-21 11:00') }
    ]
    const r = reduceTask(meta, events, actorOf, sh('2026-09-21 12:00'), ctx)
    expect(r.refused.map((x) => [x.eventId, x.error.code])).toEqual([
      ['bad-sign', NP],
      ['bad-review', RO],
      // The recorded actor is the assisting clerk, whose authenticated unit is not the claimed one.
      ['forged', 'FORGED_ACTOR'],
      ['early-report', BS],
      ['ghost', 'UNKNOWN_ACTOR']
    ])
    expect(r.state?.status).toBe('in_progress')
    expect(r.state?.signed).toEqual({ [LEAD_UNIT]: { by: people.leadClerk.userId, at: sh('2026-09-21 11:00') } })
    expect(r.state?.lastEventAt).toBe(sh('2026-09-21 11:00'))
  })

  it('lists duplicates as noops, applied to nothing', () => {
    const events: OrderedEvent[] = [
      { event: event(people.assigner, 'assign', undefined, 'a'), at: ASSIGNED_AT },
      { event: event(people.leadClerk, 'sign', undefined, 's1'), at: sh('2026-09-21 11:00') },
      { event: event(people.leadClerk2, 'sign', undefined, 's2'), at: sh('2026-09-21 11:00') },
      { event: event(people.leadHead, 'sign', undefined, 's3'), at: sh('2026-09-21 11:01') }
    ]
    const r = reduceTask(meta, events, actorOf, sh('2026-09-21 12:00'), ctx)
    expect(r).toMatchObject({ refused: [], noops: ['s2', 's3'] })
    expect(r.state?.signed[LEAD_UNIT]).toEqual({ by: people.leadClerk.userId, at: sh('2026-09-21 11:00') })
    expect(r.state?.lastEventAt).toBe(sh('2026-09-21 11:00'))
  })

  it('a local event not yet notarised is applied at `now`', () => {
    const st = inProgress()
    const now = sh('2026-10-21 10:00')
    const r = reduceTask(
      meta,
      [...st.events, { event: event(people.leadClerk, 'completion_report', validPayload('completion_report'), 'local') }],
      actorOf,
      now,
      ctx
    )
    expect(r.state?.completion?.at).toBe(now)
    expect(r.state?.lastEventAt).toBe(now)
  })

  it('a second assign in the log is refused ALREADY_ASSIGNED', () => {
    const events: OrderedEvent[] = [
      { event: event(people.assigner, 'assign', undefined, 'a1'), at: ASSIGNED_AT },
      { event: event(people.assigner, 'assign', undefined, 'a2'), at: sh('2026-09-25 10:00') }
    ]
    const r = reduceTask(meta, events, actorOf, sh('2026-09-25 11:00'), ctx)
    expect(r.refused).toEqual([{ eventId: 'a2', error: expect.objectContaining({ code: 'ALREADY_ASSIGNED' }) }])
    expect(r.state?.deadline.dueDate).toBe(ORIGINAL_DUE)
  })

  it('no valid assign: no state, everything refused', () => {
    const r = reduceTask(meta, [{ event: event(people.leadClerk, 'sign', undefined, 's'), at: ASSIGNED_AT }], actorOf, ASSIGNED_AT, ctx)
    expect(r).toEqual({ state: null, refused: [{ eventId: 's', error: expect.objectContaining({ code: 'NOT_ASSIGNED' }) }], noops: [] })
  })

  it.each([
    { now: '2026-10-13 10:00', warning: { level: 'normal', remainingWorkingDays: 4 } },
    { now: '2026-10-14 10:00', warning: { level: 'yellow', remainingWorkingDays: 3 } },
    { now: '2026-10-19 23:59', warning: { level: 'yellow', remainingWorkingDays: 0 } },
    { now: '2026-10-20 00:00', warning: { level: 'red', lateWorkingDays: 1 } },
    { now: '2026-10-26 09:00', warning: { level: 'red', lateWorkingDays: 5 } }
  ])('the warning of an open task is evaluated at now = $now', ({ now, warning }) => {
    const st = inProgress()
    expect(reduceTask(meta, st.events, actorOf, sh(now), ctx).state?.warning).toEqual(warning)
  })

  it('depends only on the times passed in, never on the machine clock', () => {
    const st = closed()
    const before = reduceTask(meta, st.events, actorOf, sh('2026-10-20 09:00'), ctx)
    vi.useFakeTimers({ now: new Date('2031-01-01T00:00:00Z') })
    const after = reduceTask(meta, st.events, actorOf, sh('2026-10-20 09:00'), ctx)
    expect(after).toEqual(before)
  })

  afterEach(() => {
    vi.useRealTimers()
  })
})

describe('applyEvent is pure', () => {
  const steps: { name: string; build: () => Story; by: RoleName; type: TaskEventType; payload?: TaskEvent['payload']; at: string }[] = [
    { name: 'sign', build: assigned, by: 'leadClerk', type: 'sign', at: '2026-09-21 11:00' },
    { name: 'chase', build: () => inProgress(), by: 'supervisor', type: 'chase', at: '2026-09-23 09:00' },
    {
      name: 'extension_request',
      build: () => inProgress(),
      by: 'leadClerk',
      type: 'extension_request',
      payload: validPayload('extension_request'),
      at: '2026-10-12 09:00'
    },
    {
      name: 'extension_decision',
      build: () => extensionPending(),
      by: 'assigner',
      type: 'extension_decision',
      payload: validPayload('extension_decision'),
      at: '2026-10-12 15:00'
    },
    {
      name: 'completion_report',
      build: () => extensionPending(),
      by: 'leadClerk',
      type: 'completion_report',
      payload: validPayload('completion_report'),
      at: '2026-10-16 15:00'
    },
    { name: 'accept', build: () => reported(), by: 'assigner', type: 'accept', at: '2026-10-19 10:00' },
    { name: 'return', build: () => reported(), by: 'assigner', type: 'return', payload: validPayload('return'), at: '2026-10-19 10:00' },
    { name: 'cancel', build: () => inProgress(), by: 'assigner', type: 'cancel', payload: validPayload('cancel'), at: '2026-10-13 09:00' }
  ]
  it.each(steps)('$name leaves the previous state untouched', ({ build, by, type, payload, at }) => {
    const st = build()
    const prev: TaskState = st.s
    const snapshot = structuredClone(prev)
    const next = applyEvent(meta, prev, event(people[by], type, payload), sh(at), ctx)
    expect(prev).toEqual(snapshot)
    expect(next).not.toBe(prev)
  })
})

describe('availableActions: the buttons each role sees', () => {
  const BUTTONS: Record<StateName, Record<RoleName, TaskEventType[]>> = {
    assigned: {
      assigner: ['chase', 'cancel'],
      otherLeader: [],
      leadClerk: ['sign'],
      leadClerk2: ['sign'],
      leadHead: ['sign'],
      assistClerk: ['sign'],
      unrelatedClerk: [],
      supervisor: ['chase'],
      reviewer: []
    },
    in_progress: {
      assigner: ['chase', 'cancel'],
      otherLeader: [],
      leadClerk: ['progress', 'extension_request', 'completion_report'],
      leadClerk2: ['progress', 'extension_request', 'completion_report'],
      leadHead: ['progress', 'extension_request', 'completion_report'],
      assistClerk: ['progress'],
      unrelatedClerk: [],
      supervisor: ['chase'],
      reviewer: []
    },
    'in_progress, extension pending': {
      assigner: ['chase', 'extension_decision', 'cancel'],
      otherLeader: [],
      leadClerk: ['progress', 'completion_report'],
      leadClerk2: ['progress', 'completion_report'],
      leadHead: ['progress', 'completion_report'],
      assistClerk: ['progress'],
      unrelatedClerk: [],
      supervisor: ['chase'],
      reviewer: []
    },
    reported: {
      assigner: ['accept', 'return', 'cancel'],
      otherLeader: [],
      leadClerk: ['progress'],
      leadClerk2: ['progress'],
      leadHead: ['progress'],
      assistClerk: ['progress'],
      unrelatedClerk: [],
      supervisor: [],
      reviewer: []
    },
    closed: { assigner: [], otherLeader: [], leadClerk: [], leadClerk2: [], leadHead: [], assistClerk: [], unrelatedClerk: [], supervisor: [], reviewer: [] },
    cancelled: { assigner: [], otherLeader: [], leadClerk: [], leadClerk2: [], leadHead: [], assistClerk: [], unrelatedClerk: [], supervisor: [], reviewer: [] }
  }
  const cases = (Object.keys(BUTTONS) as StateName[]).flatMap((state) => MATRIX_ROLES.map((role) => ({ state, role, want: BUTTONS[state][role] })))

  it.each(cases)('$state: $role sees $want', ({ state, role, want }) => {
    const { build, now } = STATES[state]
    expect(availableActions(meta, build().s, people[role], now, ctx)).toEqual(want)
  })

  it.each(cases)('$state: $role — the buttons are exactly the allowed, non-duplicate actions of the matrix', ({ state, role }) => {
    const allowed = ACTIONS.filter((a) => expected(state, role, a).startsWith('→'))
    const { build, now } = STATES[state]
    expect(availableActions(meta, build().s, people[role], now, ctx)).toEqual(allowed)
  })

  it('nothing before the task exists', () => {
    expect(availableActions(meta, null, people.assigner, ASSIGNED_AT, ctx)).toEqual([])
  })

  it('an assisting unit that has not signed sees only 签收, after the lead unit signed', () => {
    const st = assigned()
    st.act(people.leadClerk, 'sign', undefined, sh('2026-09-21 11:00'))
    expect(availableActions(meta, st.s, people.assistClerk, sh('2026-09-21 12:00'), ctx)).toEqual(['sign'])
  })

  it('催办 disappears while the lead unit may not be chased, and comes back', () => {
    const st = inProgress()
    st.act(people.assigner, 'chase', undefined, sh('2026-09-23 09:00'))
    expect(availableActions(meta, st.s, people.supervisor, sh('2026-09-23 09:05'), ctx)).toEqual([])
    expect(availableActions(meta, st.s, people.supervisor, sh('2026-09-23 09:10'), ctx)).toEqual(['chase'])
    st.act(people.supervisor, 'chase', undefined, sh('2026-09-23 09:10'))
    st.act(people.supervisor, 'chase', undefined, sh('2026-09-23 09:20'))
    expect(availableActions(meta, st.s, people.assigner, sh('2026-09-23 15:00'), ctx)).toEqual(['cancel'])
    expect(availableActions(meta, st.s, people.assigner, sh('2026-09-24 08:00'), ctx)).toEqual(['chase', 'cancel'])
  })

  it('申请延期 disappears once the limit is reached', () => {
    const st = inProgress(makeCtx({ maxExtensions: 1 }))
    const r = st.act(people.leadClerk, 'extension_request', { reason: '巡查范围扩大。', proposedDate: '2026-10-24' }, sh('2026-10-12 09:00'))
    st.act(people.assigner, 'extension_decision', { requestId: r.id, granted: true }, sh('2026-10-12 15:00'))
    expect(availableActions(meta, st.s, people.leadClerk, sh('2026-10-13 09:00'), st.c)).toEqual(['progress', 'completion_report'])
  })

  it('审批延期 disappears once the request has lapsed', () => {
    const st = reported()
    st.act(people.assigner, 'return', validPayload('return'), sh('2026-10-17 09:00'))
    expect(availableActions(meta, st.s, people.assigner, sh('2026-10-17 10:00'), ctx)).toEqual(['chase', 'cancel'])
  })
})

describe('a completion report awaiting review', () => {
  // Decision: the unit reported on time; while the leader has not reviewed it the
  // item is not shown overdue (it is judged by the report's server time).
  it('is not red after the deadline while the leader has not yet reviewed it', () => {
    const st = inProgress()
    st.act(people.leadClerk, 'completion_report', { text: '已办结' }, sh('2026-10-16 09:00'))
    const s = withWarning(st.s, sh('2026-10-22 09:00'), ctx)
    expect(s.status).toBe('reported')
    expect(s.warning.level).toBe('done_on_time')
  })
})
