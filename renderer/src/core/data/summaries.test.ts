import { describe, expect, it } from 'vitest'
import type { RecordSummary } from '@domain/task/types'
import { awaitedFrom, listKeyOf, listsFor, matchesSearch, needsAction, searchKey, statusFor, toRow, type Viewer } from './summaries'

const clerk: Viewer = { userId: 'qingquan_clerk', unitId: 'qingquan', roles: ['clerk'] }
const assistClerk: Viewer = { userId: 'yingji_clerk', unitId: 'yingji', roles: ['clerk'] }
const leader: Viewer = { userId: 'xianzhang', unitId: 'xianlingdao', roles: ['leader'] }

const s = (over: Partial<RecordSummary> = {}): RecordSummary => ({
  id: 't1',
  kind: 'task',
  title: '关于〔2026〕12号文件的落实',
  taskClass: 'standard',
  status: 'assigned',
  leadUnitId: 'qingquan',
  assistUnitIds: ['yingji'],
  assignedBy: 'xianzhang',
  assignedByUnitId: 'xianlingdao',
  createdAt: 1,
  dueDate: '2026-10-19',
  dueAt: 2,
  provisional: false,
  warning: { level: 'normal', remainingWorkingDays: 10 },
  signedUnitIds: [],
  extensions: 0,
  updatedAt: 3,
  ...over
})

describe('list membership', () => {
  it('puts a new task in 待签收 and 待办 for the lead and the assisting unit', () => {
    expect(listsFor(s(), ['inbox'], clerk)).toEqual(['inbox:sign', 'todo'])
    expect(listsFor(s(), ['inbox'], assistClerk)).toEqual(['inbox:sign', 'todo'])
  })

  it('moves a unit to 办理中 once that unit has signed, whatever the others did', () => {
    const signedByLead = s({ status: 'in_progress', signedUnitIds: ['qingquan'] })
    expect(listsFor(signedByLead, ['inbox'], clerk)).toEqual(['inbox:doing'])
    expect(listsFor(signedByLead, ['inbox'], assistClerk)).toEqual(['inbox:sign', 'todo'])
  })

  it('adds 临期 / 超期 to open items by warning level, never to finished ones', () => {
    expect(listsFor(s({ warning: { level: 'yellow' } }), ['inbox'], clerk)).toContain('inbox:yellow')
    expect(listsFor(s({ warning: { level: 'red', lateWorkingDays: 2 } }), ['inbox'], clerk)).toContain('inbox:red')
    const late = s({ status: 'closed', warning: { level: 'done_late', lateWorkingDays: 2 }, finishedAt: 9 })
    expect(listsFor(late, ['inbox', 'oversight'], clerk)).toEqual(['inbox:done', 'oversight:done'])
  })

  it("lists a leader's own tasks under 我交办的, and asks for review when reported", () => {
    expect(listsFor(s(), ['mine', 'inbox'], leader)).toEqual(['mine:sign'])
    const reported = s({ status: 'reported', signedUnitIds: ['qingquan'] })
    expect(listsFor(reported, ['mine'], leader)).toEqual(['mine:doing', 'todo'])
    expect(needsAction({ ...s({ status: 'in_progress', signedUnitIds: ['qingquan'] }), pendingExtension: true } as RecordSummary, leader)).toBe(true)
    expect(listsFor(s(), ['mine'], { ...leader, userId: 'fuxianzhang' })).toEqual([])
  })

  it('never asks a read-only reviewer to act', () => {
    expect(needsAction(s({ leadUnitId: 'jiwei' }), { userId: 'r1', unitId: 'jiwei', roles: ['reviewer'] })).toBe(false)
  })
})

describe('search key', () => {
  it('matches document numbers whatever brackets are typed', () => {
    const row = toRow(s(), ['inbox'], clerk)
    expect(row.search.includes(searchKey('〔2026〕12号'))).toBe(true)
    expect(row.search.includes(searchKey('[2026]12号'))).toBe(true)
    expect(row.search.includes(searchKey('（2026）12号'))).toBe(true)
  })
})

describe('search key normalisation', () => {
  it('folds full-width forms and case, and drops every bracket, punctuation mark and space', () => {
    expect(searchKey('浠政发〔2026〕12号')).toBe('浠政发202612号')
    expect(searchKey('浠政发［２０２６］１２号')).toBe('浠政发202612号')
    expect(searchKey('浠政发【2026】12号')).toBe('浠政发202612号')
    expect(searchKey('浠政发(2026)12号')).toBe('浠政发202612号')
    expect(searchKey('浠政发2026\u300012')).toBe('浠政发202612')
    expect(searchKey('《关于ＡＢＣ的“通知”》、说明；附件：1.')).toBe('关于abc的通知说明附件1')
    expect(searchKey('〔〕［］【】()（）')).toBe('')
  })

  it('indexes each row once per list: open work by deadline, finished work newest first', () => {
    const row = toRow(s({ dueAt: 50, updatedAt: 7 }), ['inbox'], clerk)
    expect(row.listKeys).toEqual([
      ['inbox:sign', 50, -7, 't1'],
      ['todo', 50, -7, 't1']
    ])
    expect(listKeyOf('inbox:done', { id: 'x', dueAt: 50, updatedAt: 7 })).toEqual(['inbox:done', -7, 0, 'x'])
    expect(row.search).toBe(`${searchKey(row.title)}\nt1`)
  })
  it('a task is found by its number typed with any brackets', () => {
    const row = toRow(s({ number: '交办〔2026〕23号' }), ['inbox'], { userId: 'u', unitId: 'qingquan', roles: ['clerk'] })
    for (const q of ['交办〔2026〕23号', '交办[2026]23号', '交办［2026］23', '(2026)23', '2026 23号']) expect(matchesSearch(row, searchKey(q)), q).toBe(true)
    expect(matchesSearch(row, searchKey('〔2026〕24号'))).toBe(false)
  })
})

describe('second pass: cancelled, a unit’s own status, what a 待办 row awaits', () => {
  it('已撤销 is its own tab, not counted under 已办结', () => {
    const c = s({ status: 'cancelled', warning: { level: 'cancelled' } })
    expect(listsFor(c, ['inbox'], clerk)).toEqual(['inbox:cancelled'])
    expect(listsFor(c, ['mine'], leader)).toEqual(['mine:cancelled'])
    expect(listsFor(s({ status: 'closed', warning: { level: 'done_on_time' } }), ['mine'], leader)).toEqual(['mine:done'])
  })
  it('an assisting unit that has not signed sees 待签收 while the record is 办理中', () => {
    const signedByLead = s({ status: 'in_progress', signedUnitIds: ['qingquan'] })
    expect(statusFor(signedByLead, assistClerk)).toBe('assigned')
    expect(statusFor(signedByLead, clerk)).toBe('in_progress')
    expect(statusFor(signedByLead, leader)).toBe('in_progress')
    expect(statusFor(s({ status: 'closed', signedUnitIds: ['qingquan'] }), assistClerk)).toBe('closed')
  })
  it('a 待办 row says what is awaited: 签收, 审批延期, 审核办结', () => {
    expect(awaitedFrom(s(), clerk)).toBe('sign')
    expect(awaitedFrom(s({ status: 'reported', signedUnitIds: ['qingquan', 'yingji'] }), leader)).toBe('review')
    expect(awaitedFrom({ ...s({ status: 'in_progress', signedUnitIds: ['qingquan', 'yingji'] }), pendingExtension: true }, leader)).toBe('decideExtension')
    expect(awaitedFrom(s({ status: 'in_progress', signedUnitIds: ['qingquan', 'yingji'] }), clerk)).toBeNull()
  })
})
