/**
 * When the server writes `state` and `summary` (only when more than time
 * moved), and how readers get the record's time either way: from records
 * written before (every event rewrote both) and after.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { lastReceiptAt, movesOnlyTime, readTaskState, readTaskSummary, receiptsMap, serverMap } from './doc'
import { inProgress, people, sh } from './fixtures'
import { summarize } from './workflow'

describe('movesOnlyTime', () => {
  it('a 反馈 on the same day moves only time; a signature, a chase or a new day do not', () => {
    const st = inProgress()
    const before = st.s
    const p = st.act(people.leadClerk, 'progress', { text: '已部署' }, sh('2026-09-23 10:00'))
    expect(before.lastEventAt).not.toBe(st.s.lastEventAt)
    // 09-22 → 09-23: one working day fewer left, the stored warning must be rewritten.
    expect(movesOnlyTime(before, st.s, [p], new Set())).toBe(false)
    const sameDay = st.s
    const p2 = st.act(people.leadClerk, 'progress', { text: '再反馈' }, sh('2026-09-23 16:00'))
    expect(movesOnlyTime(sameDay, st.s, [p2], new Set())).toBe(true)
    const beforeChase = st.s
    const chase = st.act(people.assigner, 'chase', undefined, sh('2026-09-23 17:00'))
    expect(movesOnlyTime(beforeChase, st.s, [chase], new Set())).toBe(false)
    expect(movesOnlyTime(null, st.s, [p2], new Set())).toBe(false)
  })
})

describe('reading the record time', () => {
  const doc = (stateAt: number, receipts: number[]) => {
    const d = new Y.Doc()
    const st = inProgress()
    const state = { ...st.s, lastEventAt: stateAt }
    serverMap(d).set('state', state)
    serverMap(d).set('summary', summarize(st.m, state))
    for (const [i, at] of receipts.entries()) receiptsMap(d).set(`e${i}`, { seq: i + 1, at })
    return d
  }

  it('a record written when every event rewrote the state reads as stored', () => {
    const d = doc(2000, [1000, 2000])
    expect(readTaskState(d)).toBe(serverMap(d).get('state'))
    expect(readTaskSummary(d)?.updatedAt).toBe(2000)
  })

  it('a 反馈 after the last stored state: its receipt gives the time', () => {
    const d = doc(2000, [1000, 2000, 3000])
    expect(lastReceiptAt(d)).toBe(3000)
    expect(readTaskState(d)?.lastEventAt).toBe(3000)
    expect(readTaskSummary(d)?.updatedAt).toBe(3000)
    expect(readTaskState(d)?.status).toBe('in_progress')
  })
})
