/**
 * Test fixtures for 公文: a small county, its people, and drivers that play events through the
 * check/apply functions the way the server does — every time an explicit server time.
 */
import { createWorkCalendar } from '../calendar'
import type { Actor, Person, Unit } from '../directory'
import { checkIncoming, applyIncoming, initialIncoming } from './incoming'
import { allocate, docCounterKey, EMPTY_COUNTERS, incomingCounterKey, type CounterState } from './numbering'
import { applyOutgoing, checkOutgoing, resolveRecipients, type Check } from './outgoing'
import { DEFAULT_DOCUMENT_RULES, type DocumentContext, type DocumentRules } from './rules'
import type {
  IncomingEvent,
  IncomingEventType,
  IncomingMeta,
  IncomingState,
  OutgoingEvent,
  OutgoingEventType,
  OutgoingFields,
  OutgoingState,
  RecipientProgress
} from './types'
import { yearOf, shanghaiDate } from '../calendar'
import { progressOf } from './where'

export function sh(wallClock: string): number {
  const [d, t] = wallClock.split(' ')
  const ms = Date.parse(`${d}T${t.length === 5 ? `${t}:00` : t}+08:00`)
  if (Number.isNaN(ms)) throw new Error(`bad wall-clock time: ${wallClock}`)
  return ms
}

export const units: Unit[] = [
  { id: 'zhengfuban', name: '县政府办公室', kind: 'office', order: 1 },
  { id: 'xianlingdao', name: '县领导', kind: 'leadership', order: 1 },
  { id: 'jiwei', name: '县纪委监委', kind: 'discipline', order: 1 },
  { id: 'xianweiban', name: '县委办公室', kind: 'office', order: 2 },
  { id: 'qingquan', name: '清泉镇', kind: 'township', order: 1 },
  { id: 'sanhua', name: '散花镇', kind: 'township', order: 2 },
  { id: 'bahe', name: '巴河镇', kind: 'township', order: 3 },
  { id: 'jiaoyuju', name: '县教育局', kind: 'department', order: 1 },
  { id: 'fagaiju', name: '县发改局', kind: 'department', order: 2 }
]

const person = (id: string, unitId: string, roles: Person['roles'], name: string): Person => ({ id, username: id, unitId, roles, name })
export const persons = {
  /** 县政府办 drafts: two clerks (co-editing), the head (核稿, may sign the office's own documents). */
  clerk: person('zfb_clerk', 'zhengfuban', ['clerk'], '刘明'),
  clerk2: person('zfb_clerk2', 'zhengfuban', ['clerk'], '黄珊'),
  head: person('zfb_head', 'zhengfuban', ['head'], '陈主任'),
  leader: person('xianzhang', 'xianlingdao', ['leader'], '曾新民'),
  otherLeader: person('fuxianzhang1', 'xianlingdao', ['leader'], '田文杰'),
  /** A head of another unit: may not sign the office's documents. */
  otherHead: person('qq_head', 'qingquan', ['head'], '李德胜'),
  qqClerk: person('qq_clerk', 'qingquan', ['clerk'], '王丽华'),
  qqStaff: person('qq_staff', 'qingquan', ['clerk'], '吴强'),
  qqStaff2: person('qq_staff2', 'qingquan', ['clerk'], '赵敏'),
  shClerk: person('sh_clerk', 'sanhua', ['clerk'], '张雪琴'),
  shHead: person('sh_head', 'sanhua', ['head'], '孙海'),
  supervisor: person('duchashi1', 'xianweiban', ['supervisor'], '邓晓燕'),
  reviewer: person('jiwei1', 'jiwei', ['reviewer'], '潘静怡')
} as const
export type Who = keyof typeof persons
export const actor = (w: Who): Actor => {
  const p = persons[w]
  return { userId: p.id, unitId: p.unitId, roles: p.roles, name: p.name }
}

export const cal = createWorkCalendar()
export function makeCtx(over: Partial<Omit<DocumentContext, 'rules'>> & { rules?: Partial<DocumentRules> } = {}): DocumentContext {
  const byId = new Map(Object.values(persons).map((p) => [p.id, p as Person]))
  return {
    cal,
    units,
    personOf: (id) => byId.get(id),
    profileOf: (u) =>
      u === 'zhengfuban'
        ? { docCode: '浠政办发', issuerMark: '浠水县人民政府办公室文件', formalName: '浠水县人民政府办公室' }
        : u === 'qingquan'
          ? { docCode: '清政发' }
          : undefined,
    classifiedAllowed: false,
    ...over,
    rules: { ...DEFAULT_DOCUMENT_RULES, ...over.rules }
  }
}
export const ctx = makeCtx()

export const validFields: OutgoingFields = {
  docType: '通知',
  title: '关于做好2026年冬季森林防火工作的通知',
  mainTo: [{ unitId: 'qingquan' }, { unitId: 'sanhua' }],
  copyTo: [{ unitId: 'jiaoyuju' }],
  urgency: 'none',
  upward: false,
  note: '（联系人：刘明，电话：0713-4221234）',
  attachmentNames: ['森林防火责任分解表'],
  attachments: [],
  replyRequested: true
}

let seq = 0
export function oev(type: OutgoingEventType, who: Who, payload: OutgoingEvent['payload'] = {}): OutgoingEvent {
  const a = actor(who)
  return { id: `o${++seq}`, type, actorId: a.userId, unitId: a.unitId, clientAt: 0, payload }
}
export function iev(type: IncomingEventType, who: Who, payload: IncomingEvent['payload'] = {}): IncomingEvent {
  const a = actor(who)
  return { id: `i${++seq}`, type, actorId: a.userId, unitId: a.unitId, clientAt: 0, payload }
}

export const DOC_ID = 'D2026-0001'
export const T0 = sh('2026-12-01 09:00') // a Tuesday

/**
 * The server's side of a 发文 and its 收文 records, played in memory: check, then apply with server
 * facts (counter numbers at 核发 and 登记), exactly as the hub will in one transaction.
 */
export class County {
  counters: CounterState = EMPTY_COUNTERS
  out: OutgoingState | null = null
  fields: OutgoingFields = { ...validFields }
  incoming = new Map<string, { meta: IncomingMeta; state: IncomingState }>()
  now = T0
  constructor(public ctx: DocumentContext = makeCtx()) {}

  progress(): Record<string, RecipientProgress> {
    return Object.fromEntries([...this.incoming.values()].map((r) => [r.meta.unitId, progressOf(r.meta, r.state)]))
  }
  send(ev: OutgoingEvent, at = (this.now += 60_000)): Check {
    const a = actor(Object.entries(persons).find(([, p]) => p.id === ev.actorId)![0] as Who)
    const c = checkOutgoing(this.out, a, ev, at, this.ctx, { fields: this.fields, progress: this.progress() })
    if (!c.ok || c.noop) return c
    let serial: number | undefined
    if (ev.type === 'issue') {
      const code = this.ctx.profileOf(this.out!.header.draftingUnitId)!.docCode!
      const r = allocate(this.counters, docCounterKey(code, yearOf(shanghaiDate(at))), this.out!.header.id)
      this.counters = r.state
      serial = r.n
    }
    this.out = applyOutgoing(this.out, ev, at, this.ctx, { contentHash: 'h', serial, fields: this.fields })
    if (ev.type === 'issue' || ev.type === 'reissue') {
      const targets =
        ev.type === 'issue'
          ? resolveRecipients(this.fields, this.out.header.draftingUnitId, this.ctx)
          : this.out.recipients!.filter((r) => r.unitId === ev.payload?.targetUnitId)
      for (const r of targets) {
        const meta: IncomingMeta = {
          id: `${this.out.header.id}@${r.unitId}`,
          unitId: r.unitId,
          source: 'internal',
          outgoingId: this.out.header.id,
          fromUnitId: this.out.header.draftingUnitId,
          docNumber: this.out.docNumber!,
          docType: this.fields.docType,
          title: this.fields.title,
          urgency: this.fields.urgency,
          role: r.role,
          replyRequested: this.fields.replyRequested,
          attachments: [],
          deliveredAt: at
        }
        this.incoming.set(r.unitId, { meta, state: initialIncoming(meta) })
      }
    }
    return c
  }
  receive(unitId: string, ev: IncomingEvent, at = (this.now += 60_000)): Check {
    const r = this.incoming.get(unitId)!
    const a = actor(Object.entries(persons).find(([, p]) => p.id === ev.actorId)![0] as Who)
    const c = checkIncoming(r.meta, r.state, a, ev, at, this.ctx)
    if (!c.ok || c.noop) return c
    let serial: number | undefined
    if (ev.type === 'register') {
      const x = allocate(this.counters, incomingCounterKey(unitId, yearOf(shanghaiDate(at))), r.meta.id)
      this.counters = x.state
      serial = x.n
    }
    r.state = applyIncoming(r.meta, r.state, ev, at, this.ctx, { serial })
    return c
  }
  /** Plays the sending steps up to (and including) `until`. */
  draftTo(until: 'drafting' | 'reviewing' | 'signing' | 'signed' | 'issued'): this {
    const steps: [string, () => Check][] = [
      ['drafting', () => this.send(oev('create', 'clerk', { header: { id: DOC_ID, draftingUnitId: 'zhengfuban', createdBy: 'zfb_clerk' } }))],
      ['reviewing', () => this.send(oev('submit', 'clerk'))],
      ['signing', () => this.send(oev('review_approve', 'head', { signerId: 'xianzhang' }))],
      ['signed', () => this.send(oev('sign', 'leader', { text: '同意' }))],
      ['issued', () => this.send(oev('issue', 'clerk'))]
    ]
    for (const [name, step] of steps) {
      const c = step()
      if (!c.ok) throw new Error(`${name}: ${c.error.code}`)
      if (name === until) break
    }
    return this
  }
}
