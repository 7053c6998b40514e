/**
 * Issue-time rules and live figures (docs/decisions.md): the leader's earlier date, 代录,
 * bidi control characters, 审核办结 with 意见, the live day count, calendar changes that
 * move running deadlines, numbers, and the county-wide view of top leaders.
 */
import { describe, expect, it } from 'vitest'
import { createWorkCalendar } from '../calendar'
import type { Actor } from '../directory'
import { ASSIGNED_AT, ORIGINAL_DUE, Story, actorOf, closed, ctx, event, inProgress, makeCtx, meta, people, reported, sh } from './fixtures'
import { taskAccess } from './access'
import { formatTaskNumber, numberYearOf, ruleDeadline } from './issue'
import { liveWarning } from './live'
import { affectedByCalendarChange, recomputeDeadlines } from './recompute'
import type { TaskMeta } from './types'
import { applyEvent, checkEvent, reduceTask, summarize, type Check } from './workflow'

const outcome = (c: Check): string => (c.ok ? 'ok' : c.error.code)
const assignCheck = (m: TaskMeta, by: Actor, now: number, c = ctx) => outcome(checkEvent(m, null, by, event(by, 'assign'), now, c))

describe('the leader may set an earlier deadline, never a later one', () => {
  // Assigned Monday 2026-09-21: the rule gives 2026-10-19.
  it.each([
    ['2026-10-19', 'ok'], // the rule's own date
    ['2026-10-16', 'ok'], // earlier working day (Friday)
    ['2026-09-21', 'ok'], // today
    ['2026-09-18', 'BAD_DATE'], // before today
    ['2026-10-20', 'DEADLINE_TOO_LATE'], // later than the rule: only an extension can do that
    ['2026-10-03', 'NOT_WORKING_DAY'], // 国庆
    ['2026-02-30', 'BAD_DATE'], // no such day
    ['next week', 'BAD_DATE']
  ])('dueBy %s → %s', (dueBy, want) => {
    expect(assignCheck({ ...meta, dueBy }, people.assigner, ASSIGNED_AT)).toBe(want)
  })

  it('the earlier date becomes the deadline and the original; the rule still decides the warnings', () => {
    const st = new Story({ ...meta, dueBy: '2026-09-30' })
    st.act(people.assigner, 'assign', undefined, ASSIGNED_AT)
    expect(st.s.deadline.dueDate).toBe('2026-09-30')
    expect(st.s.originalDeadline.dueDate).toBe('2026-09-30')
    expect(st.s.warning).toEqual({ level: 'normal', remainingWorkingDays: 6 })
  })

  it('urgent: only today', () => {
    const urgent = { ...meta, taskClass: 'urgent' as const }
    expect(assignCheck({ ...urgent, dueBy: '2026-09-21' }, people.assigner, ASSIGNED_AT)).toBe('ok')
    expect(assignCheck({ ...urgent, dueBy: '2026-09-22' }, people.assigner, ASSIGNED_AT)).toBe('DEADLINE_TOO_LATE')
  })

  it('the preview is the rule the server applies: 15 working days, same day for urgent, the table for 代办件', () => {
    const r = ruleDeadline({ taskClass: 'standard' }, ASSIGNED_AT, ctx.cal, ctx.rules)
    expect('dueDate' in r && r.dueDate).toBe(ORIGINAL_DUE)
    const u = ruleDeadline({ taskClass: 'urgent' }, ASSIGNED_AT, ctx.cal, ctx.rules)
    expect('dueDate' in u && u.dueDate).toBe('2026-09-21')
    const a = ruleDeadline({ taskClass: 'agency', agencyType: 'letter' }, ASSIGNED_AT, ctx.cal, ctx.rules)
    expect('dueDate' in a && a.dueDate).toBe('2026-09-29') // 5 working days: 09-22…24, 28, 29 (中秋 09-25 off)
    expect('error' in ruleDeadline({ taskClass: 'agency', agencyType: 'nope' }, ASSIGNED_AT, ctx.cal, ctx.rules)).toBe(true)
  })

  it('a recompute on a new calendar keeps the leader date unless it became a day off', () => {
    const st = new Story({ ...meta, dueBy: '2026-09-30' })
    st.act(people.assigner, 'assign', undefined, ASSIGNED_AT)
    const closure = createWorkCalendar({ overrides: [{ date: '2026-09-30', work: false, reason: '台风停工', kind: 'local' }], officialYears: [] })
    const next = recomputeDeadlines(st.m, st.s, sh('2026-09-23 09:00'), { ...ctx, cal: closure })
    expect(next.deadline.dueDate).toBe('2026-10-08') // next working day after the closure and 国庆
    const same = recomputeDeadlines(st.m, st.s, sh('2026-09-23 09:00'), ctx)
    expect(same.deadline.dueDate).toBe('2026-09-30')
  })
})

describe('代录: 督查室 records a task on a leader’s behalf', () => {
  const dir: Record<string, Actor> = Object.fromEntries(Object.values(people).map((p) => [p.userId, p]))
  const withDir = { ...ctx, personOf: (id: string) => dir[id] }
  const proxy: TaskMeta = { ...meta, recordedBy: people.supervisor.userId, recordedByUnitId: people.supervisor.unitId }

  it('the supervisor records it; the leader stays the assigner', () => {
    expect(assignCheck(proxy, people.supervisor, ASSIGNED_AT, withDir)).toBe('ok')
    const s = applyEvent(proxy, null, event(people.supervisor, 'assign'), ASSIGNED_AT, withDir)
    expect(summarize(proxy, s)).toMatchObject({ assignedBy: 'xianzhang', recordedBy: 'duchashi1' })
  })
  it.each([
    ['a clerk cannot 代录', { ...meta, recordedBy: people.leadClerk.userId, recordedByUnitId: people.leadClerk.unitId }, people.leadClerk, 'NOT_SUPERVISOR'],
    ['in someone else’s name', { ...proxy, recordedBy: 'duchashi2' }, people.supervisor, 'FORGED_ACTOR'],
    [
      'for somebody who is not a leader',
      { ...proxy, assignedBy: people.leadHead.userId, assignedByUnitId: people.leadHead.unitId },
      people.supervisor,
      'BAD_LEADER'
    ],
    ['for a leader in the wrong unit', { ...proxy, assignedByUnitId: 'xianweiban' }, people.supervisor, 'BAD_LEADER'],
    ['without 代录 fields a supervisor is not a leader', meta, people.supervisor, 'NOT_LEADER']
  ])('%s', (_n, m, by, want) => {
    expect(assignCheck(m as TaskMeta, by as Actor, ASSIGNED_AT, withDir)).toBe(want)
  })
  it('without a directory the server refuses 代录', () => {
    expect(assignCheck(proxy, people.supervisor, ASSIGNED_AT)).toBe('BAD_LEADER')
  })
  it('the leader can cancel the recorded task; the supervisor cannot accept it', () => {
    const st = new Story(proxy, withDir)
    st.act(people.supervisor, 'assign', undefined, ASSIGNED_AT)
    expect(outcome(st.check(people.assigner, 'cancel', { reason: '录入有误' }, sh('2026-09-21 11:00')))).toBe('ok')
    expect(outcome(st.check(people.supervisor, 'cancel', { reason: '录入有误' }, sh('2026-09-21 11:00')))).toBe('NOT_ASSIGNER')
  })
  it('the leader corrects what was recorded: title and requirement stand corrected, the issue stays on record', () => {
    const st = new Story(proxy, withDir)
    st.act(people.supervisor, 'assign', undefined, ASSIGNED_AT)
    const at = sh('2026-09-21 11:00')
    expect(outcome(st.check(people.supervisor, 'correct', { title: '改', reason: '录错' }, at))).toBe('NOT_ASSIGNER')
    expect(outcome(st.check(people.assigner, 'correct', { reason: '录错' }, at))).toBe('BAD_TEXT')
    expect(outcome(st.check(people.assigner, 'correct', { title: '改' }, at))).toBe('BAD_REASON')
    expect(outcome(st.check(people.assigner, 'progress', { text: 'x', title: '改' }, at))).toBe('BAD_EVENT')
    st.act(people.assigner, 'correct', { title: '关于整治校园周边环境的交办', text: '两周内完成', reason: '口头交办记录有误' }, at)
    expect(summarize(st.m, st.s).title).toBe('关于整治校园周边环境的交办')
    expect(st.s.corrected).toMatchObject({ by: 'xianzhang', requirement: '两周内完成' })
    expect(st.m.title).toBe(meta.title) // what was issued stays as issued
    // Only a 代录 can be corrected.
    expect(outcome(inProgress().check(people.assigner, 'correct', { title: '改', reason: '想改' }, at))).toBe('NOT_RECORDED')
  })
  it('the client replays the recorded task the same way', () => {
    const assign = event(people.supervisor, 'assign')
    const r = reduceTask(proxy, [{ event: assign, at: ASSIGNED_AT }], actorOf, ASSIGNED_AT, withDir)
    expect(r.refused).toEqual([])
    expect(r.state?.status).toBe('assigned')
  })
})

describe('bidi control characters are refused', () => {
  it('in the title and the requirement', () => {
    expect(assignCheck({ ...meta, title: '关于\u202E款拨\u202C的请示' }, people.assigner, ASSIGNED_AT)).toBe('BIDI_CONTROL')
    expect(assignCheck({ ...meta, requirement: '请\u2067办理\u2069' }, people.assigner, ASSIGNED_AT)).toBe('BIDI_CONTROL')
  })
  it('in the text and reason of every event', () => {
    const st = inProgress()
    expect(outcome(st.check(people.leadClerk, 'progress', { text: '已\u202D完成' }, sh('2026-09-23 09:00')))).toBe('BIDI_CONTROL')
    expect(outcome(st.check(people.assigner, 'cancel', { reason: '\u2066撤销' }, sh('2026-09-23 09:00')))).toBe('BIDI_CONTROL')
  })
})

describe('审核办结 takes an optional 意见', () => {
  it('with and without', () => {
    const st = reported()
    expect(outcome(st.check(people.assigner, 'accept', undefined, sh('2026-10-19 10:00')))).toBe('ok')
    expect(outcome(st.check(people.assigner, 'accept', { text: '办理扎实，同意办结。' }, sh('2026-10-19 10:00')))).toBe('ok')
    expect(outcome(st.check(people.assigner, 'accept', { text: 'x'.repeat(5001) }, sh('2026-10-19 10:00')))).toBe('BAD_TEXT')
  })
})

describe('the day count is live, not the stored one', () => {
  // Due 2026-10-10 (a make-up Saturday), nothing happened since it was assigned: the server's
  // stored figure is from the day of the last level change.
  const stale = { status: 'in_progress' as const, dueDate: '2026-10-10', warning: { level: 'normal' as const, remainingWorkingDays: 15 } }
  it.each([
    ['2026-09-29 09:00', { level: 'normal', remainingWorkingDays: 4 }],
    ['2026-10-09 09:00', { level: 'yellow', remainingWorkingDays: 1 }],
    ['2026-10-10 17:00', { level: 'yellow', remainingWorkingDays: 0 }],
    ['2026-10-20 09:00', { level: 'red', lateWorkingDays: 7 }]
  ])('on %s', (at, want) => {
    expect(liveWarning(stale, sh(at), ctx.cal, ctx.rules)).toEqual(want)
  })
  it('a report awaiting review is judged at the report, not now', () => {
    const w = liveWarning({ ...stale, status: 'reported', reportedAt: sh('2026-10-09 10:00') }, sh('2026-10-20 09:00'), ctx.cal, ctx.rules)
    expect(w.level).toBe('done_on_time')
  })
  it('finished and cancelled keep their outcome', () => {
    const done = { status: 'closed' as const, dueDate: '2026-10-10', warning: { level: 'done_late' as const, lateWorkingDays: 2 } }
    expect(liveWarning(done, sh('2027-03-01 09:00'), ctx.cal, ctx.rules)).toEqual(done.warning)
    expect(liveWarning({ ...done, status: 'cancelled', warning: { level: 'cancelled' } }, sh('2027-03-01 09:00'), ctx.cal, ctx.rules)).toEqual({
      level: 'cancelled'
    })
  })
})

describe('calendar changes move running deadlines whose remaining window holds the date', () => {
  const now = sh('2026-10-12 09:00') // in progress, due 2026-10-19
  it.each([
    [['2026-10-14'], true],
    [['2026-10-12'], true], // today is still to be worked
    [['2026-10-19'], true], // the due day itself
    [['2026-10-20'], false], // after the deadline
    [['2026-10-09'], false], // already worked through
    [['2026-09-30', '2026-10-15'], true]
  ])('%j → %s', (dates, want) => {
    expect(affectedByCalendarChange(inProgress().s, dates, now)).toBe(want)
  })
  it('finished records never move', () => {
    expect(affectedByCalendarChange(closed().s, ['2026-10-14'], now)).toBe(false)
  })
  it('a typhoon closure inside the window moves a confirmed deadline by one working day', () => {
    const st = inProgress()
    const closure = createWorkCalendar({ overrides: [{ date: '2026-10-14', work: false, reason: '台风停工', kind: 'local' }], officialYears: [] })
    const next = recomputeDeadlines(st.m, st.s, now, { ...makeCtx(), cal: closure })
    expect([st.s.deadline.dueDate, next.deadline.dueDate]).toEqual(['2026-10-19', '2026-10-20'])
    expect(next.deadline.provisional).toBe(false)
  })
})

describe('numbers', () => {
  it('交办〔year〕n号, the year of the server’s Shanghai date', () => {
    expect(formatTaskNumber(2026, 23)).toBe('交办〔2026〕23号')
    expect(numberYearOf(sh('2027-01-01 00:05'))).toBe(2027) // still 2026 in UTC
    expect(numberYearOf(sh('2026-12-31 23:59'))).toBe(2026)
  })
  it('the summary carries the number the server stamped', () => {
    const st = inProgress()
    expect(summarize(st.m, { ...st.s, number: '交办〔2026〕7号' }).number).toBe('交办〔2026〕7号')
  })
})

describe('top leaders read every 交办件, write only their own', () => {
  const shuji: Actor = { userId: 'shuji', unitId: 'xianlingdao', roles: ['leader', 'top_leader'], name: '彭红梅' }
  const other: TaskMeta = { ...meta, assignedBy: 'fuxianzhang1' }
  it.each([
    ['县委书记 on a task the 县长 assigned', shuji, meta, 'read'],
    ['县委书记 on her own task', shuji, { ...meta, assignedBy: 'shuji' }, 'write'],
    ['县长 (top) on a 副县长 task', { ...people.assigner, roles: ['leader', 'top_leader'] as Actor['roles'] }, other, 'read'],
    ['a 副县长 on the 县长 task', people.otherLeader, meta, 'none'],
    ['a supervisor may create (代录)', people.supervisor, null, 'write'],
    ['a clerk may not create', people.leadClerk, null, 'none']
  ])('%s → %4$s', (_n, actor, m, want) => {
    expect(taskAccess(actor, m)).toBe(want)
  })
})
