/**
 * The GB/T 9704 printout in real Chromium: the print HTML is turned into a PDF (page.pdf(), as
 * Electron's printToPDF does in the shell) and read back with poppler: paper size, 字号 of the
 * title and the 正文, 22 lines on a full page, the title, 主送, 发文字号, 版记 and "— n —" page numbers.
 * No server is needed: the layout is a pure function of the issued document.
 */
import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderPrintHtml, type PrintableDocument } from '@renderer/features/documents/print/gbt9704'

const outDir = fileURLToPath(new URL('../../test-results/print', import.meta.url))

const paragraph = (i: number) =>
  `第${i}条：各乡镇、各部门要切实加强组织领导，落实森林防火责任制，严格火源管理，做好物资储备和队伍建设，确保不发生重大森林火灾，保障人民群众生命财产安全。`

const doc: PrintableDocument = {
  urgency: 'teji',
  issuerMark: '浠水县人民政府办公室文件',
  docNumber: '浠政办发〔2026〕12号',
  upward: false,
  signers: ['曾新民'],
  title: '浠水县人民政府办公室关于做好2026年冬季森林防火工作的通知',
  mainTo: ['各乡镇人民政府', '县直各部门'],
  body: [
    { kind: 'p', text: '为切实做好今冬明春森林防火工作，经县人民政府同意，现就有关事项通知如下。' },
    { kind: 'h1', text: '一、提高思想认识' },
    ...Array.from({ length: 14 }, (_, i) => ({ kind: 'p' as const, text: paragraph(i + 1) })),
    { kind: 'h2', text: '（一）加强值班值守' },
    { kind: 'p', text: '各单位要严格执行24小时值班和领导带班制度。' }
  ],
  attachmentNames: ['森林防火责任分解表', '重点防火区域名单'],
  issuerName: '浠水县人民政府办公室',
  date: '2026-12-01',
  note: '此件公开发布',
  copyTo: ['县委办公室', '县人大常委会办公室', '县政协办公室'],
  printedBy: '浠水县人民政府办公室',
  printedDate: '2026-12-02'
}

interface Word {
  page: number
  text: string
  yMin: number
  yMax: number
  xMin: number
  xMax: number
}

/** Words with their boxes (pt) from `pdftotext -bbox`. */
function words(pdf: string): { pages: { width: number; height: number }[]; words: Word[] } {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' })
  const pages: { width: number; height: number }[] = []
  const out: Word[] = []
  for (const block of html.split('<page ').slice(1)) {
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(block)!
    pages.push({ width: +w, height: +h })
    for (const m of block.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g))
      out.push({ page: pages.length, xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: m[5] })
  }
  return { pages, words: out }
}

test('GB/T 9704 PDF: A4, 版头, 标题 2号, 正文 3号 on 22 lines, 版记 and page numbers', async ({ page }) => {
  mkdirSync(outDir, { recursive: true })
  await page.setContent(renderPrintHtml(doc, { inlineScript: true }))
  await page.evaluate(() => document.fonts.ready)
  const pdfPath = join(outDir, 'gbt9704.pdf')
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }))

  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
  const flat = text.replace(/\s+/g, '')
  expect(flat).toContain('浠水县人民政府办公室文件')
  expect(flat).toContain('浠政办发〔2026〕12号')
  expect(flat).toContain('特急')
  expect(flat).toContain('浠水县人民政府办公室关于做好2026年冬季森林防火工作的通知')
  expect(flat).toContain('各乡镇人民政府，县直各部门：')
  expect(flat).toContain('附件：1．森林防火责任分解表')
  expect(flat).toContain('2026年12月1日')
  expect(flat).toContain('（此件公开发布）')
  expect(flat).toContain('抄送：县委办公室，县人大常委会办公室，县政协办公室。')
  expect(flat).toContain('2026年12月2日印发')
  const pages = text.split('\f').filter((p) => p.trim())
  expect(pages.length).toBeGreaterThanOrEqual(2)
  pages.forEach((p, i) => {
    expect(p, `page ${i + 1}`).toMatch(new RegExp(`—\\s*${i + 1}\\s*—`))
  })

  const { pages: sizes, words: ws } = words(pdfPath)
  // A4 is 595 × 842 pt.
  for (const s of sizes) expect([Math.round(s.width), Math.round(s.height)]).toEqual([595, 842])
  const title = ws.find((w) => w.text === '森林防火工作的通知')!
  const bodyWord = ws.find((w) => w.text.startsWith('第1条'))!
  // 标题 2号 (22 pt) with no letter-spacing: each CJK character advances by its size.
  expect((title.xMax - title.xMin) / 9).toBeCloseTo(22, 0)
  // 正文 3号 (16 pt): word boxes scale with the size, so body/title heights are 16/22.
  expect(((bodyWord.yMax - bodyWord.yMin) / (title.yMax - title.yMin)) * 22).toBeCloseTo(16, 0)
  // 28 characters fill the 156 mm line (a full line of the first paragraph).
  const fullLine = ws.find((w) => w.text.startsWith('火责任制'))!
  expect([...fullLine.text].length).toBe(28)
  expect((fullLine.xMax - fullLine.xMin) / 2.8346).toBeCloseTo(156, -0.5)
  // A full page of 正文 (page 2 of the 版心, page numbers excluded) holds 22 lines.
  const bodyLines = new Set(ws.filter((w) => w.page === 2 && !/^[—\d]+$/.test(w.text)).map((w) => Math.round(w.yMin)))
  expect(bodyLines.size).toBe(22)
  // The 版记 is the last thing in the 版心 of the last page.
  const last = sizes.length
  const printed = ws.filter((w) => w.page === last && w.text.includes('印发'))
  expect(printed.length).toBe(1)
  expect(printed[0].yMax).toBeGreaterThan(842 - 35 * 2.835 - 30)

  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(outDir, 'page')])
})

test('上行文: 签发人 beside the 发文字号; classified fields never appear without the flag', async ({ page }) => {
  mkdirSync(outDir, { recursive: true })
  await page.setContent(
    renderPrintHtml({ ...doc, upward: true, urgency: 'none', signers: ['曾新民'], mainTo: ['黄冈市人民政府'], copyTo: [] }, { inlineScript: true })
  )
  const pdfPath = join(outDir, 'upward.pdf')
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
  const flat = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
  expect(flat).toContain('签发人：曾新民')
  expect(flat).not.toContain('特急')
  expect(flat).not.toContain('抄送')
  expect(flat).not.toMatch(/秘密|机密|绝密|000001/)
})
