/**
 * Test fixtures for the 交办件 state machine: a small county (people from the demo seed), one
 * task, and a driver that plays events through checkEvent/applyEvent the way the server does —
 * every time an explicit server time, never the machine clock.
 */
import { createWorkCalendar } from '../calendar'
import type { Actor } from '../directory'
import { DEFAULT_TASK_RULES, type TaskRules } from './rules'
import type { TaskEvent, TaskEventType, TaskMeta, TaskState } from './types'
import { applyEvent, checkEvent, type Check, type TaskContext } from './workflow'

/** 'YYYY-MM-DD HH:MM[:SS]' in Asia/Shanghai → epoch ms. */
export function sh(wallClock: string): number {
  const [d, t] = wallClock.split(' ')
  const ms = Date.parse(`${d}T${t.length === 5 ? `${t}:00` : t}+08:00`)
  if (Number.isNaN(ms)) throw new Error(`bad wall-clock time: ${wallClock}`)
  return ms
}

export const cal = createWorkCalendar()

export const LEAD_UNIT = 'qingquan' // 清泉镇 (township), 主办
export const ASSIST_UNIT = 'jiaoyuju' // 县教育局 (department), 协办
export const UNRELATED_UNIT = 'sanhua' // 散花镇, not on the task

export function makeCtx(rules: Partial<TaskRules> = {}): TaskContext {
  return {
    cal,
    rules: { ...DEFAULT_TASK_RULES, ...rules },
    // Townships and county departments only: not 县领导 (leadership) nor 纪委监委 (discipline).
    workingUnitIds: new Set([LEAD_UNIT, ASSIST_UNIT, UNRELATED_UNIT, 'bahe', 'xianweiban', 'zhengfuban', 'fagaiju'])
  }
}
export const ctx = makeCtx()

const actor = (userId: string, unitId: string, roles: Actor['roles'], name: string): Actor => ({ userId, unitId, roles, name })

export const people = {
  /** 县长, the assigning leader. */
  assigner: actor('xianzhang', 'xianlingdao', ['leader'], '曾新民'),
  /** 副县长: a leader, but not the one who assigned this task. */
  otherLeader: actor('fuxianzhang1', 'xianlingdao', ['leader'], '田文杰'),
  leadClerk: actor('qingquan_clerk', LEAD_UNIT, ['clerk'], '王丽华'),
  /** A second 收发员 of the lead unit: signs at the same moment as the first. */
  leadClerk2: actor('qingquan_clerk2', LEAD_UNIT, ['clerk'], '陈小燕'),
  leadHead: actor('qingquan_head', LEAD_UNIT, ['head'], '李德胜'),
  assistClerk: actor('jiaoyuju_clerk', ASSIST_UNIT, ['clerk'], '周晓明'),
  unrelatedClerk: actor('sanhua_clerk', UNRELATED_UNIT, ['clerk'], '张雪琴'),
  /** 县委督查室 in 县委办公室 (xianweiban). */
  supervisor: actor('duchashi1', 'xianweiban', ['supervisor'], '邓晓燕'),
  /** 纪委监委: reads everything, changes nothing. */
  reviewer: actor('jiwei1', 'jiwei', ['reviewer'], '潘静怡')
} as const satisfies Record<string, Actor>

export type RoleName = keyof typeof people
export const actorOf = (userId: string): Actor | undefined => Object.values(people).find((p) => p.userId === userId)

export const meta: TaskMeta = {
  id: 'T2026-0918',
  title: '关于做好秋季森林防火工作的交办',
  requirement: '请于规定期限内完成辖区林区巡查并报送情况。',
  taskClass: 'standard',
  leadUnitId: LEAD_UNIT,
  assistUnitIds: [ASSIST_UNIT],
  assignedBy: people.assigner.userId,
  assignedByUnitId: people.assigner.unitId
}

/** Assigned Monday 2026-09-21 10:00 +08:00 → 15 working days (中秋 and 国庆 skipped, 10-10 make-up counted) → 2026-10-19. */
export const ASSIGNED_AT = sh('2026-09-21 10:00')
export const ORIGINAL_DUE = '2026-10-19'

let counter = 0
export function event(by: Actor, type: TaskEventType, payload?: TaskEvent['payload'], id?: string, clientAt?: number): TaskEvent {
  return { id: id ?? `${type}-${++counter}`, type, actorId: by.userId, unitId: by.unitId, clientAt: clientAt ?? 0, ...(payload ? { payload } : {}) }
}

/** Valid payloads, so that only who / when decides. */
export const EXT_ID = 'ext-1'
export function validPayload(type: TaskEventType): TaskEvent['payload'] | undefined {
  switch (type) {
    case 'progress':
      return { text: '已完成林区第一轮巡查。' }
    case 'chase':
      return { text: '请加快办理。' }
    case 'extension_request':
      return { reason: '巡查范围扩大，需增加时间。', proposedDate: '2026-11-30' }
    case 'extension_decision':
      return { requestId: EXT_ID, granted: true, text: '同意。' }
    case 'completion_report':
      return { text: '已全部办结，情况如下……' }
    case 'return':
      return { reason: '报告缺少巡查记录，请补充。' }
    case 'cancel':
      return { reason: '该事项已并入全县统一部署。' }
    default:
      return undefined
  }
}

/** Plays events like the server: refused ones throw (a story must be legal), noops change nothing. */
export class Story {
  state: TaskState | null = null
  readonly events: { event: TaskEvent; at: number }[] = []
  constructor(
    readonly m: TaskMeta = meta,
    readonly c: TaskContext = ctx
  ) {}

  check(by: Actor, type: TaskEventType, payload: TaskEvent['payload'] | undefined, now: number): Check {
    return checkEvent(this.m, this.state, by, event(by, type, payload), now, this.c)
  }

  act(by: Actor, type: TaskEventType, payload: TaskEvent['payload'] | undefined, at: number, id?: string): TaskEvent {
    const ev = event(by, type, payload, id)
    const c = checkEvent(this.m, this.state, by, ev, at, this.c)
    if (!c.ok) throw new Error(`${type} by ${by.userId} refused: ${c.error.code}`)
    if (!c.noop) this.state = applyEvent(this.m, this.state, ev, at, this.c)
    this.events.push({ event: ev, at })
    return ev
  }

  get s(): TaskState {
    if (!this.state) throw new Error('not assigned yet')
    return this.state
  }
}

export const assigned = (m: TaskMeta = meta, c: TaskContext = ctx): Story => {
  const st = new Story(m, c)
  st.act(people.assigner, 'assign', undefined, ASSIGNED_AT)
  return st
}

/** Lead unit signed 09-21 11:00, assisting unit 09-22 09:00. */
export const inProgress = (c: TaskContext = ctx): Story => {
  const st = assigned(meta, c)
  st.act(people.leadClerk, 'sign', undefined, sh('2026-09-21 11:00'))
  st.act(people.assistClerk, 'sign', undefined, sh('2026-09-22 09:00'))
  return st
}

/** In progress with extension request EXT_ID (to 2026-10-30) waiting for the leader. */
export const extensionPending = (c: TaskContext = ctx): Story => {
  const st = inProgress(c)
  st.act(people.leadClerk, 'extension_request', { reason: '巡查范围扩大。', proposedDate: '2026-10-30' }, sh('2026-10-12 09:00'), EXT_ID)
  return st
}

/** Completion reported 2026-10-16 15:00 while EXT_ID was pending: the request has lapsed. */
export const reported = (c: TaskContext = ctx): Story => {
  const st = extensionPending(c)
  st.act(people.leadClerk, 'completion_report', validPayload('completion_report'), sh('2026-10-16 15:00'))
  return st
}

export const closed = (c: TaskContext = ctx): Story => {
  const st = reported(c)
  st.act(people.assigner, 'accept', undefined, sh('2026-10-19 10:00'))
  return st
}

export const cancelled = (c: TaskContext = ctx): Story => {
  const st = extensionPending(c)
  st.act(people.assigner, 'cancel', validPayload('cancel'), sh('2026-10-13 09:00'))
  return st
}
