/**
 * Search over titles, 发文字号 and 收文编号 that is safe with Chinese brackets and punctuation:
 * 〔2026〕, [2026], ［2026］, (2026), （2026）, 【2026】 and ﹝2026﹞ all find 〔2026〕. The query is
 * never turned into a pattern: both sides are normalised and compared as plain substrings.
 */
const OPEN = /[[(（［【〖﹝〔{｛]/g
const CLOSE = /[\])）］】〗﹞〕}｝]/g

export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(OPEN, '〔')
    .replace(CLOSE, '〕')
    .replace(/[\s\u3000]+/g, '')
}

/** Does any of `fields` contain the query (after normalisation)? An empty query matches everything. */
export function matchesSearch(query: string, fields: readonly (string | undefined)[]): boolean {
  const q = normalizeForSearch(query)
  if (!q) return true
  return fields.some((f) => f !== undefined && normalizeForSearch(f).includes(q))
}
