/**
 * 收文: every step allowed and refused per role and state (one table), deadlines by urgency on the
 * work calendar, 传阅 reads, 催办 limits, 办结 with 答复, and 外来文 following the same steps.
 */
import { describe, expect, it } from 'vitest'
import { County, ctx, iev, makeCtx, sh, type Who } from './fixtures'
import { availableIncomingActions, checkIncoming, deadlineCap, initialIncoming, applyIncoming } from './incoming'
import type { Check } from './outgoing'
import type { IncomingEventType, IncomingMeta, IncomingStatus } from './types'
import { actor } from './fixtures'

const outcome = (c: Check) => (c.ok ? (c.noop ? 'noop' : 'ok') : c.error.code)
const U = 'qingquan'
const ACTORS: Who[] = ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2', 'shClerk', 'shHead', 'leader', 'supervisor', 'reviewer', 'clerk']
const PAYLOAD: Record<IncomingEventType, object> = {
  sign: {},
  register: {},
  accept: {},
  return: { reason: '不属于本单位职责' },
  propose: { text: '建议由综治办牵头办理', mode: 'handle' },
  instruct: { text: '请吴强同志牵头抓落实', leadUserId: 'qq_staff' },
  progress: { text: '已召开专题会议' },
  add_readers: { readerIds: ['xianzhang'] },
  read: { text: '已阅' },
  chase: { text: '请加快进度' },
  complete: { text: '已落实', reply: '我镇已全面部署' }
}

/** Plays a 收文 in 清泉镇 up to `status`. */
function at(status: Exclude<IncomingStatus, 'returned' | 'withdrawn'>): County {
  const c = new County().draftTo('issued')
  const steps: [IncomingStatus, IncomingEventType, Who][] = [
    ['signed', 'sign', 'qqClerk'],
    ['registered', 'register', 'qqClerk'],
    ['accepted', 'accept', 'qqClerk'],
    ['proposed', 'propose', 'qqClerk'],
    ['handling', 'instruct', 'otherHead'],
    ['done', 'complete', 'qqStaff']
  ]
  if (status === 'delivered') return c
  for (const [s, type, who] of steps) {
    const r = c.receive(U, iev(type, who, PAYLOAD[type] as never))
    if (!r.ok) throw new Error(`${s}: ${r.error.code}`)
    if (s === 'handling') c.receive(U, iev('add_readers', 'otherHead', { readerIds: ['qq_staff2'] }))
    if (s === status) break
  }
  return c
}

/** state → event → [who gets 'ok'], [who gets 'noop']; everyone else is refused. */
const TABLE: Record<Exclude<IncomingStatus, 'returned' | 'withdrawn'>, Partial<Record<IncomingEventType, [Who[], Who[]?]>>> = {
  delivered: { sign: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']] },
  signed: { register: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']], sign: [[], ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']] },
  registered: {
    accept: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']],
    return: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']],
    sign: [[], ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']]
  },
  accepted: { propose: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']], sign: [[], ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']] },
  proposed: { instruct: [['otherHead', 'leader']], sign: [[], ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']] },
  handling: {
    sign: [[], ['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']],
    progress: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']],
    add_readers: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']],
    read: [['qqStaff2']],
    chase: [['otherHead', 'supervisor']],
    complete: [['qqClerk', 'otherHead', 'qqStaff', 'qqStaff2']]
  },
  done: { read: [['qqStaff2']] }
}

describe('收文: who may do what in which state', () => {
  for (const [status, row] of Object.entries(TABLE) as [keyof typeof TABLE, (typeof TABLE)[keyof typeof TABLE]][])
    for (const type of Object.keys(PAYLOAD) as IncomingEventType[])
      it(`${status} · ${type}`, () => {
        const [oks, noops = []] = row[type] ?? [[], []]
        for (const who of ACTORS) {
          const c = at(status)
          const got = outcome(c.receive(U, iev(type, who, PAYLOAD[type] as never)))
          expect(got, who).toBe(oks.includes(who) ? 'ok' : noops.includes(who) ? 'noop' : got === 'ok' || got === 'noop' ? 'refused' : got)
        }
      })

  it('another recipient unit cannot act on this unit’s record, nor read-only oversight, nor the sender', () => {
    const c = at('proposed')
    expect(outcome(c.receive(U, iev('instruct', 'shHead', PAYLOAD.instruct as never)))).toBe('NOT_HEAD')
    expect(outcome(c.receive(U, iev('instruct', 'reviewer', PAYLOAD.instruct as never)))).toBe('READ_ONLY')
    expect(outcome(c.receive(U, iev('propose', 'clerk', PAYLOAD.propose as never)))).toBe('NOT_RECEIVING_UNIT')
  })
  it('a 收文编号 sent by a client is forgery; the server’s counter numbers per unit and year, gapless', () => {
    const c = at('signed')
    expect(outcome(c.receive(U, iev('register', 'qqClerk', { number: '收〔2026〕99号' })))).toBe('FORGED_NUMBER')
    c.receive(U, iev('register', 'qqClerk'))
    c.receive('sanhua', iev('sign', 'shClerk'))
    c.receive('sanhua', iev('register', 'shClerk'))
    expect(c.incoming.get(U)!.state.number).toBe('收〔2026〕1号')
    expect(c.incoming.get('sanhua')!.state.number).toBe('收〔2026〕1号')
  })
})

describe('批办 deadlines on the work calendar', () => {
  const meta = (urgency: IncomingMeta['urgency']): Pick<IncomingMeta, 'urgency'> => ({ urgency })
  it('特急: the same working day; on a Saturday, the next working day', () => {
    expect(deadlineCap(meta('teji'), sh('2026-12-01 16:00'), ctx)).toBe('2026-12-01')
    expect(deadlineCap(meta('teji'), sh('2026-12-05 10:00'), ctx)).toBe('2026-12-07')
  })
  it('加急 and 办件 use the admin’s working days, skipping weekends and holidays', () => {
    expect(deadlineCap(meta('jiaji'), sh('2026-12-04 10:00'), ctx)).toBe('2026-12-09') // Fri + 3 working days
    expect(deadlineCap(meta('none'), sh('2026-09-28 10:00'), ctx)).toBe(ctx.cal.addWorkingDays('2026-09-28', 10))
    expect(deadlineCap(meta('jiaji'), sh('2026-12-04 10:00'), makeCtx({ rules: { jiajiWorkingDays: 1 } }))).toBe('2026-12-07')
  })
  it('批办 may set an earlier deadline, never a later one than the urgency allows', () => {
    const c = at('proposed')
    c.incoming.get(U)!.meta.urgency = 'teji'
    const t = sh('2026-12-02 10:00')
    expect(outcome(c.receive(U, iev('instruct', 'otherHead', { ...PAYLOAD.instruct, dueDate: '2026-12-03' }), t))).toBe('DEADLINE_TOO_LATE')
    expect(outcome(c.receive(U, iev('instruct', 'otherHead', { ...PAYLOAD.instruct, dueDate: '2026-12-01' }), t))).toBe('BAD_DATE')
    expect(outcome(c.receive(U, iev('instruct', 'otherHead', { ...PAYLOAD.instruct }), t))).toBe('ok')
    const s = c.incoming.get(U)!.state
    expect(s.instruction!.dueDate).toBe('2026-12-02')
    expect(s.warning?.level).toBe('yellow')
  })
  it('主办 and 协办 must be people of the receiving unit', () => {
    const c = at('proposed')
    expect(outcome(c.receive(U, iev('instruct', 'otherHead', { ...PAYLOAD.instruct, leadUserId: 'sh_clerk' })))).toBe('BAD_HANDLER')
    expect(outcome(c.receive(U, iev('instruct', 'otherHead', { ...PAYLOAD.instruct, assistUserIds: ['qq_staff'] })))).toBe('BAD_HANDLER')
  })
})

describe('传阅, 催办, 办结', () => {
  it('each reader’s read is recorded once with server time and 阅示; readers are added while it circulates', () => {
    const c = at('handling')
    const t = c.now + 3_600_000
    expect(c.receive(U, iev('read', 'qqStaff2', { text: '同意，抓紧落实' }), t).ok).toBe(true)
    expect(outcome(c.receive(U, iev('read', 'qqStaff2', { text: '再阅' }), t + 1))).toBe('noop')
    expect(c.incoming.get(U)!.state.readers.qq_staff2).toMatchObject({ readAt: t, comment: '同意，抓紧落实' })
    expect(c.receive(U, iev('add_readers', 'qqStaff', { readerIds: ['xianzhang'] })).ok).toBe(true)
    expect(outcome(c.receive(U, iev('add_readers', 'qqStaff', { readerIds: ['sh_clerk'] })))).toBe('BAD_READER')
    expect(c.receive(U, iev('read', 'leader')).ok).toBe(true)
  })
  it('another unit’s head may be named a reader, and then writes only their own read', () => {
    const c = at('handling')
    expect(c.receive(U, iev('add_readers', 'qqStaff', { readerIds: ['sh_head'] })).ok).toBe(true)
    expect(outcome(c.receive(U, iev('progress', 'shHead', { text: '代为反馈' })))).toBe('NOT_HANDLER')
    expect(outcome(c.receive(U, iev('add_readers', 'shHead', { readerIds: ['sh_clerk'] })))).toBe('NOT_ALLOWED')
    expect(outcome(c.receive(U, iev('complete', 'shHead', { text: '已办', reply: '已办' })))).toBe('NOT_HANDLER')
    expect(outcome(c.receive(U, iev('read', 'shClerk')))).toBe('NOT_READER')
    expect(c.receive(U, iev('read', 'shHead', { text: '已阅' })).ok).toBe(true)
    expect(c.incoming.get(U)!.state.readers.sh_head).toMatchObject({ comment: '已阅' })
  })
  it('催办 by the head or 督查室, at most once per interval and N a day', () => {
    const c = at('handling')
    const t = sh('2026-12-03 09:00')
    expect(c.receive(U, iev('chase', 'supervisor'), t).ok).toBe(true)
    expect(outcome(c.receive(U, iev('chase', 'otherHead'), t + 60_000))).toBe('CHASE_TOO_SOON')
    expect(c.receive(U, iev('chase', 'otherHead'), t + 11 * 60_000).ok).toBe(true)
    expect(c.receive(U, iev('chase', 'otherHead'), t + 22 * 60_000).ok).toBe(true)
    expect(outcome(c.receive(U, iev('chase', 'otherHead'), t + 33 * 60_000))).toBe('CHASE_LIMIT')
  })
  it('办结 needs the 答复 when the sender asked for one; the sender’s trace then carries it', () => {
    const c = at('handling')
    expect(outcome(c.receive(U, iev('complete', 'qqStaff', { text: '已落实' })))).toBe('REPLY_REQUIRED')
    expect(c.receive(U, iev('complete', 'qqStaff', { text: '已落实', reply: '我镇已全面部署' })).ok).toBe(true)
    expect(c.progress()[U].reply?.text).toBe('我镇已全面部署')
    expect(c.incoming.get(U)!.state.warning?.level).toBe('done_on_time')
  })
  it('退回 at 初审 goes back to the sender, who may reissue to that unit only', () => {
    const c = at('registered')
    expect(c.receive(U, iev('return', 'qqClerk', { reason: '非本单位职责' })).ok).toBe(true)
    expect(c.progress()[U].returned?.reason).toBe('非本单位职责')
    expect(c.send({ id: 'r1', type: 'reissue', actorId: 'zfb_clerk', unitId: 'zhengfuban', clientAt: 0, payload: { targetUnitId: 'sanhua' } }).ok).toBe(false)
    expect(c.send({ id: 'r2', type: 'reissue', actorId: 'zfb_clerk', unitId: 'zhengfuban', clientAt: 0, payload: { targetUnitId: U } }).ok).toBe(true)
    expect(c.incoming.get(U)!.state.status).toBe('delivered')
  })
})

describe('外来文登记', () => {
  it('a document from the city follows the same steps; 办结 needs no 答复 to an outside sender', () => {
    const meta: IncomingMeta = {
      id: 'EXT-1',
      unitId: U,
      source: 'external',
      fromOrg: '黄冈市人民政府办公室',
      docNumber: '黄政办发〔2026〕8号',
      title: '关于开展安全生产大检查的通知',
      urgency: 'jiaji',
      role: 'main',
      replyRequested: true,
      attachments: [],
      deliveredAt: sh('2026-12-01 09:00'),
      registeredBy: 'qq_clerk'
    }
    let s = initialIncoming(meta)
    let n = 0
    const play = (type: IncomingEventType, who: Who, payload: object = PAYLOAD[type]) => {
      const ev = iev(type, who, payload as never)
      const t = sh('2026-12-01 10:00') + ++n * 60_000
      const c = checkIncoming(meta, s, actor(who), ev, t, ctx)
      if (!c.ok) throw new Error(`${type}: ${c.error.code}`)
      s = applyIncoming(meta, s, ev, t, ctx, { serial: 5 })
    }
    play('sign', 'qqClerk')
    play('register', 'qqClerk')
    play('accept', 'qqClerk')
    play('propose', 'qqClerk')
    play('instruct', 'otherHead')
    expect(s.instruction!.dueDate).toBe('2026-12-04')
    play('complete', 'qqStaff', { text: '已检查完毕' })
    expect(s.status).toBe('done')
    expect(s.number).toBe('收〔2026〕5号')
  })
})

describe('buttons', () => {
  it('the clerk sees 签收 first, the head 批办 later, a stranger nothing', () => {
    const c = at('delivered')
    const r = c.incoming.get(U)!
    expect(availableIncomingActions(r.meta, r.state, actor('qqClerk'), c.now, ctx)).toEqual(['sign'])
    expect(availableIncomingActions(r.meta, r.state, actor('shClerk'), c.now, ctx)).toEqual([])
    const p = at('proposed')
    const q = p.incoming.get(U)!
    expect(availableIncomingActions(q.meta, q.state, actor('otherHead'), p.now, ctx)).toContain('instruct')
    expect(availableIncomingActions(q.meta, q.state, actor('qqClerk'), p.now, ctx)).not.toContain('instruct')
  })
})
