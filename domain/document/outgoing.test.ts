/**
 * 发文: every step allowed and refused per role and state (one table), edits per state, the
 * 密级 rule, forged numbers and actors, 撤回签发 back to the signer, and withdrawal after signing.
 */
import { describe, expect, it } from 'vitest'
import { actor, County, ctx, DOC_ID, makeCtx, oev, validFields, type Who } from './fixtures'
import { CLASSIFIED_RULE } from './labels'
import { availableOutgoingActions, checkEdit, checkFields, resolveRecipients, type Check } from './outgoing'
import type { OutgoingEventType, OutgoingStatus } from './types'

const outcome = (c: Check) => (c.ok ? (c.noop ? 'noop' : 'ok') : c.error.code)

const ACTORS: Who[] = ['clerk', 'clerk2', 'head', 'leader', 'otherLeader', 'otherHead', 'shClerk', 'supervisor', 'reviewer']
const PAYLOAD: Record<Exclude<OutgoingEventType, 'create'>, object> = {
  submit: {},
  review_return: { reason: '第二段表述不准确' },
  review_approve: { signerId: 'xianzhang' },
  sign: { text: '同意' },
  unsign: { reason: '复核发现附件不全' },
  issue: {},
  reissue: { targetUnitId: 'qingquan' },
  remind: { targetUnitId: 'qingquan' },
  withdraw: { reason: '内容有误' }
}
/** state → event → who may do it; every other pair must be refused. */
const ALLOWED: Record<Exclude<OutgoingStatus, 'withdrawn'>, Partial<Record<keyof typeof PAYLOAD, Who[]>>> = {
  drafting: { submit: ['clerk', 'clerk2', 'head'], withdraw: ['head'] },
  reviewing: { review_return: ['head'], review_approve: ['head'], withdraw: ['head'] },
  signing: { review_return: ['leader'], sign: ['leader'], withdraw: ['head'] },
  signed: { unsign: ['clerk', 'clerk2', 'head', 'leader'], issue: ['clerk', 'clerk2', 'head'], withdraw: ['head'] },
  issued: { remind: ['clerk', 'clerk2', 'head'], withdraw: ['head'] }
}

describe('发文: who may do what in which state', () => {
  for (const [state, allowed] of Object.entries(ALLOWED) as [keyof typeof ALLOWED, (typeof ALLOWED)[keyof typeof ALLOWED]][]) {
    for (const type of Object.keys(PAYLOAD) as (keyof typeof PAYLOAD)[]) {
      it(`${state} · ${type}: allowed for ${allowed[type]?.join(', ') || 'nobody'}`, () => {
        for (const who of ACTORS) {
          const county = new County().draftTo(state)
          const got = outcome(county.send(oev(type, who, PAYLOAD[type] as never)))
          const want = allowed[type]?.includes(who)
          if (want) expect(got, `${who}`).toBe('ok')
          else expect(got, `${who}`).not.toBe('ok')
        }
      })
    }
  }
  it('nothing is allowed once withdrawn', () => {
    for (const type of Object.keys(PAYLOAD) as (keyof typeof PAYLOAD)[])
      for (const who of ACTORS) {
        const county = new County().draftTo('issued')
        expect(county.send(oev('withdraw', 'head', { reason: '内容有误' })).ok).toBe(true)
        expect(outcome(county.send(oev(type, who, PAYLOAD[type] as never)))).not.toBe('ok')
      }
  })
  it('refusals say why in Chinese', () => {
    const county = new County().draftTo('signing')
    const c = county.send(oev('sign', 'otherLeader', { text: '同意' }))
    expect(c).toEqual({ ok: false, error: { code: 'NOT_SIGNER', message: '您不是该公文的签发人' } })
  })
})

describe('发文: who may edit the body and fields', () => {
  const cases: [OutgoingStatus, Who[]][] = [
    ['drafting', ['clerk', 'clerk2', 'head']],
    ['reviewing', ['head']],
    ['signing', []],
    ['signed', []],
    ['issued', []]
  ]
  for (const [state, editors] of cases)
    it(`${state}: ${editors.join(', ') || 'nobody'}`, () => {
      const county = new County().draftTo(state as never)
      for (const who of ACTORS) expect(checkEdit(county.out, actor(who)).ok, who).toBe(editors.includes(who))
    })
  it('after 签发 an edit is refused with the reason (frozen), not a generic error', () => {
    const county = new County().draftTo('signed')
    const c = checkEdit(county.out, actor('head'))
    expect(c.ok ? '' : c.error.code).toBe('SIGNED_FROZEN')
  })
  it('撤回签发 sends it back to the signer (复核), who may return it for changes; then the unit edits again', () => {
    const county = new County().draftTo('signed')
    expect(county.send(oev('unsign', 'clerk', { reason: '复核发现主送单位有误' })).ok).toBe(true)
    expect(county.out!.status).toBe('signing')
    expect(county.out!.signerId).toBe('xianzhang')
    expect(county.out!.unsigns).toHaveLength(1)
    expect(checkEdit(county.out, actor('clerk')).ok).toBe(false)
    expect(county.send(oev('review_return', 'leader', { reason: '请改主送' })).ok).toBe(true)
    expect(checkEdit(county.out, actor('clerk')).ok).toBe(true)
  })
})

describe('发文: signer, numbers, actors', () => {
  it('the unit head may sign the unit’s own documents, not another unit’s; a clerk never', () => {
    const own = new County().draftTo('reviewing')
    expect(own.send(oev('review_approve', 'head', { signerId: 'zfb_head' })).ok).toBe(true)
    expect(own.send(oev('sign', 'head')).ok).toBe(true)
    for (const signerId of ['qq_head', 'zfb_clerk', 'jiwei1', 'nobody']) {
      const c = new County().draftTo('reviewing')
      expect(outcome(c.send(oev('review_approve', 'head', { signerId })))).toBe('BAD_SIGNER')
    }
  })
  it('a clerk of one unit cannot sign for another (even naming himself)', () => {
    const county = new County().draftTo('signing')
    const forged = { ...oev('sign', 'shClerk'), unitId: 'zhengfuban' }
    expect(outcome(county.send(forged))).toBe('FORGED_ACTOR')
    expect(outcome(county.send(oev('sign', 'shClerk')))).toBe('NOT_SIGNER')
  })
  it('a 字号 sent by a client is forgery at any step', () => {
    for (const state of ['drafting', 'signed', 'issued'] as const) {
      const county = new County().draftTo(state)
      expect(
        outcome(
          county.send(oev(state === 'signed' ? 'issue' : 'withdraw', state === 'signed' ? 'clerk' : 'head', { reason: 'x', docNumber: '浠政办发〔2026〕1号' }))
        )
      ).toBe('FORGED_NUMBER')
    }
  })
  it('核发 assigns <代字>〔year〕n号 in the Shanghai year of the server time, and resolves the recipients', () => {
    const county = new County().draftTo('signed')
    expect(county.send(oev('issue', 'clerk'), Date.parse('2026-12-31T16:30:00Z')).ok).toBe(true) // 2027-01-01 00:30 in Shanghai
    expect(county.out!.docNumber).toBe('浠政办发〔2027〕1号')
    expect(county.out!.recipients).toEqual([
      { unitId: 'qingquan', role: 'main' },
      { unitId: 'sanhua', role: 'main' },
      { unitId: 'jiaoyuju', role: 'copy' }
    ])
    expect([...county.incoming.keys()]).toEqual(['qingquan', 'sanhua', 'jiaoyuju'])
  })
  it('a unit without a 发文代字 cannot issue', () => {
    const county = new County(makeCtx({ profileOf: () => undefined })).draftTo('signed')
    expect(outcome(county.send(oev('issue', 'clerk')))).toBe('NO_DOC_CODE')
  })
  it('create: the header must name the actor and the actor’s unit', () => {
    const c = new County()
    expect(outcome(c.send(oev('create', 'clerk', { header: { id: DOC_ID, draftingUnitId: 'qingquan', createdBy: 'zfb_clerk' } })))).toBe('FORGED_ACTOR')
    expect(outcome(c.send(oev('create', 'reviewer', { header: { id: DOC_ID, draftingUnitId: 'jiwei', createdBy: 'jiwei1' } })))).toBe('NOT_ALLOWED')
    expect(outcome(c.send(oev('submit', 'clerk')))).toBe('NOT_CREATED')
  })
  it('送核稿 needs a title and a 主送', () => {
    const county = new County().draftTo('drafting')
    county.fields = { ...validFields, title: '  ' }
    expect(outcome(county.send(oev('submit', 'clerk')))).toBe('BAD_TITLE')
    county.fields = { ...validFields, mainTo: [] }
    expect(outcome(county.send(oev('submit', 'clerk')))).toBe('NO_MAIN_TO')
    county.fields = { ...validFields, mainTo: [{ unitId: 'nowhere' }] }
    expect(outcome(county.send(oev('submit', 'clerk')))).toBe('BAD_UNIT')
  })
})

describe('密级 (classified)', () => {
  it('refused on this network, with the rule cited, whatever else the fields hold', () => {
    for (const extra of [{ classification: '秘密' }, { copies: 3 }, { secrecyPeriod: '1年' }, { classification: '绝密', title: 123 }]) {
      const c = checkFields({ ...validFields, ...extra }, ctx, false)
      expect(c).toEqual({ ok: false, error: { code: 'CLASSIFIED_REFUSED', message: CLASSIFIED_RULE } })
    }
    expect(CLASSIFIED_RULE).toContain('保守国家秘密法')
  })
  it('allowed with the deployment flag, together with 份号 (copies), which needs a 密级', () => {
    const classified = makeCtx({ classifiedAllowed: true })
    expect(checkFields({ ...validFields, classification: '机密', secrecyPeriod: '10年', copies: 30 }, classified, true).ok).toBe(true)
    expect(outcome(checkFields({ ...validFields, copies: 30 }, classified, true))).toBe('BAD_FIELDS')
  })
})

describe('主送/抄送 groups', () => {
  it('各乡镇 and 县直各部门 expand from the directory; a unit named twice stays 主送; the drafting unit is left out', () => {
    const r = resolveRecipients(
      { mainTo: [{ group: 'townships' }, { unitId: 'zhengfuban' }], copyTo: [{ group: 'departments' }, { unitId: 'sanhua' }] },
      'zhengfuban',
      ctx
    )
    expect(r).toEqual([
      { unitId: 'qingquan', role: 'main' },
      { unitId: 'sanhua', role: 'main' },
      { unitId: 'bahe', role: 'main' },
      { unitId: 'jiaoyuju', role: 'copy' },
      { unitId: 'fagaiju', role: 'copy' }
    ])
  })
})

describe('撤销/作废', () => {
  it('before anyone signed: a reason suffices; after a recipient signed: only with a 撤回通知', () => {
    const early = new County().draftTo('issued')
    expect(early.send(oev('withdraw', 'head', { reason: '内容有误' })).ok).toBe(true)
    const late = new County().draftTo('issued')
    expect(late.receive('qingquan', { id: 'x1', type: 'sign', actorId: 'qq_clerk', unitId: 'qingquan', clientAt: 0 }).ok).toBe(true)
    expect(outcome(late.send(oev('withdraw', 'head', { reason: '内容有误' })))).toBe('NOTICE_REQUIRED')
    expect(late.send(oev('withdraw', 'head', { reason: '内容有误', text: '该文件撤回，请勿执行' })).ok).toBe(true)
    expect(late.out!.withdrawn?.notice).toBe(true)
    expect(late.out!.docNumber).toBe('浠政办发〔2026〕1号') // kept on record, never reused
  })
  it('提醒签收 is rate-limited like 催办 and only for units that have not signed', () => {
    const county = new County().draftTo('issued')
    const t = county.now
    expect(county.send(oev('remind', 'clerk', { targetUnitId: 'qingquan' }), t + 1000).ok).toBe(true)
    expect(outcome(county.send(oev('remind', 'clerk', { targetUnitId: 'qingquan' }), t + 2000))).toBe('CHASE_TOO_SOON')
    expect(county.send(oev('remind', 'clerk', { targetUnitId: 'sanhua' }), t + 3000).ok).toBe(true)
    expect(outcome(county.send(oev('remind', 'clerk', { targetUnitId: 'bahe' })))).toBe('BAD_UNIT')
  })
})

describe('buttons', () => {
  it('each person sees the actions the policy would accept', () => {
    const county = new County().draftTo('reviewing')
    const facts = { fields: county.fields, progress: {} }
    expect(availableOutgoingActions(county.out, actor('head'), county.now, ctx, facts)).toEqual(['review_return', 'review_approve', 'withdraw'])
    expect(availableOutgoingActions(county.out, actor('clerk'), county.now, ctx, facts)).toEqual([])
    const signed = new County().draftTo('signed')
    expect(availableOutgoingActions(signed.out, actor('clerk'), signed.now, ctx, { fields: signed.fields, progress: {} })).toEqual(['unsign', 'issue'])
  })
})
