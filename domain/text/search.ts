/**
 * Search that is safe with Chinese document numbers (docs/decisions.md):
 * 交办〔2026〕23号 is typed as [2026], ［2026］, (2026) or 【2026】 as often as with
 * the proper 六角括号. Both the query and the indexed text go through
 * `normalizeForSearch`, which drops brackets and punctuation, so every bracket style
 * matches every other. Pure; shared
 * by 交办件, 公文 and 通知.
 */

/** Punctuation (every bracket among it), symbols, spaces, control and format characters. */
const NOT_SEARCHED = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]/gu

/**
 * Search key, applied alike to the indexed text and to what is typed: full-width forms folded
 * to half-width (NFKC: ２０２６ → 2026, （ → (, ＡＢ → ab), lower case, and every bracket,
 * punctuation mark and space removed, so 交办〔2026〕23号 is found as 交办[2026]23号,
 * 交办（2026）23号, 交办(2026)23 or 2026 23.
 */
export function normalizeForSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(NOT_SEARCHED, '')
}

/** Does `text` (any of the fields) contain `query`, bracket- and width-insensitively? Empty query matches. */
export function searchMatches(query: string, ...texts: (string | undefined)[]): boolean {
  const q = normalizeForSearch(query)
  if (!q) return true
  return texts.some((t) => t !== undefined && normalizeForSearch(t).includes(q))
}

/**
 * Bidirectional control characters (U+202A–U+202E embeddings and overrides,
 * U+2066–U+2069 isolates): invisible, and enough to make a title read backwards
 * on a screen or in a printed 督办单. The server refuses text carrying them; the
 * client strips them before sending.
 */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g
const BIDI_TEST = /[\u202A-\u202E\u2066-\u2069]/

export const hasBidiControls = (s: string): boolean => BIDI_TEST.test(s)
export const stripBidi = (s: string): string => s.replace(BIDI, '')
