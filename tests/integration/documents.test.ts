/**
 * 公文 through a real server with stock y-websocket clients: a draft is written, reviewed, signed
 * and issued to three units; each misbehaving client is refused and the refusal is on the trail —
 * editing after signing, forging the 字号, reading another recipient unit's internal handling,
 * marking a document classified, a clerk of one unit signing for another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  CLASSIFIED_RULE,
  diffSnapshots,
  readDocumentDeployment,
  type DocDeadlineRow,
  readIncomingState,
  type AuthorBook,
  type DocSummary,
  readOutgoingState,
  type IncomingEvent,
  type OutgoingEvent,
  type RecipientProgress
} from '@domain/document'
import { connect, login, outgoingFields, pushEvent, startServer, synced, waitFor, writeFields } from './harness'

let now = Date.parse('2026-12-01T09:00:00+08:00')
let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer({ clock: () => now })
})
afterAll(() => server.cleanup())

const DOC = 'D20261201a'
const fields = outgoingFields({ title: '关于做好冬季森林防火工作的通知', urgency: 'jiaji', note: '联系人：刘明', attachmentNames: [] })
let n = 0
const ev = <T extends OutgoingEvent | IncomingEvent>(c: { user: { id: string; unitId: string } }, type: T['type'], payload?: T['payload']): T =>
  ({ id: `e${++n}`, type, actorId: c.user.id, unitId: c.user.unitId, clientAt: now, ...(payload ? { payload } : {}) }) as T
const para = (text: string) => {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text)
  p.insert(0, [t])
  return p
}
async function open(room: string, username: string, srv = server) {
  const s = await login(srv.url, username)
  const c = connect(srv.url, room, s.token)
  return { s, c }
}
/** A draft taken to 已签发 by the head signing it himself. */
async function signedDraft(id: string, srv = server) {
  const room = `docout:${id}`
  const { s, c } = await open(room, 'zhengfuban.clerk', srv)
  await synced(c)
  c.doc.transact(() => {
    writeFields(c.doc, { ...fields, title: `并发测试${id}` })
    c.doc.getArray('events').push([ev<OutgoingEvent>(s, 'create', { header: { id, draftingUnitId: 'zhengfuban', createdBy: s.user.id } })])
  })
  await waitFor(() => readOutgoingState(c.doc), 5000, 'created')
  await push(c, ev<OutgoingEvent>(s, 'submit'))
  const { s: hs, c: h } = await open(room, 'zhengfuban.head', srv)
  await synced(h)
  await push(h, ev<OutgoingEvent>(hs, 'review_approve', { signerId: hs.user.id }))
  await push(h, ev<OutgoingEvent>(hs, 'sign'))
  h.destroy()
  c.destroy()
}

const push = pushEvent
const refusedRows = (room: string) => server.audit.trail(room).filter((r) => r.kind === 'refused')

describe('公文 through the server', () => {
  it('draft → review → sign → issue, with every misbehaviour refused and recorded', async () => {
    const room = `docout:${DOC}`
    const { s: clerkS, c: clerk } = await open(room, 'zhengfuban.clerk')
    await synced(clerk)
    // Create: the event and the fields and a first paragraph in one update.
    clerk.doc.transact(() => {
      writeFields(clerk.doc, fields)
      clerk.doc.getXmlFragment('body').insert(0, [para('各乡镇、各部门要切实加强组织领导。')])
      clerk.doc.getArray('events').push([ev<OutgoingEvent>(clerkS, 'create', { header: { id: DOC, draftingUnitId: 'zhengfuban', createdBy: clerkS.user.id } })])
    })
    await waitFor(() => readOutgoingState(clerk.doc) || clerk.denials.length || clerk.closes.length, 5000, 'draft state')
    expect(server.audit.trail(room).map((r) => r.summary)).toEqual([
      '县政府办公室 董海燕 拟稿《关于做好冬季森林防火工作的通知》',
      '服务器回执：拟稿《关于做好冬季森林防火工作的通知》'
    ])
    expect(readOutgoingState(clerk.doc)!.status).toBe('drafting')

    // Marking it classified: refused with the rule, whatever else is in the update.
    clerk.doc.getMap('fields').set('classification', '秘密')
    await waitFor(() => clerk.denials.length > 0, 5000, 'classified refusal')
    expect(clerk.denials.shift()).toEqual({ code: 'CLASSIFIED_REFUSED', message: CLASSIFIED_RULE })
    expect(server.hub.getRoom(room).doc.getMap('fields').has('classification')).toBe(false)
    expect(refusedRows(room).at(-1)!.summary).toContain('CLASSIFIED_REFUSED')
    clerk.destroy()

    // A clerk of another unit cannot open the draft at all.
    const { c: stranger } = await open(room, 'sanhua.clerk')
    await waitFor(() => stranger.closes.length > 0, 5000, 'stranger closed')
    expect(stranger.closes[0].code).toBe(4403)
    stranger.destroy()

    // 送核稿, then the head approves naming the county head as signer.
    const { s: c2S, c: c2 } = await open(room, 'zhengfuban.clerk')
    await synced(c2)
    await push(c2, ev<OutgoingEvent>(c2S, 'submit'))
    const { s: headS, c: head } = await open(room, 'zhengfuban.head')
    await synced(head)
    ;(head.doc.getXmlFragment('body').get(0) as Y.XmlElement).insert(1, [
      (() => {
        const t = new Y.XmlText()
        t.insert(0, '（核稿修改）')
        return t
      })()
    ])
    await push(head, ev<OutgoingEvent>(headS, 'review_approve', { signerId: 'xianzhang' }))
    expect(head.denials).toEqual([])
    expect(readOutgoingState(head.doc)!.status).toBe('signing')

    // The leader signs; the receipt holds the hash of the signed content.
    const { s: leaderS, c: leader } = await open(room, 'xianzhang')
    await synced(leader)
    now += 3_600_000
    await push(leader, ev<OutgoingEvent>(leaderS, 'sign', { text: '同意' }))
    expect(leader.denials).toEqual([])
    const signed = readOutgoingState(leader.doc)!
    expect(signed.status).toBe('signed')
    expect(signed.signed!.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(leader.doc.getArray('snapshots').length).toBe(4) // create, submit, approve, sign

    // Traces: between 送核稿 and 核稿通过 the head's insertion is shown with the head as author and
    // the server time; attribution comes from the audited rows, not from anything the client said.
    const snaps = leader.doc.getArray<{ type: string; at: number; snapshot: Uint8Array }>('snapshots').toArray()
    const at = (t: string) => Y.decodeSnapshot(snaps.find((x) => x.type === t)!.snapshot)
    const book = leader.doc.getMap('server').get('authors') as AuthorBook
    const blocks = diffSnapshots(leader.doc.getXmlFragment('body'), at('submit'), at('review_approve'), book)
    const changed = blocks.flatMap((b) => b.runs).filter((r) => r.kind !== 'same')
    expect(changed.map((r) => [r.kind, r.text, r.by?.userId])).toEqual([['insert', '（核稿修改）', 'zhengfuban_head']])
    expect(changed[0].by!.at).toBeGreaterThan(0)
    const first = diffSnapshots(leader.doc.getXmlFragment('body'), Y.emptySnapshot, at('create'), book)
    expect(first.flatMap((b) => b.runs).map((r) => [r.kind, r.by?.userId])).toEqual([['insert', 'zhengfuban_clerk']])

    // Editing after signing: refused and recorded; the server's body is unchanged.
    await waitFor(() => readOutgoingState(c2.doc)?.status === 'signed', 5000, 'clerk sees signed')
    const bodyBefore = server.hub.getRoom(room).doc.getXmlFragment('body').toString()
    ;(c2.doc.getXmlFragment('body').get(0) as Y.XmlElement).insert(0, [
      (() => {
        const t = new Y.XmlText()
        t.insert(0, '偷改')
        return t
      })()
    ])
    await waitFor(() => c2.denials.length > 0, 5000, 'edit refusal')
    expect(c2.denials.shift()!.code).toBe('SIGNED_FROZEN')
    expect(server.hub.getRoom(room).doc.getXmlFragment('body').toString()).toBe(bodyBefore)
    expect(refusedRows(room).at(-1)!.summary).toContain('SIGNED_FROZEN')
    c2.destroy()

    // Forging the 字号 (in the event, or straight into the server's state): refused and recorded.
    const { s: c3S, c: c3 } = await open(room, 'zhengfuban.clerk')
    await synced(c3)
    await push(c3, ev<OutgoingEvent>(c3S, 'issue', { docNumber: '浠政办发〔2026〕99号' }))
    expect(c3.denials.shift()!.code).toBe('FORGED_NUMBER')
    c3.destroy()
    const { c: c4 } = await open(room, 'zhengfuban.clerk')
    await synced(c4)
    c4.doc.getMap('server').set('state', { ...readOutgoingState(c4.doc)!, docNumber: '浠政办发〔2026〕99号' })
    await waitFor(() => c4.denials.length > 0, 5000, 'server field refusal')
    expect(c4.denials.shift()!.code).toBe('SERVER_FIELD')
    expect(
      refusedRows(room)
        .map((r) => r.summary)
        .join('\n')
    ).toMatch(/FORGED_NUMBER[\s\S]*SERVER_FIELD/)
    c4.destroy()

    // 登记+核发: the server numbers it and delivers one 收文 room per unit.
    const { s: c5S, c: c5 } = await open(room, 'zhengfuban.clerk')
    await synced(c5)
    await push(c5, ev<OutgoingEvent>(c5S, 'issue'))
    expect(c5.denials).toEqual([])
    const issued = readOutgoingState(c5.doc)!
    expect(issued.docNumber).toBe('浠政办发〔2026〕1号')
    expect(issued.recipients!.map((r) => r.unitId)).toEqual(['qingquan', 'sanhua', 'jiaoyuju'])
    // Recipients read the issued text in docpub, never the drafting room (its traces and deleted text).
    const { c: peek } = await open(room, 'qingquan.clerk')
    await waitFor(() => peek.closes.length > 0, 5000, 'recipient kept out of the drafting room')
    expect(peek.closes[0].code).toBe(4403)
    peek.destroy()
    const { c: pub } = await open(`docpub:${DOC}`, 'sanhua.clerk')
    await synced(pub)
    expect(pub.doc.getXmlFragment('body').toString()).toContain('（核稿修改）')
    expect(pub.doc.getXmlFragment('body').toString()).not.toContain('偷改')
    expect(pub.doc.getMap('fields').get('title')).toBe(fields.title)
    pub.destroy()
    const { c: outsider } = await open(`docpub:${DOC}`, 'bahe.clerk')
    await waitFor(() => outsider.closes.length > 0, 5000, 'outsider closed')
    expect(outsider.closes[0].code).toBe(4403)
    outsider.destroy()

    // Each recipient's clerk is reminded, as a code the client words in its language.
    const { c: inboxUser } = await open('user:qingquan_clerk', 'qingquan.clerk')
    await synced(inboxUser)
    await waitFor(
      () =>
        inboxUser.doc
          .getArray<{ code?: string; params?: Record<string, unknown> }>('reminders')
          .toArray()
          .find((r) => r.code === 'document.delivered'),
      5000,
      'delivered reminder'
    )
    const reminder = inboxUser.doc
      .getArray<{ code?: string; params?: Record<string, unknown> }>('reminders')
      .toArray()
      .find((r) => r.code === 'document.delivered')!
    expect(reminder.params).toMatchObject({ title: fields.title, docNumber: '浠政办发〔2026〕1号', from: '县政府办公室' })
    inboxUser.destroy()
    for (const c of [head, leader]) c.destroy()

    // Receiving: 清泉镇 signs and registers; the sender sees it in its trace.
    const inQ = 'docin:qingquan--' + DOC
    const { s: qS, c: q } = await open(inQ, 'qingquan.clerk')
    await synced(q)
    expect(q.doc.getMap('meta').get('docNumber')).toBe('浠政办发〔2026〕1号')
    await push(q, ev<IncomingEvent>(qS, 'sign'))
    await push(q, ev<IncomingEvent>(qS, 'register'))
    await push(q, ev<IncomingEvent>(qS, 'accept'))
    await push(q, ev<IncomingEvent>(qS, 'propose', { text: '建议由应急办牵头办理', mode: 'handle' }))
    expect(q.denials).toEqual([])
    expect(readIncomingState(q.doc)!.number).toBe('收〔2026〕1号')
    await waitFor(() => c5.doc.getMap<RecipientProgress>('progress').get('qingquan')?.stage === 'proposed', 5000, 'sender trace')
    expect(c5.doc.getMap<RecipientProgress>('progress').get('qingquan')!.signedAt).toBeGreaterThan(0)
    // The sender's trace carries stage and times, never the unit's 拟办 text.
    expect(JSON.stringify(c5.doc.getMap('progress').toJSON())).not.toContain('应急办')

    // Where is it now, county-wide, for 督查室: the 发文 waits on the two units that have not signed,
    // the 收文 of 清泉镇 waits on its head's 批办; oldest first. No one else may open the list.
    const { c: sup } = await open('docwhere', 'duchashi')
    await synced(sup)
    await waitFor(() => sup.doc.getMap<DocSummary>('items').get(`docin:qingquan--${DOC}`)?.status === 'proposed', 5000, 'county list')
    const rows = sup.doc.getMap<DocSummary>('items')
    expect(rows.get(room)!.holder).toEqual({ kind: 'recipients', unitIds: ['sanhua', 'jiaoyuju'] })
    expect(rows.get(`docin:qingquan--${DOC}`)).toMatchObject({ step: '待批办', holder: { kind: 'unit', unitId: 'qingquan', who: 'head' }, unitId: 'qingquan' })
    expect(rows.has(`docin:sanhua--${DOC}`)).toBe(false) // delivered, not signed: the 发文's row says so
    sup.destroy()
    const { c: nosy } = await open('docwhere', 'sanhua.clerk')
    await waitFor(() => nosy.closes.length > 0, 5000, 'nosy closed')
    expect(nosy.closes[0].code).toBe(4403)
    nosy.destroy()

    // Another recipient unit cannot read 清泉镇's internal handling; 纪委监委 reads it, read-only.
    const { c: spy } = await open(inQ, 'sanhua.clerk')
    await waitFor(() => spy.closes.length > 0, 5000, 'spy closed')
    expect(spy.closes[0].code).toBe(4403)
    spy.destroy()
    const { s: jwS, c: jw } = await open(inQ, 'jiwei1')
    await synced(jw)
    expect(readIncomingState(jw.doc)!.proposal!.text).toBe('建议由应急办牵头办理')
    jw.doc.getArray('events').push([ev<IncomingEvent>(jwS, 'instruct', { text: 'x', leadUserId: 'qingquan_clerk' })])
    await waitFor(() => jw.denials.length > 0, 5000, 'reviewer refused')
    jw.destroy()

    // A clerk of one unit signing for another: in its own room, naming the other unit — refused, recorded.
    const inS = 'docin:sanhua--' + DOC
    const { s: sS, c: sc } = await open(inS, 'sanhua.clerk')
    await synced(sc)
    await push(sc, { ...ev<IncomingEvent>(sS, 'sign'), unitId: 'qingquan' })
    expect(sc.denials.shift()!.code).toBe('FORGED_ACTOR')
    expect(refusedRows(inS).at(-1)!.summary).toContain('FORGED_ACTOR')
    sc.destroy()
    for (const c of [q, c5]) c.destroy()
  })

  it('two clerks issuing at the same moment get consecutive numbers, none lost or repeated', async () => {
    await signedDraft('Dpar1')
    await signedDraft('Dpar2')
    const { s: a, c: ca } = await open('docout:Dpar1', 'zhengfuban.clerk')
    const { s: b, c: cb } = await open('docout:Dpar2', 'zhengfuban.head')
    await Promise.all([synced(ca), synced(cb)])
    // Both 核发 in the same event-loop turn: one group commit, serialised by the counter row.
    const ea = ev<OutgoingEvent>(a, 'issue')
    const eb = ev<OutgoingEvent>(b, 'issue')
    ca.doc.getArray('events').push([ea])
    cb.doc.getArray('events').push([eb])
    await waitFor(() => readOutgoingState(ca.doc)?.docNumber && readOutgoingState(cb.doc)?.docNumber, 5000, 'both numbered')
    const numbers = [readOutgoingState(ca.doc)!.docNumber, readOutgoingState(cb.doc)!.docNumber].sort()
    // The first test issued 〔2026〕1号; these two take 2 and 3, in whichever order the server saw them.
    expect(numbers).toEqual(['浠政办发〔2026〕2号', '浠政办发〔2026〕3号'])
    // A retry of the same 核发 is refused and takes no number.
    ca.doc.getArray('events').push([ev<OutgoingEvent>(a, 'issue')])
    await waitFor(() => ca.denials.length > 0, 5000, 'second issue refused')
    expect(ca.denials[0].code).toBe('BAD_STATE')
    const counters = server.hub.getRoom('doccounters').doc.getMap('last').toJSON()
    expect(counters).toMatchObject({ 'doc:浠政办发:2026': 3 })
    // Which record got which number lives in the year's room; the counter room keeps only the last numbers.
    const given = server.hub.getRoom('docnumbers:2026').doc.getMap<number>('given').toJSON()
    expect(
      Object.entries(given)
        .filter(([k]) => k.startsWith('doc:浠政办发:2026|'))
        .map(([, v]) => v)
        .sort()
    ).toEqual([1, 2, 3])
    expect(server.hub.getRoom('doccounters').doc.getMap('given').size).toBe(0)
    ca.destroy()
    cb.destroy()
  })
})

describe('收文 deadlines under supervision', () => {
  let clock = Date.parse('2026-12-01T09:00:00+08:00') // a Tuesday
  let srv: Awaited<ReturnType<typeof startServer>>
  beforeAll(async () => {
    srv = await startServer({ clock: () => clock, supervisionIntervalMs: 30 })
  })
  afterAll(() => srv.cleanup())

  it('a 批办 deadline turns yellow, then red, as server time passes; the unit box and the handler are told', async () => {
    await signedDraft('Ddue1', srv)
    const { s: cs, c } = await open('docout:Ddue1', 'zhengfuban.clerk', srv)
    await synced(c)
    await push(c, ev<OutgoingEvent>(cs, 'issue'))
    c.destroy()
    const room = 'docin:qingquan--Ddue1'
    const { s: qs, c: q } = await open(room, 'qingquan.clerk', srv)
    await synced(q)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const)
      await push(q, ev<IncomingEvent>(qs, type, payload as never))
    const { s: hs, c: h } = await open(room, 'qingquan.head', srv)
    await synced(h)
    // 加急: due within 3 working days of 批办 → Friday 2026-12-04.
    await push(h, ev<IncomingEvent>(hs, 'instruct', { text: '请抓紧办理', leadUserId: 'qingquan_clerk' }))
    expect(h.denials).toEqual([])
    expect(readIncomingState(h.doc)!.instruction!.dueDate).toBe('2026-12-04')
    expect(readIncomingState(h.doc)!.warning!.level).toBe('yellow')
    const { c: box } = await open('docbox:qingquan', 'qingquan.clerk', srv)
    await synced(box)
    // Monday after the due Friday: overdue.
    clock = Date.parse('2026-12-07T09:00:00+08:00')
    await waitFor(() => readIncomingState(q.doc)?.warning?.level === 'red', 5000, 'red')
    await waitFor(() => box.doc.getMap<{ warning?: { level: string } }>('items').get(room)?.warning?.level === 'red', 5000, 'box red')
    const { c: me } = await open('user:qingquan_clerk', 'qingquan.clerk', srv)
    await synced(me)
    await waitFor(
      () =>
        me.doc
          .getArray<{ code?: string }>('reminders')
          .toArray()
          .some((r) => r.code === 'document.red'),
      5000,
      'red reminder'
    )
    // Done: no longer watched; the result is judged against the deadline.
    await push(q, ev<IncomingEvent>(qs, 'complete', { text: '已办理', reply: '已按要求办理' }))
    expect(readIncomingState(q.doc)!.warning!.level).toBe('done_late')
    expect(srv.hub.getRoom('docdeadlines').doc.getMap('open').has(room)).toBe(false)
    // Closed: it leaves the unit's box (kept open by every client of the unit) for the unit's archive of its year.
    await waitFor(() => !box.doc.getMap('items').has(room), 5000, 'left the box')
    const { c: arch } = await open('docarchive:qingquan--2026', 'qingquan.clerk', srv)
    await synced(arch)
    expect(arch.doc.getMap<DocSummary>('items').get(room)).toMatchObject({ status: 'done', open: false })
    arch.destroy()
    const { c: peekArch } = await open('docarchive:qingquan--2026', 'sanhua.clerk', srv)
    await waitFor(() => peekArch.closes.length, 5000, 'archive refused')
    expect(peekArch.closes[0].code).toBe(4403)
    peekArch.destroy()
    // 纪委监委 reads every deadline row of the year of 批办 with its outcome (no internal handling);
    // the running list no longer holds it; a unit's clerk may read neither.
    const { c: jw } = await open('docdeadline:2026', 'jiwei1', srv)
    await synced(jw)
    const row = await waitFor(() => jw.doc.getMap<DocDeadlineRow>('all').get(room), 5000, 'deadline row')
    expect(row).toMatchObject({ unitId: 'qingquan', dueDate: '2026-12-04', level: 'done_late' })
    expect(row.doneAt).toBeGreaterThan(row.dueAt)
    expect(Object.keys(row)).not.toContain('text')
    expect(srv.hub.getRoom('docdeadlines').doc.getMap('all').size).toBe(0)
    expect([...srv.hub.doc('docdeadline-years').getMap('years').keys()]).toEqual(['2026'])
    const { c: peek } = await open('docdeadline:2026', 'sanhua.clerk', srv)
    await waitFor(() => peek.denials.length || peek.closes.length, 5000, 'refused')
    expect(peek.doc.getMap('all').size).toBe(0)
    for (const x of [q, h, box, me, jw, peek]) x.destroy()
  })
})

describe('传阅 to people outside the unit', () => {
  it('a named leader or another unit’s head reads the issued text and writes only their own read; an unnamed colleague is refused', async () => {
    await signedDraft('Dread1')
    const { s: cs, c } = await open('docout:Dread1', 'zhengfuban.clerk')
    await synced(c)
    await push(c, ev<OutgoingEvent>(cs, 'issue'))
    c.destroy()
    const room = 'docin:qingquan--Dread1'
    const refusedOn = async (name: string, username: string) => {
      const { c: x } = await open(name, username)
      await waitFor(() => x.closes.length > 0 || x.provider.synced, 5000, `${username} on ${name}`)
      const refused = x.closes.some((e) => e.code === 4403)
      x.destroy()
      return refused
    }
    // Before anyone is named, a leader outside the recipient units and 兰溪镇's head cannot read the issued text.
    expect(await refusedOn('docpub:Dread1', 'changwu')).toBe(true)
    expect(await refusedOn('docpub:Dread1', 'lanxi.head')).toBe(true)

    const { s: qs, c: q } = await open(room, 'qingquan.clerk')
    await synced(q)
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议传阅', mode: 'handle' }]] as const)
      await push(q, ev<IncomingEvent>(qs, type, payload as never))
    const { s: hs, c: h } = await open(room, 'qingquan.head')
    await synced(h)
    await push(h, ev<IncomingEvent>(hs, 'instruct', { text: '请常务副县长和兰溪镇阅', leadUserId: 'qingquan_clerk' }))
    await push(q, ev<IncomingEvent>(qs, 'add_readers', { readerIds: ['changwu', 'lanxi_head'] }))
    expect(q.denials).toEqual([])
    expect(server.audit.trail('docpub:Dread1').map((r) => r.summary)).toContainEqual(expect.stringContaining('传阅授权'))

    // The named ones read the issued text (fields and body as signed).
    for (const who of ['changwu', 'lanxi.head']) {
      const { c: pub } = await open('docpub:Dread1', who)
      await synced(pub)
      expect(pub.doc.getMap('fields').get('title')).toBe('并发测试Dread1')
      expect(pub.closes).toEqual([])
      pub.destroy()
    }
    // 兰溪镇's clerk, not named, is refused; so is another unit's head who was not named.
    expect(await refusedOn('docpub:Dread1', 'lanxi.clerk')).toBe(true)
    expect(await refusedOn('docpub:Dread1', 'bahe.head')).toBe(true)
    expect(await refusedOn(room, 'lanxi.clerk')).toBe(true)

    // In the 收文 room the named head writes their own read and 阅示, nothing else, and no one else's read
    // (a fresh connection per attempt: a refused update leaves the raw client's doc ahead of the server's).
    const attempt = async (make: (ls: Awaited<ReturnType<typeof login>>) => IncomingEvent) => {
      const { s: ls, c: l } = await open(room, 'lanxi.head')
      await synced(l)
      await push(l, make(ls))
      l.destroy()
      return l.denials[0]?.code ?? 'accepted'
    }
    expect(await attempt((ls) => ev<IncomingEvent>(ls, 'progress', { text: '代为反馈' }))).toBe('NOT_HANDLER')
    expect(await attempt((ls) => ev<IncomingEvent>(ls, 'add_readers', { readerIds: ['lanxi_clerk'] }))).toBe('NOT_ALLOWED')
    expect(await attempt((ls) => ({ ...ev<IncomingEvent>(ls, 'read'), actorId: 'changwu' }))).toBe('FORGED_ACTOR')
    expect(await attempt((ls) => ev<IncomingEvent>(ls, 'read', { text: '已阅，兰溪镇参照执行' }))).toBe('accepted')
    await waitFor(() => readIncomingState(q.doc)?.readers.lanxi_head?.readAt, 5000, 'read recorded')
    expect(readIncomingState(q.doc)!.readers.lanxi_head.comment).toBe('已阅，兰溪镇参照执行')
    expect(readIncomingState(q.doc)!.readers.changwu.readAt).toBeUndefined()
    expect(refusedRows(room).length).toBeGreaterThanOrEqual(3)
    for (const x of [q, h]) x.destroy()
  })
})

describe('a deployment for classified networks', () => {
  let srv: Awaited<ReturnType<typeof startServer>>
  beforeAll(async () => {
    srv = await startServer({ classifiedDocuments: true })
  })
  afterAll(() => srv.cleanup())

  it('accepts 密级, 保密期限 and 份号 when the flag is on', async () => {
    const { s, c } = await open('docout:Dsecret1', 'zhengfuban.clerk', srv)
    await synced(c)
    c.doc.transact(() => {
      writeFields(c.doc, { ...fields, classification: '机密', secrecyPeriod: '10年', copies: 30 })
      c.doc.getArray('events').push([ev<OutgoingEvent>(s, 'create', { header: { id: 'Dsecret1', draftingUnitId: 'zhengfuban', createdBy: s.user.id } })])
    })
    await waitFor(() => readOutgoingState(c.doc) || c.denials.length, 5000, 'created')
    expect(c.denials).toEqual([])
    expect(c.doc.getMap('fields').get('classification')).toBe('机密')
    c.destroy()
  })

  it('tells every client the flag through the directory it syncs, on here and off on an ordinary server', async () => {
    for (const [srvx, want] of [
      [srv, true],
      [server, false]
    ] as const) {
      const { c } = await open('directory', 'qingquan.clerk', srvx)
      await synced(c)
      await waitFor(() => c.doc.getMap('meta').has('documents'), 5000, 'deployment announced')
      expect(readDocumentDeployment(c.doc)).toEqual({ classified: want })
      c.destroy()
    }
  })
})
