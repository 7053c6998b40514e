/**
 * Files on 公文 through a real server, real SQLite and stock y-websocket clients
 * (domain/document/attachments.ts says which room holds which files): a draft's files reach every
 * recipient unit through the issued text without copying bytes, a unit that is not a recipient is
 * refused, and dangling or borrowed references are refused in 发文 and 收文 rooms alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  readIncomingMeta,
  readIncomingState,
  readOutgoingState,
  type Attachment,
  type IncomingEvent,
  type OutgoingEvent,
  type RecipientProgress
} from '@domain/document'
import { connect, login, outgoingFields, pushEvent, startServer, synced, waitFor, writeFields } from './harness'

let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer({ clock: () => Date.parse('2026-12-01T09:00:00+08:00') })
})
afterAll(() => server.cleanup())

type Session = Awaited<ReturnType<typeof login>>
let n = 0
const ev = <T extends OutgoingEvent | IncomingEvent>(s: Session, type: T['type'], payload?: T['payload']): T =>
  ({ id: `f${++n}`, type, actorId: s.user.id, unitId: s.user.unitId, clientAt: 0, ...(payload ? { payload } : {}) }) as T

async function upload(s: Session, room: string, name: string, content: string): Promise<Attachment> {
  const r = await fetch(`${server.url}/api/files?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'text/plain' },
    body: content
  })
  expect(r.status).toBe(200)
  return (await r.json()) as Attachment
}
const download = (s: Session, room: string, id: string) =>
  fetch(`${server.url}/api/files/${id}?room=${encodeURIComponent(room)}`, { headers: { authorization: `Bearer ${s.token}` } })

async function open(room: string, username: string) {
  const s = await login(server.url, username)
  const c = connect(server.url, room, s.token)
  await synced(c)
  return { s, c }
}
const push = pushEvent

const fields = outgoingFields({
  title: '关于开展安全生产大检查的通知',
  copyTo: [],
  note: '',
  attachmentNames: ['检查表（纸质另送）']
})

describe('公文 attachments', () => {
  it('a draft refuses dangling and borrowed files; an issued document’s files reach its recipients only', async () => {
    const { s, c } = await open('docout:DF1', 'zhengfuban.clerk')
    c.doc.transact(() => {
      writeFields(c.doc, fields)
      c.doc.getArray('events').push([ev<OutgoingEvent>(s, 'create', { header: { id: 'DF1', draftingUnitId: 'zhengfuban', createdBy: s.user.id } })])
    })
    await waitFor(() => readOutgoingState(c.doc), 5000, 'created')
    const plan = await upload(s, 'docout:DF1', '检查方案.txt', '安全生产大检查方案')
    // A file uploaded for another draft of the same unit is borrowed here: refused and recorded.
    const other = await upload(s, 'docout:DF2', '别的文件.txt', '另一份公文的附件')
    const d0 = c.denials.length
    c.doc.getMap('fields').set('attachments', [other])
    await waitFor(() => c.denials.length > d0, 5000, 'borrowed refused')
    expect(c.denials.at(-1)!.code).toBe('UNKNOWN_ATTACHMENT')
    c.destroy()
    // A hash nobody uploaded: refused too (a fresh client: the refused edit is not in its history).
    const { c: c1 } = await open('docout:DF1', 'zhengfuban.clerk')
    c1.doc.getMap('fields').set('attachments', [{ ...plan, id: 'f'.repeat(64) }])
    await waitFor(() => c1.denials.length, 5000, 'dangling refused')
    expect(c1.denials[0].code).toBe('UNKNOWN_ATTACHMENT')
    c1.destroy()
    // Both refusals are on the record's trail.
    expect(server.audit.trail('docout:DF1').filter((r) => r.kind === 'refused' && r.summary?.includes('UNKNOWN_ATTACHMENT'))).toHaveLength(2)

    // A fresh client (the refused edits were reverted for it) attaches the real file and takes it to 核发.
    const { s: s2, c: c2 } = await open('docout:DF1', 'zhengfuban.clerk')
    expect(c2.doc.getMap('fields').get('attachments')).toEqual([])
    c2.doc.getMap('fields').set('attachments', [plan])
    await push(c2, ev<OutgoingEvent>(s2, 'submit'))
    expect(c2.denials).toEqual([])
    const { s: hs, c: h } = await open('docout:DF1', 'zhengfuban.head')
    await push(h, ev<OutgoingEvent>(hs, 'review_approve', { signerId: hs.user.id }))
    await push(h, ev<OutgoingEvent>(hs, 'sign'))
    await push(c2, ev<OutgoingEvent>(s2, 'issue'))
    expect(readOutgoingState(c2.doc)?.status).toBe('issued')

    // Every recipient unit downloads the file through the issued text (docpub), its bytes intact.
    const q = await login(server.url, 'qingquan.clerk')
    const r1 = await download(q, 'docpub:DF1', plan.id)
    expect(r1.status).toBe(200)
    expect(await r1.text()).toBe('安全生产大检查方案')
    expect((await download(await login(server.url, 'sanhua.clerk'), 'docpub:DF1', plan.id)).status).toBe(200)
    // The 收文 room names the file; the other unit's file is not reachable through the issued text.
    const { c: qin } = await open('docin:qingquan--DF1', 'qingquan.clerk')
    expect(readIncomingMeta(qin.doc)!.attachments).toEqual([plan])
    expect((await download(q, 'docpub:DF1', other.id)).status).toBe(404)
    // A unit that is not a recipient: refused by the issued text's access rule, and by the draft's.
    const b = await login(server.url, 'bahe.clerk')
    expect((await download(b, 'docpub:DF1', plan.id)).status).toBe(403)
    expect((await download(b, 'docout:DF1', plan.id)).status).toBe(403)
    // 纪委监委 reads issued documents: it may download too.
    expect((await download(await login(server.url, 'jiwei1'), 'docpub:DF1', plan.id)).status).toBe(200)

    // 传阅 to another unit's head: once 三化镇 names him he downloads the file; his unnamed clerk still may not.
    const lanxiHead = await login(server.url, 'lanxi.head')
    expect((await download(lanxiHead, 'docpub:DF1', plan.id)).status).toBe(403)
    const { s: ss, c: sin } = await open('docin:sanhua--DF1', 'sanhua.clerk')
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议传阅', mode: 'handle' }]] as const)
      await push(sin, ev<IncomingEvent>(ss, type, payload as never))
    const { s: sh, c: shc } = await open('docin:sanhua--DF1', 'sanhua.head')
    await push(shc, ev<IncomingEvent>(sh, 'instruct', { text: '请兰溪镇阅', leadUserId: 'sanhua_clerk' }))
    await push(sin, ev<IncomingEvent>(ss, 'add_readers', { readerIds: ['lanxi_head'] }))
    expect(sin.denials).toEqual([])
    expect((await download(lanxiHead, 'docpub:DF1', plan.id)).status).toBe(200)
    expect((await download(await login(server.url, 'lanxi.clerk'), 'docpub:DF1', plan.id)).status).toBe(403)
    for (const x of [c2, h, qin, sin, shc]) x.destroy()
  })

  it('收文 results carry their own files; a 答复’s files reach the sender, never another recipient unit', async () => {
    const room = 'docin:qingquan--DF1'
    const { s: qs, c: q } = await open(room, 'qingquan.clerk')
    for (const [type, payload] of [['sign'], ['register'], ['accept'], ['propose', { text: '建议办理', mode: 'handle' }]] as const)
      await push(q, ev<IncomingEvent>(qs, type, payload as never))
    const { s: hs, c: h } = await open(room, 'qingquan.head')
    await push(h, ev<IncomingEvent>(hs, 'instruct', { text: '请办理', leadUserId: qs.user.id }))
    expect(readIncomingState(q.doc)?.status).toBe('handling')

    // The issued text's file is not this room's: referencing it in a step is a borrowed reference.
    const plan = readIncomingMeta(q.doc)!.attachments[0]
    await push(q, ev<IncomingEvent>(qs, 'progress', { text: '已部署', attachments: [plan] }))
    expect(q.denials.at(-1)?.code).toBe('UNKNOWN_ATTACHMENT')
    q.destroy()

    const { s: qs2, c: q2 } = await open(room, 'qingquan.clerk')
    const report = await upload(qs2, room, '检查情况报告.txt', '清泉镇检查情况')
    await push(q2, ev<IncomingEvent>(qs2, 'complete', { text: '已完成检查', reply: '检查情况见附件', attachments: [report] }))
    expect(q2.denials).toEqual([])
    expect(readIncomingState(q2.doc)!.done!.attachments).toEqual([report])

    // The sender sees the 答复 with its file in its trace, and downloads it from its own record.
    const { s: zs, c: z } = await open('docout:DF1', 'zhengfuban.clerk')
    await waitFor(() => z.doc.getMap<RecipientProgress>('progress').get('qingquan')?.reply, 5000, 'reply')
    expect(z.doc.getMap<RecipientProgress>('progress').get('qingquan')!.reply!.attachments).toEqual([report])
    const r = await download(zs, 'docout:DF1', report.id)
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('清泉镇检查情况')
    // Another recipient unit cannot read 清泉镇's handling files, whichever room it names.
    const sh = await login(server.url, 'sanhua.clerk')
    expect((await download(sh, room, report.id)).status).toBe(403)
    expect((await download(sh, 'docpub:DF1', report.id)).status).toBe(404)
    for (const x of [q2, h, z]) x.destroy()
  })

  it('外来文登记 takes its scan from its own room only', async () => {
    const s = await login(server.url, 'sanhua.clerk')
    const room = 'docin:sanhua--xscan1'
    const scan = await upload(s, room, '市政府来文扫描件.pdf', '%PDF-1.4 scan')
    const borrowed = await upload(s, 'docin:sanhua--xscan2', '另一份扫描件.pdf', '%PDF-1.4 other')
    const meta = {
      id: 'sanhua--xscan1',
      unitId: 'sanhua',
      source: 'external',
      registeredBy: s.user.id,
      fromOrg: '黄冈市人民政府',
      docNumber: '黄政发〔2026〕8号',
      title: '关于加强冬季安全生产的通知',
      urgency: 'none'
    }
    const bad = connect(server.url, room, s.token)
    await synced(bad)
    bad.doc.transact(() => {
      for (const [k, v] of Object.entries({ ...meta, attachments: [borrowed] })) bad.doc.getMap('meta').set(k, v)
    })
    await waitFor(() => bad.denials.length, 5000, 'borrowed scan refused')
    expect(bad.denials[0].code).toBe('UNKNOWN_ATTACHMENT')
    bad.destroy()
    const good = connect(server.url, room, s.token)
    await synced(good)
    good.doc.transact(() => {
      for (const [k, v] of Object.entries({ ...meta, attachments: [scan] })) good.doc.getMap('meta').set(k, v)
    })
    await waitFor(() => readIncomingState(good.doc), 5000, 'registered')
    expect(good.denials).toEqual([])
    expect(readIncomingMeta(good.doc)!.attachments).toEqual([scan])
    expect((await download(s, room, scan.id)).status).toBe(200)
    expect((await download(await login(server.url, 'bahe.clerk'), room, scan.id)).status).toBe(403)
    good.destroy()
  })
})
