/**
 * Search safe with brackets, who sees what, where a document is now, and the traces (修改留痕)
 * between two step snapshots with real Yjs clients.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canReadIncoming, canReadOutgoing } from './access'
import { actor, County, iev, sh } from './fixtures'
import { matchesSearch, normalizeForSearch } from './search'
import { diffSnapshots, EMPTY_AUTHOR_BOOK, recordUpdate, traceSummary, type AuthorBook } from './traces'
import { senderTrace, stuckList, whereIncoming, whereOutgoing } from './where'
import { bodyText, canonicalContent } from './doc'

describe('search', () => {
  const doc = ['关于做好冬季森林防火工作的通知', '浠政办发〔2026〕12号', '收〔2026〕7号']
  it.each(['〔2026〕', '[2026]', '［2026］', '(2026)', '（2026）', '【2026】', '﹝2026﹞', '浠政办发[2026]12号', ' 浠政办发 (2026) 12 号'])(
    '%s finds 〔2026〕',
    (q) => {
      expect(matchesSearch(q, doc)).toBe(true)
    }
  )
  it('regex characters are plain text; a miss is a miss', () => {
    // As a pattern 森林.*工作 would match 森林防火工作; as text it is 森林工作, which is not there.
    expect(matchesSearch('森林.*工作', doc)).toBe(false)
    expect(matchesSearch('[2025]', doc)).toBe(false)
    expect(matchesSearch('森林防火', doc)).toBe(true)
    expect(normalizeForSearch('ＡＢ（1）')).toBe('ab1')
  })
})

describe('who sees what', () => {
  it('a draft: the drafting unit and the named signer only; issued content: sender and every recipient unit', () => {
    const c = new County().draftTo('signing')
    const see = (w: Parameters<typeof actor>[0]) => canReadOutgoing(c.out!, actor(w))
    expect([see('clerk'), see('head'), see('leader'), see('otherLeader'), see('qqClerk'), see('reviewer')]).toEqual([true, true, true, false, false, false])
    const i = new County().draftTo('issued')
    const seeI = (w: Parameters<typeof actor>[0]) => canReadOutgoing(i.out!, actor(w))
    expect([seeI('clerk'), seeI('qqClerk'), seeI('shClerk'), seeI('otherLeader')]).toEqual([true, true, true, false])
  })
  it('a recipient unit’s internal handling: that unit, the named people and oversight — not the other recipients', () => {
    const c = new County().draftTo('issued')
    const r = c.incoming.get('qingquan')!
    expect(canReadIncoming(r.meta, r.state, actor('qqClerk'))).toBe(true)
    expect(canReadIncoming(r.meta, r.state, actor('shClerk'))).toBe(false)
    expect(canReadIncoming(r.meta, r.state, actor('clerk'))).toBe(false)
    expect(canReadIncoming(r.meta, r.state, actor('reviewer'))).toBe(true)
    expect(canReadIncoming(r.meta, r.state, actor('supervisor'))).toBe(true)
    expect(canReadIncoming(r.meta, r.state, actor('leader'))).toBe(false)
  })
})

describe('where is it now', () => {
  it('follows the document from drafting to the recipients, and the sender’s trace puts unsigned units first', () => {
    const c = new County().draftTo('reviewing')
    expect(whereOutgoing(c.out!)).toMatchObject({ holder: { kind: 'unit', unitId: 'zhengfuban', who: 'head' }, step: '核稿中', open: true })
    const s = new County().draftTo('signing')
    expect(whereOutgoing(s.out!).holder).toEqual({ kind: 'person', userIds: ['xianzhang'] })
    const i = new County().draftTo('issued')
    i.receive('sanhua', iev('sign', 'shClerk'))
    expect(whereOutgoing(i.out!, i.progress()).holder).toEqual({ kind: 'recipients', unitIds: ['qingquan', 'jiaoyuju'] })
    const trace = senderTrace(i.out!, i.progress())
    expect(trace.map((r) => [r.unitId, r.highlight, r.label])).toEqual([
      ['qingquan', true, '待签收'],
      ['jiaoyuju', true, '待签收'],
      ['sanhua', false, '待登记']
    ])
    expect(trace[2].signedAt).toBe(i.now)
    const r = i.incoming.get('sanhua')!
    expect(whereIncoming(r.meta, r.state)).toMatchObject({ holder: { kind: 'unit', unitId: 'sanhua', who: 'clerk' }, step: '待登记' })
  })
  it('the county list: open items only, oldest first, with how long they have waited', () => {
    const mk = (id: string, since: number, open = true) => ({ id, title: id, where: { holder: { kind: 'none' as const }, step: '', since, open } })
    const now = sh('2026-12-03 09:00')
    const list = stuckList([mk('new', sh('2026-12-02 09:00')), mk('old', sh('2026-11-20 09:00')), mk('closed', sh('2026-11-01 09:00'), false)], now)
    expect(list.map((x) => x.id)).toEqual(['old', 'new'])
    expect(list[1].waitingMs).toBe(24 * 3_600_000)
  })
})

describe('traces (修改留痕) between two step snapshots', () => {
  /** Two clerks and a head editing one body through real Yjs docs; the "server" doc has gc off and records updates. */
  function setup() {
    const server = new Y.Doc({ gc: false })
    let book: AuthorBook = EMPTY_AUTHOR_BOOK
    let clock = sh('2026-12-01 09:00')
    const who = new Map<number, string>()
    server.on('update', (u: Uint8Array, origin: unknown) => {
      book = recordUpdate(book, u, who.get(origin as number) ?? '?', (clock += 60_000))
    })
    const client = (userId: string) => {
      const d = new Y.Doc({ gc: false })
      Y.applyUpdate(d, Y.encodeStateAsUpdate(server))
      who.set(d.clientID, userId)
      d.on('update', (u: Uint8Array) => Y.applyUpdate(server, u, d.clientID))
      server.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== d.clientID) Y.applyUpdate(d, u, 'server')
      })
      return d
    }
    return { server, client, book: () => book }
  }
  const para = (text: string) => {
    const p = new Y.XmlElement('paragraph')
    const t = new Y.XmlText()
    t.insert(0, text)
    p.insert(0, [t])
    return p
  }
  const textOf = (d: Y.Doc, i: number) => (d.getXmlFragment('body').get(i) as Y.XmlElement).get(0) as Y.XmlText

  it('shows the head’s deletion and insertion with author and server time, and the clerk’s text as unchanged', () => {
    const { server, client, book } = setup()
    const clerk = client('zfb_clerk')
    const clerk2 = client('zfb_clerk2')
    clerk.getXmlFragment('body').insert(0, [para('各乡镇人民政府：')])
    clerk2.getXmlFragment('body').insert(1, [para('请于12月底前完成排查。')])
    const submitted = Y.snapshot(server)
    const head = client('zfb_head')
    textOf(head, 1).delete(2, 5) // removes 12月底前
    textOf(head, 1).insert(2, '12月20日前')
    const returned = Y.snapshot(server)

    const blocks = diffSnapshots(server.getXmlFragment('body'), submitted, returned, book())
    expect(blocks).toHaveLength(2)
    expect(blocks[0].runs).toEqual([{ kind: 'same', text: '各乡镇人民政府：', by: undefined }])
    const runs = blocks[1].runs.map((r) => [r.kind, r.text, r.by?.userId])
    expect(runs).toEqual([
      ['same', '请于', undefined],
      ['delete', '12月底前', 'zfb_head'],
      ['insert', '12月20日前', 'zfb_head'],
      ['same', '完成排查。', undefined]
    ])
    // Whatever the split, the deleted and inserted text is exactly the head's edit, with times.
    const del = blocks[1].runs
      .filter((r) => r.kind === 'delete')
      .map((r) => r.text)
      .join('')
    const ins = blocks[1].runs
      .filter((r) => r.kind === 'insert')
      .map((r) => r.text)
      .join('')
    expect(del).toBe('12月底前')
    expect(ins).toBe('12月20日前')
    for (const r of blocks[1].runs.filter((x) => x.kind !== 'same')) expect(r.by?.at).toBeGreaterThan(sh('2026-12-01 09:00'))
    expect(traceSummary(blocks)).toEqual([{ userId: 'zfb_head', inserted: 7, deleted: 5 }])
    // From the empty document to submission: both clerks' paragraphs are attributed to each of them.
    const first = diffSnapshots(server.getXmlFragment('body'), Y.emptySnapshot, submitted, book())
    expect(first.map((b) => b.runs.map((r) => [r.kind, r.by?.userId]))).toEqual([[['insert', 'zfb_clerk']], [['insert', 'zfb_clerk2']]])
  })
  it('text typed at the end of a paragraph across two steps (one merged Yjs item) is split at the step', () => {
    const d = new Y.Doc({ gc: false })
    d.getXmlFragment('body').insert(0, [para('严禁野外用火。')])
    const a = Y.snapshot(d)
    textOf(d, 0).insert(7, '（核稿补充）')
    textOf(d, 0).delete(0, 2)
    const b = Y.snapshot(d)
    // A fresh copy from the encoded state: Yjs has merged the characters into one item.
    const copy = new Y.Doc({ gc: false })
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(d))
    const runs = diffSnapshots(copy.getXmlFragment('body'), a, b)[0].runs.map((r) => [r.kind, r.text])
    expect(runs).toEqual([
      ['delete', '严禁'],
      ['same', '野外用火。'],
      ['insert', '（核稿补充）']
    ])
  })
  it('a snapshot survives encoding (as the server stores it) and the body text and hash input are stable', () => {
    const { server, client } = setup()
    const c = client('zfb_clerk')
    c.getXmlFragment('body').insert(0, [para('第一段'), para('第二段')])
    const snap = Y.decodeSnapshot(Y.encodeSnapshot(Y.snapshot(server)))
    expect(diffSnapshots(server.getXmlFragment('body'), snap, snap).map((b) => b.runs[0].text)).toEqual(['第一段', '第二段'])
    expect(bodyText(server.getXmlFragment('body'))).toBe('第一段\n第二段')
    const f = { b: 1, a: [{ z: 1, y: 2 }] } as never
    expect(canonicalContent(f, server.getXmlFragment('body'))).toBe('{"a":[{"y":2,"z":1}],"b":1}\n<paragraph>第一段</paragraph><paragraph>第二段</paragraph>')
  })
})
