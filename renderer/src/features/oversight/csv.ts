/**
 * CSV for the discipline commission's exports (RFC 4180): UTF-8 with a BOM so
 * Excel in zh-CN reads Chinese correctly, CRLF line ends, every field that
 * holds a comma, quote or line break quoted with quotes doubled.
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) is prefixed with an apostrophe: an exported title must never execute.
 */
export const BOM = '\ufeff'

export type CsvValue = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const s = FORMULA_START.test(v) ? `'${v}` : v
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')]
  for (const r of rows) lines.push(r.map(csvCell).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}

/** A file name without characters Windows or macOS refuse. */
export const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'export'
