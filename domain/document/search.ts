/**
 * Search over titles, 发文字号 and 收文编号 that is safe with Chinese brackets and punctuation:
 * 〔2026〕, [2026], ［2026］, (2026), （2026）, 【2026】 and ﹝2026﹞ all find 〔2026〕. The one
 * normaliser of 交办件, 公文 and 通知 (domain/text/search.ts): the query is never turned into a
 * pattern; both sides are normalised and compared as plain substrings.
 */
import { normalizeForSearch, searchMatches } from '../text/search'

export { normalizeForSearch }

/** Does any of `fields` contain the query (after normalisation)? An empty query matches everything. */
export function matchesSearch(query: string, fields: readonly (string | undefined)[]): boolean {
  return searchMatches(query, ...fields)
}
