import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { County, persons, units } from '@domain/document/fixtures'
import { buildPrintable, printBlocks } from './build'
import { renderPrintHtml } from './gbt9704'

function body(): Y.XmlFragment {
  const d = new Y.Doc()
  const f = d.getXmlFragment('body')
  const el = (name: string, text: string, attrs: Record<string, string> = {}) => {
    const e = new Y.XmlElement(name)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
    const t = new Y.XmlText()
    t.insert(0, text)
    e.insert(0, [t])
    return e
  }
  f.insert(0, [
    el('paragraph', '现将有关事项通知如下。'),
    el('heading', '一、总体要求', { level: '1' }),
    el('heading', '（一）加强领导', { level: '2' }),
    el('paragraph', '<script>alert(1)</script>')
  ])
  return f
}

describe('print model', () => {
  it('headings keep their level; the body text is escaped in the HTML', () => {
    const b = printBlocks(body())
    expect(b.map((x) => x.kind)).toEqual(['p', 'h1', 'h2', 'p'])
    const county = new County().draftTo('issued')
    const r = buildPrintable({
      fields: county.fields,
      state: county.out!,
      body: body(),
      units,
      people: Object.values(persons),
      profile: county.ctx.profileOf('zhengfuban')
    })
    if (!r.ok) throw new Error(r.message)
    expect(r.doc.docNumber).toBe('浠政办发〔2026〕1号')
    expect(r.doc.mainTo).toEqual(['清泉镇', '散花镇'])
    expect(r.doc.issuerMark).toBe('浠水县人民政府办公室文件')
    expect(r.doc.signers).toEqual(['曾新民'])
    const html = renderPrintHtml(r.doc)
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
  it('refuses to print a document that is not issued, or a unit without its 发文机关标志', () => {
    const draft = new County().draftTo('signed')
    expect(buildPrintable({ fields: draft.fields, state: draft.out!, body: body(), units, people: [], profile: {} }).ok).toBe(false)
    const issued = new County().draftTo('issued')
    const r = buildPrintable({ fields: issued.fields, state: issued.out!, body: body(), units, people: [], profile: { docCode: '浠政办发' } })
    expect(r).toEqual({ ok: false, message: '通讯录中未设置本单位的发文机关标志，请联系管理员' })
  })
  it('附件说明 from the real file names; 份号 and 密级 in the 版头 on a classified document', () => {
    const county = new County().draftTo('issued')
    const fields = {
      ...county.fields,
      attachments: [{ id: 'a'.repeat(64), name: '森林防火责任书.docx', size: 1, mime: 'application/octet-stream' }],
      attachmentNames: ['防火区域图（纸质另送）'],
      classification: '机密' as const,
      secrecyPeriod: '10年',
      copies: 30
    }
    const r = buildPrintable({ fields, state: county.out!, body: body(), units, people: [], profile: county.ctx.profileOf('zhengfuban'), copyNo: 3 })
    if (!r.ok) throw new Error(r.message)
    expect(r.doc.attachmentNames).toEqual(['森林防火责任书', '防火区域图（纸质另送）'])
    const html = renderPrintHtml(r.doc)
    expect(html).toContain('附件：1．森林防火责任书')
    expect(html).toContain('>000003<')
    expect(html).toContain('机密★10年')
    // Not classified: neither line.
    const plain = buildPrintable({ fields: county.fields, state: county.out!, body: body(), units, people: [], profile: county.ctx.profileOf('zhengfuban') })
    if (!plain.ok) throw new Error(plain.message)
    expect(renderPrintHtml(plain.doc)).not.toMatch(/★|>0000\d\d</)
  })
})
