import { describe, expect, it } from 'vitest'
import { hasBidiControls, normalizeForSearch, searchMatches, stripBidi } from './search'

describe('search across bracket styles', () => {
  const number = '交办〔2026〕23号'
  it.each([
    ['交办〔2026〕23号'],
    ['交办[2026]23号'],
    ['交办［2026］23号'],
    ['交办(2026)23号'],
    ['交办（2026）23号'],
    ['交办【2026】23'],
    ['〔2026〕23'],
    ['[2026]'],
    ['交办 (2026) 23号']
  ])('%s finds %s', (q) => {
    expect(searchMatches(q, number)).toBe(true)
  })
  it('the indexed side is normalised too: a title typed with [] is found by 〔〕', () => {
    expect(searchMatches('〔2026〕', '关于落实县政府[2026]5号文件的通知')).toBe(true)
  })
  it('different numbers do not match', () => {
    expect(searchMatches('〔2026〕24号', number)).toBe(false)
    expect(searchMatches('〔2025〕', number)).toBe(false)
  })
  it('invisible direction controls in a title do not hide it from search', () => {
    expect(searchMatches('款拨急应', '关于\u202E款拨急应\u202C的请示')).toBe(true)
  })
  it('full-width digits and latin letters are the same as half-width', () => {
    expect(normalizeForSearch('２０２６ＡＢ')).toBe('2026ab')
  })
  it('an empty query matches everything; missing fields never match', () => {
    expect(searchMatches('  ', 'x')).toBe(true)
    expect(searchMatches('x', undefined)).toBe(false)
  })
})

describe('bidi control characters', () => {
  const evil = '关于\u202E款拨急应\u202C的请示'
  it.each([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])('U+%s is detected and stripped', (cp) => {
    const s = `标题${String.fromCodePoint(cp)}内容`
    expect(hasBidiControls(s)).toBe(true)
    expect(stripBidi(s)).toBe('标题内容')
  })
  it('ordinary Chinese, punctuation and the zero-width joiner are left alone', () => {
    expect(hasBidiControls('关于〔2026〕23号的请示——急！\u200d')).toBe(false)
    expect(stripBidi(evil)).toBe('关于款拨急应的请示')
  })
})
