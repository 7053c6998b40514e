import { describe, expect, it } from 'vitest'
import { parseTaskEvent, taskEventSchema } from './schema'

const sha = 'a'.repeat(64)
const good = {
  id: 'e1',
  type: 'progress',
  actorId: 'u1',
  unitId: 'unit-1',
  clientAt: 1,
  payload: { text: '进展', attachments: [{ id: sha, name: 'a.pdf', size: 3, mime: 'application/pdf' }] }
}

// Every way the hot-path check could drift from the schema a reviewer reads.
const cases: unknown[] = [
  good,
  { ...good, payload: undefined },
  { id: 'e1', type: 'sign', actorId: 'u1', unitId: 'u', clientAt: 0 },
  // 更正 of a 代录 task: the corrected title travels in the payload.
  { id: 'e2', type: 'correct', actorId: 'u1', unitId: 'u', clientAt: 0, payload: { title: '更正后的标题', reason: '记录有误' } },
  { id: 'e2', type: 'correct', actorId: 'u1', unitId: 'u', clientAt: 0, payload: { title: '' } },
  { id: 'e2', type: 'correct', actorId: 'u1', unitId: 'u', clientAt: 0, payload: { title: 'x'.repeat(201) } },
  null,
  1,
  'x',
  [],
  [good],
  { ...good, extra: 1 },
  { ...good, id: '' },
  { ...good, id: 'a'.repeat(65) },
  { ...good, id: 'a b' },
  { ...good, id: 7 },
  { ...good, type: 'delete' },
  { ...good, type: 'toString' },
  { ...good, type: undefined },
  { ...good, actorId: 'x/y' },
  { ...good, unitId: null },
  { ...good, clientAt: Number.NaN },
  { ...good, clientAt: Infinity },
  { ...good, clientAt: '1' },
  { ...good, payload: null },
  { ...good, payload: [] },
  { ...good, payload: { bogus: 1 } },
  { ...good, payload: { text: 'x'.repeat(5000) } },
  { ...good, payload: { text: 'x'.repeat(5001) } },
  { ...good, payload: { text: 1 } },
  { ...good, payload: { reason: 'x'.repeat(5001) } },
  { ...good, payload: { proposedDate: '2026-01-02' } },
  { ...good, payload: { proposedDate: '2026-1-2' } },
  { ...good, payload: { requestId: 'r-1' } },
  { ...good, payload: { requestId: 'r 1' } },
  { ...good, payload: { granted: true } },
  { ...good, payload: { granted: 'yes' } },
  { ...good, payload: { targetUnitId: 'u2' } },
  { ...good, payload: { targetUnitId: '' } },
  { ...good, payload: { attachments: [] } },
  { ...good, payload: { attachments: {} } },
  { ...good, payload: { attachments: Array(21).fill(good.payload.attachments[0]) } },
  { ...good, payload: { attachments: Array(20).fill(good.payload.attachments[0]) } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], id: 'A'.repeat(64) }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], name: '' }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], name: 'n'.repeat(201) }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], size: 1.5 }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], size: -1 }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], size: 50 * 1024 * 1024 + 1 }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], mime: 'm'.repeat(101) }] } },
  { ...good, payload: { attachments: [{ ...good.payload.attachments[0], extra: true }] } },
  { ...good, payload: { attachments: [null] } }
]

describe('parseTaskEvent (the hot-path check) accepts exactly what taskEventSchema accepts', () => {
  it.each(cases.map((c, i) => [i, c]))('case %i', (_i, c) => {
    expect(parseTaskEvent(c) !== null).toBe(taskEventSchema.safeParse(c).success)
  })
  it('accepts the legal events and refuses an unknown field', () => {
    expect(parseTaskEvent(good)).not.toBeNull()
    expect(parseTaskEvent({ ...good, extra: 1 })).toBeNull()
  })
})
