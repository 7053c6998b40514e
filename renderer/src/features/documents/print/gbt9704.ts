/**
 * The GB/T 9704-2012 layout of an issued 公文 as one self-contained HTML document: the same
 * HTML is previewed in an iframe, printed by the browser, and turned into a PDF by the shell
 * (Electron printToPDF) or by Chromium in tests. Pure: no DOM at build time, no clock.
 *
 * Geometry (GB/T 9704-2012 §5): A4; 天头 37 mm, 订口 28 mm; 版心 156 mm × 225 mm; 22 lines of
 * 28 characters (3号仿宋, 16 pt, squeezed by letter-spacing to 156/28 mm per character);
 * 页码 4号 "— 1 —" 7 mm under the 版心, odd pages right, even pages left, one character in.
 * Every block sits on the 22-line grid, so the 版记 can be pushed to the bottom of the last page by
 * counting lines (fitFooter).
 *
 * Fonts: the machine's 方正小标宋 / 仿宋_GB2312 / 黑体 / 楷体_GB2312 where installed; otherwise
 * Noto Serif CJK SC (bold for 小标宋, regular for 仿宋 and 楷体) and Noto Sans CJK SC for 黑体.
 * The fallback is documented in docs/decisions.md ("公文 printout").
 */
// Self-contained (the e2e project compiles this file alone): the same unions as domain/document/types.ts.
type Urgency = 'none' | 'jiaji' | 'teji'
type Classification = '秘密' | '机密' | '绝密'

export const FONTS = {
  xiaobiaosong: `"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  fangsong: `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif`,
  heiti: `"黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`,
  kaiti: `"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif`,
  songti: `"宋体", "SimSun", "Noto Serif CJK SC", serif`
} as const

/** Lines per page and the 版心 in mm. */
export const GRID = { lines: 22, chars: 28, widthMm: 156, heightMm: 225, top: 37, inner: 28 } as const
/**
 * One line of the grid. 225/22 mm is 38.65 CSS px, and Chromium lays lines out on whole pixels
 * (39 px: 21 lines a page), so the line is 38 px = 10.05 mm: 22 lines fill 221 mm of the 225 mm
 * 版心 and counting lines never drifts (docs/decisions.md, "公文 printout").
 */
export const LINE_PX = 38
const LINE = `${LINE_PX}px`

export interface PrintBlock {
  /** p = 正文 paragraph; h1 一级标题 (黑体), h2 二级 (楷体), h3/h4 (仿宋 bold). */
  kind: 'p' | 'h1' | 'h2' | 'h3'
  text: string
}

export interface PrintableDocument {
  /** Classified deployments only. */
  classification?: { level: Classification; period?: string; copyNo?: number }
  urgency: Urgency
  /** Red 发文机关标志 from the directory, e.g. 浠水县人民政府办公室文件. */
  issuerMark: string
  docNumber: string
  /** 上行文: 签发人 printed beside the 发文字号 and the mark set lower. */
  upward: boolean
  signers: string[]
  title: string
  /** 主送机关 names in order (groups already named, e.g. 各乡镇人民政府). */
  mainTo: string[]
  body: PrintBlock[]
  attachmentNames: string[]
  /** 发文机关署名. */
  issuerName: string
  /** 成文日期 (the signing date), YYYY-MM-DD. */
  date: string
  note?: string
  copyTo: string[]
  /** 印发机关 and 印发日期 (YYYY-MM-DD). */
  printedBy: string
  printedDate: string
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** 成文日期 in Arabic numerals, no leading zeros: 2026年12月1日 (GB/T 9704 §7.3.5.2). */
export function chineseDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** 6-digit 份号. */
export const copyNumber = (n: number) => String(n).padStart(6, '0')

function css(doc: PrintableDocument): string {
  const markChars = [...doc.issuerMark].length
  // ≤ 15 mm wide per character (the standard's upper bound), and the whole mark inside the 版心.
  const markMm = Math.min(15 * 0.9, (GRID.widthMm - 4) / Math.max(markChars, 1))
  const headerLines = doc.upward ? 13 : 8
  return `
@page { size: 210mm 297mm; margin: ${GRID.top}mm 26mm 35mm ${GRID.inner}mm; }
@page :left { margin: ${GRID.top}mm ${GRID.inner}mm 35mm 26mm;
  @bottom-left { content: "— " counter(page) " —"; font: 14pt ${FONTS.songti}; vertical-align: top; padding-top: 7mm; padding-left: 14pt; } }
@page :right {
  @bottom-right { content: "— " counter(page) " —"; font: 14pt ${FONTS.songti}; vertical-align: top; padding-top: 7mm; padding-right: 14pt; } }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { width: ${GRID.widthMm}mm; font-family: ${FONTS.fangsong}; font-size: 16pt; line-height: ${LINE};
  letter-spacing: calc(${GRID.widthMm / GRID.chars}mm - 16pt); color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media screen { body { margin: ${GRID.top}mm auto; background: #fff; } }
/* Lines break across pages one by one, as counted on the grid (no orphan/widow moves). */
p { margin: 0; orphans: 1; widows: 1; }
.line { height: ${LINE}; }
.hei { font-family: ${FONTS.heiti}; }
.header { position: relative; height: calc(${LINE} * ${headerLines}); }
.header::after { content: ''; position: absolute; left: 0; right: 0; bottom: 0; height: 0.5mm; background: #d00000; }
.header .marks { position: absolute; top: 0; left: 0; }
.mark { position: absolute; left: 0; right: 0; top: ${doc.upward ? 80 : 35}mm; text-align: center; color: #d00000;
  font-family: ${FONTS.xiaobiaosong}; font-weight: 700; font-size: ${markMm.toFixed(2)}mm; line-height: 1; letter-spacing: 0; white-space: nowrap; }
.docno { position: absolute; left: 0; right: 0; bottom: 4mm; height: ${LINE}; }
.docno.center { text-align: center; }
.docno.upward { display: flex; justify-content: space-between; padding: 0 1em; }
.signer b { font-family: ${FONTS.kaiti}; font-weight: 400; }
.title { margin-top: calc(${LINE} * 2); text-align: center; font-family: ${FONTS.xiaobiaosong}; font-weight: 700; font-size: 22pt; letter-spacing: 0; }
.mainto { margin-top: ${LINE}; }
.body p { text-indent: 2em; text-align: justify; }
.body .h1 { font-family: ${FONTS.heiti}; }
.body .h2 { font-family: ${FONTS.kaiti}; }
.body .h3 { font-weight: 700; }
.attach { margin-top: ${LINE}; padding-left: 2em; }
.attach .more { padding-left: 3em; }
.sign { margin-top: ${LINE}; display: flex; justify-content: flex-end; padding-right: 2em; }
.sign > div > p + p { padding-left: 2em; }
.note { padding-left: 2em; }
.footer { font-size: 14pt; break-inside: avoid; }
/* Rules drawn by pseudo-elements: they take no height, so the 版记 stays on the line grid. */
.footer p { position: relative; padding: 0 1em; }
.footer p::after { content: ''; position: absolute; left: 0; right: 0; bottom: 0; height: 0.25mm; background: #000; }
.footer p:first-child::before { content: ''; position: absolute; left: 0; right: 0; top: 0; height: 0.35mm; background: #000; }
.footer p:last-child { display: flex; justify-content: space-between; }
.footer p:last-child::after { height: 0.35mm; }
`
}

/** Lines of the 版记 (each a grid line): 抄送 may wrap. */
function footerHtml(doc: PrintableDocument): string {
  const copy = doc.copyTo.length ? `<p data-testid="print-copyto">抄送：${esc(doc.copyTo.join('，'))}。</p>` : ''
  return `<div class="footer" id="qf-footer">${copy}<p><span>${esc(doc.printedBy)}</span><span>${esc(chineseDate(doc.printedDate))}印发</span></p></div>`
}

export interface RenderOptions {
  /** Run fitFooter inside the document (contexts without a CSP, e.g. a PDF made from a file). */
  inlineScript?: boolean
}

export function renderPrintHtml(doc: PrintableDocument, opts: RenderOptions = {}): string {
  const c = doc.classification
  const topLines: string[] = []
  if (c?.copyNo !== undefined) topLines.push(`<p class="hei">${copyNumber(c.copyNo)}</p>`)
  if (c) topLines.push(`<p class="hei">${esc(c.level)}${c.period ? `★${esc(c.period)}` : ''}</p>`)
  if (doc.urgency !== 'none') topLines.push(`<p class="hei" data-testid="print-urgency">${doc.urgency === 'teji' ? '特急' : '加急'}</p>`)
  const docNo = doc.upward
    ? `<div class="docno upward"><span>${esc(doc.docNumber)}</span><span class="signer">签发人：<b>${esc(doc.signers.join('　'))}</b></span></div>`
    : `<div class="docno center">${esc(doc.docNumber)}</div>`
  const att = doc.attachmentNames
  const attachHtml = att.length
    ? `<div class="attach">${
        att.length === 1
          ? `<p>附件：${esc(att[0])}</p>`
          : att.map((a, i) => `<p${i ? ' class="more"' : ''}>${i ? '' : '附件：'}${i + 1}．${esc(a)}</p>`).join('')
      }</div>`
    : ''
  const body = doc.body.map((b) => `<p class="${b.kind}">${esc(b.text)}</p>`).join('')
  const script = opts.inlineScript ? `<script>(${fitFooter.toString()})(document)</script>` : ''
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${css(doc)}</style></head><body>
<div id="qf-main">
<div class="header"><div class="marks">${topLines.join('')}</div><div class="mark" data-testid="print-mark">${esc(doc.issuerMark)}</div>${docNo}</div>
<p class="title" data-testid="print-title">${esc(doc.title)}</p>
<p class="mainto" data-testid="print-mainto">${esc(doc.mainTo.join('，'))}：</p>
<div class="body">${body}</div>
${attachHtml}
<div class="sign"><div><p>${esc(doc.issuerName)}</p><p>${esc(chineseDate(doc.date))}</p></div></div>
${doc.note ? `<p class="note">（${esc(doc.note.replace(/^[（(]|[）)]$/g, ''))}）</p>` : ''}
</div>
<div id="qf-spacer"></div>
${footerHtml(doc)}
${script}
</body></html>`
}

/**
 * Puts the 版记 at the bottom of the last page (GB/T 9704 §7.4: 版记 on the last page, at the
 * bottom of the 版心): counts the grid lines the main part takes and fills the rest of its page,
 * or moves the 版记 to the bottom of the next page when it does not fit. Self-contained so it can
 * be inlined as a script. Returns the number of blank lines inserted.
 */
export function fitFooter(d: Document): number {
  const main = d.getElementById('qf-main')
  const footer = d.getElementById('qf-footer')
  const spacer = d.getElementById('qf-spacer')
  if (!main || !footer || !spacer) return 0
  const line = 38 // LINE_PX; a literal so the function can be inlined as a script
  const used = Math.round(main.getBoundingClientRect().height / line)
  const foot = Math.round(footer.getBoundingClientRect().height / line)
  const left = 22 - (used % 22 || 22)
  const blank = foot <= left ? left - foot : left + 22 - foot
  spacer.style.height = `${blank * line}px`
  return blank
}
