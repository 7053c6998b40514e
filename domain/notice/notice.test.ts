/**
 * 通知公告 rules, table-driven: audience resolution against the demo county,
 * publishing, read and confirm, deadlines and warnings, reminder limits.
 * Every time is an explicit server time (Asia/Shanghai wall clock).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createWorkCalendar } from '../calendar'
import type { Actor, Directory } from '../directory'
import { sh } from '../task/fixtures'
import {
  HOUR_MS,
  applyNoticeEvent,
  applyReaderRequest,
  boardCounts,
  boardView,
  canRemind,
  checkCorrection,
  checkDraft,
  deadlineAlarm,
  indexDirectory,
  isCountyOffice,
  isNoticeReader,
  noticeServer,
  packAudienceUnits,
  readAudienceUnits,
  mergeBoard,
  noticeLevel,
  unitGaps,
  receiptWarning,
  remindTargets,
  resolveAudience,
  searchWords,
  tally,
  type AudiencePart,
  type NoticeEvent,
  type NoticeMeta,
  type NoticeState,
  type NoticeSummary,
  type ReceiptRow
} from '.'

const seed = JSON.parse(readFileSync(new URL('../../collab-server/seed/demo-county.json', import.meta.url), 'utf8')) as Directory
const ix = indexDirectory(seed)
const MON_TEST = Date.parse('2026-09-21T10:00:00+08:00')
const cal = createWorkCalendar()
const ctx = { cal, dir: ix }
const actor = (userId: string): Actor => {
  const p = ix.people.get(userId)!
  return { userId, unitId: p.unitId, roles: p.roles, name: p.name }
}
const townships = seed.units.filter((u) => u.kind === 'township')
const departments = seed.units.filter((u) => u.kind === 'department')
const officeClerk = actor('zhengfuban_clerk')
const officeHead = actor('zhengfuban_head')
const qqClerk = actor('qingquan_clerk')
const qqHead = actor('qingquan_head')

const meta = (over: Partial<NoticeMeta> = {}): NoticeMeta => ({
  id: 'n1',
  title: '关于召开全县安全生产工作会议的通知',
  publisherUnitId: 'zhengfuban',
  authorId: 'zhengfuban_clerk',
  audience: [{ type: 'group', group: 'townships' }],
  receipt: { required: true, text: 'optional', attachment: 'optional', prompt: '参会人员名单' },
  deadline: { type: 'workingDays', days: 3 },
  pinned: false,
  ...over
})
const ev = (type: NoticeEvent['type'], by: Actor, reason?: string): NoticeEvent => ({
  id: `e-${type}`,
  type,
  actorId: by.userId,
  clientAt: 0,
  ...(reason ? { reason } : {})
})
const T0 = sh('2026-09-21 09:00') // a Monday
const published = (m = meta(), at = T0): { state: NoticeState; audience: string[] } => {
  const r = applyNoticeEvent({ status: 'draft', reminds: [] }, m, ev('publish', officeClerk), officeClerk, at, { ...ctx, approvalRequired: false })
  if (!r.ok) throw new Error(r.error.code)
  return r.value as { state: NoticeState; audience: string[] }
}

describe('audience resolution', () => {
  const cases: [string, AudiencePart[], (ids: string[]) => void][] = [
    ['whole county: everyone in the directory', [{ type: 'county' }], (ids) => expect(ids).toHaveLength(seed.people.length)],
    [
      'all townships: every person of the 16 townships',
      [{ type: 'group', group: 'townships' }],
      (ids) => {
        expect(townships).toHaveLength(16)
        expect(ids.length).toBe(seed.people.filter((p) => townships.some((u) => u.id === p.unitId)).length)
        expect(ids).not.toContain('zhengfuban_clerk')
      }
    ],
    [
      'all county departments',
      [{ type: 'group', group: 'departments' }],
      (ids) => {
        expect(ids).toContain('jiaoyuju_clerk')
        expect(ids).not.toContain('qingquan_clerk')
      }
    ],
    [
      "every working unit's clerk: one per unit, no heads, no leaders",
      [{ type: 'role', role: 'clerk', scope: 'all' }],
      (ids) => {
        expect(ids).toHaveLength(townships.length + departments.length)
        expect(ids.every((id) => ix.people.get(id)!.roles.includes('clerk'))).toBe(true)
      }
    ],
    ["every township's head", [{ type: 'role', role: 'head', scope: 'townships' }], (ids) => expect(ids).toHaveLength(16)],
    [
      'chosen units and chosen people, without duplicates',
      [
        { type: 'units', unitIds: ['qingquan'] },
        { type: 'people', userIds: ['qingquan_clerk', 'xianzhang'] }
      ],
      (ids) => {
        expect(ids).toEqual(['qingquan_clerk', 'qingquan_head', 'xianzhang'])
      }
    ]
  ]
  it.each(cases)('%s', (_name, parts, check) => {
    const r = resolveAudience(parts, ix)
    expect(r.unknown).toEqual([])
    check(r.userIds)
  })

  it('names ids the directory does not know instead of dropping them silently', () => {
    expect(
      resolveAudience(
        [
          { type: 'units', unitIds: ['nowhere'] },
          { type: 'people', userIds: ['ghost'] }
        ],
        ix
      ).unknown
    ).toEqual(['nowhere', 'ghost'])
  })

  it('resolves a county of 64 units / 700 people in linear time (counts, not timings)', () => {
    const big: Directory = { units: [], people: [] }
    for (let u = 0; u < 64; u++) {
      big.units.push({ id: `u${u}`, name: `单位${u}`, kind: u < 16 ? 'township' : 'department', order: u })
      for (let p = 0; p < 11; p++)
        big.people.push({ id: `u${u}p${p}`, username: `u${u}p${p}`, name: `人${p}`, unitId: `u${u}`, roles: p === 0 ? ['clerk'] : p === 1 ? ['head'] : [] })
    }
    const bix = indexDirectory(big)
    expect(resolveAudience([{ type: 'county' }], bix).userIds).toHaveLength(704)
    expect(
      resolveAudience(
        [
          { type: 'role', role: 'clerk', scope: 'all' },
          { type: 'group', group: 'townships' }
        ],
        bix
      ).userIds
    ).toHaveLength(16 * 11 + 48)
  })

  it("sends rows to units addressed whole and to each person addressed alone, never to a unit's other members", () => {
    const r = resolveAudience(
      [
        { type: 'group', group: 'townships' },
        { type: 'role', role: 'clerk', scope: 'departments' },
        { type: 'people', userIds: ['qingquan_clerk', 'xianzhang'] }
      ],
      ix
    )
    expect(r.boards.units).toEqual(townships.map((u) => u.id).sort())
    // A township clerk named as well has the township's row; a department clerk and the county head have their own.
    expect(r.boards.people).not.toContain('qingquan_clerk')
    expect(r.boards.people).toContain('jiaoyuju_clerk')
    expect(r.boards.people).toContain('xianzhang')
    expect(r.boards.people).not.toContain('jiaoyuju_head')
    expect(r.boards.people).toHaveLength(departments.length + 1)
    // The whole county: one row per unit, none per person.
    const c = resolveAudience([{ type: 'county' }], ix)
    expect(c.boards).toEqual({ units: seed.units.map((u) => u.id).sort(), people: [] })
    // Every person of the audience is reached by exactly one of the two.
    const reached = new Set([...r.boards.people, ...r.userIds.filter((id) => r.boards.units.includes(ix.people.get(id)!.unitId))])
    expect([...reached].sort()).toEqual(r.userIds)
  })

  it("merges a person's board: unit rows and own rows, with their own read and 回执 times", () => {
    const row = (id: string): NoticeSummary => ({
      id,
      title: id,
      publisherUnitId: 'zhengfuban',
      status: 'published',
      pinned: false,
      receiptRequired: true,
      updatedAt: 0
    })
    const merged = mergeBoard([row('u1'), row('u2')], [row('p1')], new Map([['u2', { readAt: 5, confirmedAt: 6 }]]))
    expect(merged.map((r) => [r.id, r.readAt, r.confirmedAt])).toEqual([
      ['u1', undefined, undefined],
      ['u2', 5, 6],
      ['p1', undefined, undefined]
    ])
    expect(boardCounts(merged)).toEqual({ unread: 2, receipt: 2 })
  })

  it('recognises 县委办 and 县政府办 from directory data, not from their ids', () => {
    expect(isCountyOffice(ix.units.get('xianweiban'))).toBe(true)
    expect(isCountyOffice(ix.units.get('zhengfuban'))).toBe(true)
    expect(isCountyOffice({ id: 'x', name: '某某局', kind: 'office', order: 1 })).toBe(true)
    expect(isCountyOffice(ix.units.get('qingquan'))).toBe(false)
    expect(isCountyOffice(ix.units.get('zuzhibu'))).toBe(false)
  })
})

describe('publishing', () => {
  const cases: [string, NoticeMeta, Actor, string | null][] = [
    ['the county office clerk addresses all townships', meta(), officeClerk, null],
    [
      'a township clerk addresses chosen units',
      meta({ publisherUnitId: 'qingquan', authorId: 'qingquan_clerk', audience: [{ type: 'units', unitIds: ['sanhua'] }] }),
      qqClerk,
      null
    ],
    [
      'a township may not address the whole county',
      meta({ publisherUnitId: 'qingquan', authorId: 'qingquan_clerk', audience: [{ type: 'county' }] }),
      qqClerk,
      'NOTICE_COUNTY_WIDE_ONLY_OFFICES'
    ],
    [
      "a township may not address every unit's clerk",
      meta({ publisherUnitId: 'qingquan', authorId: 'qingquan_clerk', audience: [{ type: 'role', role: 'clerk', scope: 'all' }] }),
      qqClerk,
      'NOTICE_COUNTY_WIDE_ONLY_OFFICES'
    ],
    ['nobody publishes for another unit', meta(), qqClerk, 'NOTICE_NOT_PUBLISHER'],
    ['a leader is not a unit handler', meta({ publisherUnitId: 'xianlingdao' }), actor('xianzhang'), 'NOTICE_NOT_PUBLISHER'],
    ['a title that reads backwards (direction controls) is refused', meta({ title: '关于\u202E知通的议会开召' }), officeClerk, 'BIDI_CONTROL']
  ]
  it.each(cases)('%s', (_n, m, by, code) => {
    const r = checkDraft(m, by, ctx)
    expect(r.ok ? null : r.error.code).toBe(code)
  })

  it('with approval on, a clerk submits, the head approves and that publishes; a clerk cannot publish alone', () => {
    const m = meta({ publisherUnitId: 'qingquan', authorId: 'qingquan_clerk', audience: [{ type: 'units', unitIds: ['sanhua', 'bahe'] }] })
    const c = { ...ctx, approvalRequired: true }
    const draft: NoticeState = { status: 'draft', reminds: [] }
    const direct = applyNoticeEvent(draft, m, ev('publish', qqClerk), qqClerk, T0, c)
    expect(!direct.ok && direct.error.code).toBe('NOTICE_APPROVAL_REQUIRED')
    const sub = applyNoticeEvent(draft, m, ev('submit', qqClerk), qqClerk, T0, c)
    if (!sub.ok) throw new Error(sub.error.code)
    expect(sub.value.state.status).toBe('pending')
    const byClerk = applyNoticeEvent(sub.value.state, m, ev('approve', qqClerk), qqClerk, T0, c)
    expect(!byClerk.ok && byClerk.error.code).toBe('NOTICE_NOT_HEAD')
    const rejected = applyNoticeEvent(sub.value.state, m, ev('reject', qqHead), qqHead, T0, c)
    expect(!rejected.ok && rejected.error.code).toBe('NOTICE_REASON_REQUIRED')
    const ap = applyNoticeEvent(sub.value.state, m, ev('approve', qqHead), qqHead, T0 + 5000, c)
    if (!ap.ok) throw new Error(ap.error.code)
    expect(ap.value.state).toMatchObject({ status: 'published', approvedBy: 'qingquan_head', publishedAt: T0 + 5000 })
    expect(ap.value.audience).toEqual(['bahe_clerk', 'bahe_head', 'sanhua_clerk', 'sanhua_head'])
  })

  it('fixes the reply deadline in working days from the server day of publishing (3 working days from Mon 21 Sep → Thu 24 Sep)', () => {
    expect(published().state.dueDate).toBe('2026-09-24')
    // Published on Friday 25 Sep 2026: the National Day holiday (1–8 Oct) is skipped; 27 Sep (Sun) and 10 Oct (Sat) are make-up working days.
    const fri = published(meta(), sh('2026-09-25 16:00')).state.dueDate
    expect(fri).toBe(cal.addWorkingDays('2026-09-25', 3))
    expect(cal.isWorkingDay(fri!)).toBe(true)
  })

  it('a reply date on a day off moves to the next working day; a date before today is refused', () => {
    expect(published(meta({ deadline: { type: 'date', date: '2026-09-26' } })).state.dueDate).toBe(cal.nextWorkingDayOnOrAfter('2026-09-26'))
    const r = applyNoticeEvent(
      { status: 'draft', reminds: [] },
      meta({ deadline: { type: 'date', date: '2026-09-20' } }),
      ev('publish', officeClerk),
      officeClerk,
      T0,
      { ...ctx, approvalRequired: false }
    )
    expect(!r.ok && r.error.code).toBe('NOTICE_DEADLINE_IN_PAST')
  })

  it("withdraw needs a reason and a published notice; an event in someone else's name is refused", () => {
    const { state } = published()
    const c = { ...ctx, approvalRequired: false }
    const noReason = applyNoticeEvent(state, meta(), ev('withdraw', officeClerk, '  '), officeClerk, T0, c)
    expect(!noReason.ok && noReason.error.code).toBe('NOTICE_REASON_REQUIRED')
    const forged = applyNoticeEvent(state, meta(), ev('withdraw', officeHead, '会议取消'), officeClerk, T0, c)
    expect(!forged.ok && forged.error.code).toBe('NOTICE_NOT_YOURS')
    const w = applyNoticeEvent(state, meta(), ev('withdraw', officeClerk, '会议取消'), officeClerk, T0 + 1, c)
    expect(w.ok && w.value.state).toMatchObject({ status: 'withdrawn', withdrawReason: '会议取消', withdrawnAt: T0 + 1 })
    const again = applyNoticeEvent(
      (w as { ok: true; value: { state: NoticeState } }).value.state,
      meta(),
      ev('withdraw', officeClerk, '再撤'),
      officeClerk,
      T0 + 2,
      c
    )
    expect(!again.ok && again.error.code).toBe('NOTICE_BAD_STATE')
  })

  it('a 更正 links to a published notice of the same unit, once', () => {
    const orig = { meta: meta(), state: published().state }
    expect(checkCorrection(meta({ id: 'n2', correctsId: 'n1' }), orig).ok).toBe(true)
    const cases: [NoticeMeta, typeof orig | null][] = [
      [meta({ id: 'n2', correctsId: 'n1', publisherUnitId: 'qingquan' }), orig],
      [meta({ id: 'n2', correctsId: 'n1' }), { ...orig, state: { status: 'draft', reminds: [] } }],
      [meta({ id: 'n3', correctsId: 'n1' }), { ...orig, state: { ...orig.state, correctedBy: 'n2' } }],
      [meta({ id: 'n2', correctsId: 'n9' }), null]
    ]
    for (const [m, o] of cases) expect(checkCorrection(m, o)).toMatchObject({ ok: false, error: { code: 'NOTICE_BAD_CORRECTION' } })
  })
})

describe('read and confirm', () => {
  const { state, audience } = published()
  const notice = { meta: meta(), state, audience: new Set(audience) }
  const read = { id: 'r1', type: 'read' as const, clientAt: 0 }
  const confirm = (over: object = {}) => ({ id: 'c1', type: 'confirm' as const, clientAt: 0, ...over })

  it('records a read once, with the server time, whatever time the client claims', () => {
    const r = applyReaderRequest(null, { ...read, clientAt: T0 - 86_400_000 }, notice, qqClerk, T0 + 60_000)
    expect(r).toEqual({ ok: true, value: { userId: 'qingquan_clerk', unitId: 'qingquan', readAt: T0 + 60_000 } })
    const second = applyReaderRequest((r as { ok: true; value: ReceiptRow }).value, read, notice, qqClerk, T0 + 120_000)
    expect(second).toEqual({ ok: true, value: null })
  })

  const cases: [string, Parameters<typeof applyReaderRequest>, string | null][] = [
    ['outside the audience', [null, read, notice, officeClerk, T0], 'NOTICE_NOT_IN_AUDIENCE'],
    ['not yet published', [null, read, { ...notice, state: { status: 'pending', reminds: [] } }, qqClerk, T0], 'NOTICE_NOT_PUBLISHED'],
    ['confirm a withdrawn notice', [null, confirm(), { ...notice, state: { ...state, status: 'withdrawn' } }, qqClerk, T0], 'NOTICE_WITHDRAWN'],
    [
      'confirm where no 回执 is asked',
      [null, confirm(), { ...notice, meta: meta({ receipt: { required: false, text: 'none', attachment: 'none' } }) }, qqClerk, T0],
      'NOTICE_NO_RECEIPT'
    ],
    [
      'text required but empty',
      [null, confirm({ text: '  ' }), { ...notice, meta: meta({ receipt: { required: true, text: 'required', attachment: 'none' } }) }, qqClerk, T0],
      'NOTICE_TEXT_REQUIRED'
    ],
    ['a read carrying content', [null, { ...read, text: 'x' }, notice, qqClerk, T0], 'NOTICE_BAD_SHAPE'],
    [
      'confirm twice',
      [{ userId: 'qingquan_clerk', unitId: 'qingquan', readAt: T0, confirmedAt: T0 }, confirm(), notice, qqClerk, T0],
      'NOTICE_ALREADY_CONFIRMED'
    ],
    ['confirm with text', [null, confirm({ text: '张三、李四参会' }), notice, qqClerk, T0], null],
    ['a 回执 text with direction controls', [null, confirm({ text: '张三\u2067参会' }), notice, qqClerk, T0], 'BIDI_CONTROL']
  ]
  it.each(cases)('%s', (_n, args, code) => {
    const r = applyReaderRequest(...args)
    expect(r.ok ? null : r.error.code).toBe(code)
  })

  it('confirms before the deadline on time, after it accepted but marked late; a confirm also records the read', () => {
    const onTime = applyReaderRequest(null, confirm({ text: '王丽华参会' }), notice, qqClerk, sh('2026-09-24 23:59'))
    expect(onTime).toEqual({
      ok: true,
      value: { userId: 'qingquan_clerk', unitId: 'qingquan', readAt: sh('2026-09-24 23:59'), confirmedAt: sh('2026-09-24 23:59'), text: '王丽华参会' }
    })
    const late = applyReaderRequest({ userId: 'qingquan_clerk', unitId: 'qingquan', readAt: T0 }, confirm(), notice, qqClerk, sh('2026-09-25 00:01'))
    expect(late.ok && late.value).toMatchObject({ readAt: T0, confirmedAt: sh('2026-09-25 00:01'), late: true })
  })
})

describe('deadline warnings and the publisher tally', () => {
  const { state, audience } = published()
  const receipts = new Map<string, ReceiptRow>([
    ['qingquan_clerk', { userId: 'qingquan_clerk', unitId: 'qingquan', readAt: T0 + 1, confirmedAt: T0 + 2, text: '已收到' }],
    ['sanhua_clerk', { userId: 'sanhua_clerk', unitId: 'sanhua', readAt: T0 + 3 }]
  ])
  const cases: [string, number, string, string][] = [
    ['Monday, three working days left: yellow at once (as a 交办件: within three)', T0, 'yellow', 'yellow'],
    ['Tuesday: two left, still yellow', sh('2026-09-22 09:00'), 'yellow', 'yellow'],
    ['after the due day: unconfirmed red, confirmed on time', sh('2026-09-25 09:00'), 'red', 'red']
  ]
  it.each(cases)('%s', (_n, now, sanhua, bahe) => {
    const t = tally(audience, receipts, ix, { state, receiptRequired: true }, now, cal)
    const p = (id: string) => t.people.find((x) => x.userId === id)!
    expect(p('qingquan_clerk')).toMatchObject({ status: 'confirmed', confirmedAt: T0 + 2, text: '已收到', warning: 'done_on_time' })
    expect(p('sanhua_clerk')).toMatchObject({ status: 'read', readAt: T0 + 3, warning: sanhua })
    expect(p('bahe_clerk')).toMatchObject({ status: 'unread', warning: bahe })
    expect(t).toMatchObject({ total: audience.length, read: 2, unread: audience.length - 2, confirmed: 1, pending: audience.length - 1 })
    expect(t.units).toHaveLength(16)
    expect(t.units[0]).toMatchObject({ unitId: 'qingquan', read: 1, confirmed: 1 })
  })

  it('a withdrawn notice raises no warning', () => {
    expect(receiptWarning({ ...state, status: 'withdrawn' }, undefined, sh('2026-10-30 09:00'), cal)?.level).toBe('cancelled')
  })

  const alarms: [string, number, Partial<NoticeState>, string | null][] = [
    ['two working days before: nothing yet', sh('2026-09-22 09:00'), {}, null],
    ['the working day before the due day: remind the unconfirmed', sh('2026-09-23 08:00'), {}, 'due_soon'],
    ['already reminded', sh('2026-09-23 10:00'), { autoReminded: true }, null],
    ['past the due day: red', sh('2026-09-25 00:00'), { autoReminded: true }, 'overdue'],
    ['red already sent', sh('2026-09-25 10:00'), { autoReminded: true, overdueNotified: true }, null],
    ['withdrawn: never', sh('2026-09-25 10:00'), { status: 'withdrawn' }, null]
  ]
  it.each(alarms)('%s', (_n, now, over, want) => {
    expect(deadlineAlarm({ ...state, ...over }, meta(), now, cal)).toBe(want)
  })
})

describe('oversight: late or missing 回执 per unit', () => {
  const state: NoticeState = {
    status: 'published',
    publishedAt: MON_TEST,
    dueDate: '2026-09-24',
    dueAt: Date.parse('2026-09-24T23:59:59.999+08:00'),
    reminds: []
  }
  const audience = ['qingquan_clerk', 'qingquan_head', 'sanhua_clerk', 'sanhua_head', 'bahe_clerk', 'bahe_head']
  const r = (userId: string, over: Partial<ReceiptRow> = {}): [string, ReceiptRow] => [
    userId,
    { userId, unitId: ix.people.get(userId)!.unitId, readAt: MON_TEST, ...over }
  ]
  const receipts = new Map([
    r('qingquan_clerk', { confirmedAt: MON_TEST }),
    r('qingquan_head', { confirmedAt: MON_TEST }),
    r('sanhua_clerk', { confirmedAt: Date.parse('2026-09-25T09:00:00+08:00'), late: true }),
    r('sanhua_head', { confirmedAt: MON_TEST }),
    r('bahe_clerk')
  ])
  const after = Date.parse('2026-09-25T09:00:00+08:00')
  it('lists only units with a gap, red (missing past the deadline) before late-only, with the counts', () => {
    const gaps = unitGaps(tally(audience, receipts, ix, { state, receiptRequired: true }, after, cal))
    expect(gaps.map((g) => [g.unitId, g.missing, g.late, g.warning])).toEqual([
      ['bahe', 2, 0, 'red'],
      ['sanhua', 0, 1, 'done_late']
    ])
  })
  it("a notice's own level: nothing before the yellow window, yellow near the day, red after it or once warned, none when withdrawn", () => {
    const s = { status: 'published' as const, dueDate: '2026-09-24' }
    expect(noticeLevel(s, Date.parse('2026-09-10T10:00:00+08:00'), cal)).toBe('normal')
    expect(noticeLevel(s, MON_TEST, cal)).toBe('yellow')
    expect(noticeLevel(s, after, cal)).toBe('red')
    expect(noticeLevel({ ...s, alarm: 'overdue' }, MON_TEST, cal)).toBe('red')
    expect(noticeLevel({ ...s, alarm: 'overdue', missing: 2 }, after, cal)).toBe('red')
    expect(noticeLevel({ ...s, alarm: 'overdue', missing: 0 }, after, cal)).toBe('done_late')
    expect(noticeLevel({ ...s, status: 'withdrawn' }, after, cal)).toBeNull()
    expect(noticeLevel({ status: 'published' }, after, cal)).toBeNull()
  })
})

describe('remind the unread: once an hour, three times a notice', () => {
  const cases: [string, number[], number, string | null][] = [
    ['first reminder', [], T0, null],
    ['59 minutes after the last', [T0], T0 + HOUR_MS - 60_000, 'NOTICE_REMIND_TOO_SOON'],
    ['an hour after the last', [T0], T0 + HOUR_MS, null],
    ['a fourth time, a day later', [T0, T0 + HOUR_MS, T0 + 2 * HOUR_MS], T0 + 24 * HOUR_MS, 'NOTICE_REMIND_LIMIT']
  ]
  it.each(cases)('%s', (_n, reminds, now, code) => {
    const r = canRemind({ reminds }, now)
    expect(r.ok ? null : r.error.code).toBe(code)
  })

  it('tells when the button comes back', () => {
    expect(canRemind({ reminds: [T0] }, T0 + 10).nextAt).toBe(T0 + HOUR_MS)
  })

  it('reaches the unread, and the unconfirmed when a 回执 is asked', () => {
    const rows = new Map<string, ReceiptRow>([
      ['a', { userId: 'a', unitId: 'u', readAt: 1 }],
      ['b', { userId: 'b', unitId: 'u', readAt: 1, confirmedAt: 2 }]
    ])
    expect(remindTargets(['a', 'b', 'c'], rows, true)).toEqual(['a', 'c'])
    expect(remindTargets(['a', 'b', 'c'], rows, false)).toEqual(['c'])
  })
})

describe('the 公告栏', () => {
  const n = (id: string, over: Partial<NoticeSummary>): NoticeSummary => ({
    id,
    title: id,
    publisherUnitId: 'zhengfuban',
    status: 'published',
    pinned: false,
    receiptRequired: false,
    updatedAt: 0,
    publishedAt: 0,
    ...over
  })
  const items = [
    n('old', { publishedAt: 1, title: '浠政办〔2026〕3号 关于防汛的通知' }),
    n('new', { publishedAt: 5 }),
    n('pin', { publishedAt: 2, pinned: true }),
    n('exp', { publishedAt: 9, expiresOn: '2026-09-01' }),
    n('draft', { status: 'draft', publishedAt: undefined })
  ]
  it('pinned first, then newest; expired hidden unless asked; drafts never', () => {
    expect(boardView(items, { today: '2026-09-21' }).map((x) => x.id)).toEqual(['pin', 'new', 'old'])
    expect(boardView(items, { today: '2026-09-21', showExpired: true }).map((x) => x.id)).toEqual(['pin', 'exp', 'new', 'old'])
  })
  it.each(['〔2026〕3号', '[2026]3号', '［2026］ 3号', '(2026)3号', '浠政办 防汛', '浠政办〔2026'])('finds the document number typed as %s', (q) => {
    expect(boardView(items, { today: '2026-09-21', query: q }).map((x) => x.id)).toEqual(['old'])
  })
  it('counts what needs action: unread, and 回执 not given; withdrawn notices need nothing', () => {
    expect(
      boardCounts([
        n('a', {}),
        n('b', { readAt: 1, receiptRequired: true }),
        n('c', { readAt: 1, confirmedAt: 2, receiptRequired: true }),
        n('d', { status: 'withdrawn', receiptRequired: true })
      ])
    ).toEqual({ unread: 1, receipt: 1 })
  })
  it('search words never contain bracket characters', () => {
    expect(searchWords('〔〕[]［］()')).toEqual([])
  })
})

describe('a notice to a unit follows the unit (docs/decisions.md, "A notice to a unit follows the unit")', () => {
  // To all townships (whole units) and, by name, the head of 教育局.
  const m = meta({
    audience: [
      { type: 'group', group: 'townships' },
      { type: 'people', userIds: ['jiaoyuju_head'] }
    ]
  })
  const r = applyNoticeEvent({ status: 'draft', reminds: [] }, m, ev('publish', officeClerk), officeClerk, T0, { ...ctx, approvalRequired: false })
  if (!r.ok || !r.value.audience) throw new Error('not published')
  const { state, audience, boards, unitOf } = r.value
  const notice = { meta: m, state, audience: new Set(audience), wholeUnits: boards.units }
  // 任春兰 moves from 教育局 to 清泉镇 after publishing; 王丽华 moves from 清泉镇 to 教育局.
  const newcomer: Actor = { ...actor('jiaoyuju_clerk'), unitId: 'qingquan' }
  const leaver: Actor = { ...qqClerk, unitId: 'jiaoyuju' }
  const confirm = { id: 'c1', type: 'confirm' as const, clientAt: 0 }

  it('keeps each person’s unit at publishing with the audience', () => {
    expect(unitOf.qingquan_clerk).toBe('qingquan')
    expect(unitOf.jiaoyuju_head).toBe('jiaoyuju')
    expect(Object.keys(unitOf).sort()).toEqual(audience)
  })

  const who: [string, Actor, boolean][] = [
    ['a newcomer to an addressed unit', newcomer, true],
    ['someone who left an addressed unit (sent to them)', leaver, true],
    ['a person addressed by name, wherever they are', { ...actor('jiaoyuju_head'), unitId: 'sanhua' }, true],
    ["a newcomer to the named person's unit", { ...actor('gonganju_clerk'), unitId: 'jiaoyuju' }, false],
    ['someone in a unit not addressed', actor('gonganju_clerk'), false],
    ['someone in no unit', { ...actor('gonganju_clerk'), unitId: '' }, false]
  ]
  it.each(who)('%s', (_n, a, want) => {
    expect(isNoticeReader(a, audience, boards.units)).toBe(want)
    expect(isNoticeReader(a, new Set(audience), boards.units)).toBe(want)
    const res = applyReaderRequest(null, confirm, notice, a, T0 + 1)
    expect(res.ok ? null : res.error.code).toBe(want ? null : 'NOTICE_NOT_IN_AUDIENCE')
  })

  it('the tally: a newcomer’s receipt is shown apart and owes nothing; a leaver still owes theirs to the unit it was sent to', () => {
    const after = sh('2026-09-25 09:00')
    const receipts = new Map<string, ReceiptRow>()
    const row = (a: Actor, over: Partial<ReceiptRow> = {}) => receipts.set(a.userId, { userId: a.userId, unitId: a.unitId, readAt: T0 + 1, ...over })
    row(newcomer, { confirmedAt: after, late: true })
    // The directory after both moves.
    const moved = indexDirectory({
      units: seed.units,
      people: seed.people.map((p) => (p.id === newcomer.userId ? { ...p, unitId: 'qingquan' } : p.id === leaver.userId ? { ...p, unitId: 'jiaoyuju' } : p))
    })
    const before = tally(audience, new Map(), ix, { state, receiptRequired: true, audienceUnits: unitOf }, after, cal)
    const t = tally(audience, receipts, moved, { state, receiptRequired: true, audienceUnits: unitOf }, after, cal)
    // The owed counts are the audience at publishing: the newcomer's late 回执 neither adds to them nor closes a gap.
    expect(t).toMatchObject({ total: before.total, confirmed: 0, late: 0, pending: before.pending, joined: 1 })
    const p = (id: string) => t.people.find((x) => x.userId === id)!
    expect(p(newcomer.userId)).toMatchObject({ unitId: 'qingquan', status: 'confirmed', joined: true, late: true })
    expect(p(newcomer.userId).warning).toBeUndefined()
    // 王丽华 left 清泉镇 unconfirmed: still 清泉镇's gap (not 教育局's), red, marked where she is now.
    expect(p(leaver.userId)).toMatchObject({ unitId: 'qingquan', status: 'unread', warning: 'red', movedTo: 'jiaoyuju' })
    const gaps = unitGaps(t)
    const qq = gaps.find((g) => g.unitId === 'qingquan')!
    expect(qq).toMatchObject({ total: 2, confirmed: 0, missing: 2, joined: 1, warning: 'red' })
    expect(gaps.find((g) => g.unitId === 'jiaoyuju')).toMatchObject({ total: 1, missing: 1 })
    // Her 回执, once given (now in 教育局), closes 清泉镇's gap for her.
    row(leaver, { unitId: 'jiaoyuju', confirmedAt: after, late: true })
    const t2 = tally(audience, receipts, moved, { state, receiptRequired: true, audienceUnits: unitOf }, after, cal)
    expect(unitGaps(t2).find((g) => g.unitId === 'qingquan')).toMatchObject({ missing: 1, late: 1 })
  })

  it('keeps the units packed beside the audience: a county of 704 people costs a couple of KB on every reader’s copy', () => {
    const big: Directory = { units: [], people: [] }
    for (let u = 0; u < 64; u++) {
      big.units.push({ id: `unit_${u}`, name: `单位${u}`, kind: u < 16 ? 'township' : 'department', order: u })
      for (let p = 0; p < 11; p++) big.people.push({ id: `unit_${u}_staff${p}`, username: `s${u}_${p}`, name: `人${p}`, unitId: `unit_${u}`, roles: [] })
    }
    const res = resolveAudience([{ type: 'county' }], indexDirectory(big))
    const doc = new Y.Doc()
    noticeServer(doc).set('audience', res.userIds)
    expect(readAudienceUnits(doc)).toBeUndefined()
    const before = Y.encodeStateAsUpdate(doc).length
    noticeServer(doc).set('audienceUnits', packAudienceUnits(res.userIds, res.unitOf))
    expect(readAudienceUnits(doc)).toEqual(res.unitOf)
    expect(Object.keys(res.unitOf)).toHaveLength(704)
    expect(Y.encodeStateAsUpdate(doc).length - before).toBeLessThan(3000)
  })

  it('a notice published before the units were kept counts each person where their receipt or the directory puts them', () => {
    const t = tally(audience, new Map(), ix, { state, receiptRequired: true }, T0, cal)
    expect(t.people.find((x) => x.userId === 'qingquan_clerk')).toMatchObject({ unitId: 'qingquan' })
    expect(t.people.some((x) => x.movedTo !== undefined)).toBe(false)
  })
})
