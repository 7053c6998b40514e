import { describe, expect, it } from 'vitest'
import { LIMITS, parseBadgeCount, parseNotification, parseSaveFile, parseSecretKey, safeFileName } from './validate'

describe('argument validation', () => {
  it('accepts a normal notification and drops unknown fields', () => {
    const r = parseNotification([{ title: '新交办件', body: '清泉镇：请于10月19日前办结', route: '/tasks/t1', onclick: 'x' }])
    expect(r).toEqual({ ok: true, value: { title: '新交办件', body: '清泉镇：请于10月19日前办结', route: '/tasks/t1' } })
  })

  it.each([['//evil.example/x'], ['https://evil.example/'], ['javascript:alert(1)'], ['/\\evil.example'], ['/tasks/\n1'], ['/' + 'a'.repeat(LIMITS.route)]])(
    'refuses notification route %j (it is sent back to the page on click)',
    (route) => {
      expect(parseNotification([{ title: 't', body: 'b', route }]).ok).toBe(false)
    }
  )

  it.each([
    [[]],
    [[null]],
    [['title']],
    [[{ title: '', body: '' }]],
    [[{ title: 'x'.repeat(201), body: '' }]],
    [[{ title: 't', body: 1 }]],
    [[Object.assign(Object.create({ title: 't', body: 'b' }))]]
  ])('refuses malformed notification %#', (args) => {
    expect(parseNotification(args as unknown[]).ok).toBe(false)
  })

  it.each([
    [0, true],
    [12, true],
    [LIMITS.badge, true],
    [-1, false],
    [1.5, false],
    [NaN, false],
    [Infinity, false],
    ['3', false]
  ])('badge %j → %s', (n, okay) => expect(parseBadgeCount([n]).ok).toBe(okay))

  it.each([
    ['auth.token', true],
    ['a-b_c.9', true],
    ['', false],
    ['../x', false],
    ['a/b', false],
    ['__proto__', false],
    ['令牌', false],
    ['x'.repeat(65), false]
  ])('secret key %j → %s', (k, okay) => expect(parseSecretKey(k).ok).toBe(okay))

  it('keeps suggested file names inside the chosen folder', () => {
    expect(safeFileName('../../.bashrc')).toBe('bashrc')
    expect(safeFileName('C:\\Windows\\System32\\evil.dll')).toBe('evil.dll')
    expect(safeFileName('交办件 <2026>?.csv')).toBe('交办件 _2026__.csv')
    expect(safeFileName('CON.csv')).toBe('导出_CON.csv')
    expect(safeFileName('...')).toBe('导出_文件')
  })

  it('sanitizes the name and refuses oversized or odd save requests', () => {
    expect(parseSaveFile(['../a.csv', 'x', 'text/csv; charset=utf-8'])).toEqual({
      ok: true,
      value: { fileName: 'a.csv', content: 'x', mime: 'text/csv; charset=utf-8' }
    })
    expect(parseSaveFile(['a.csv', 'x'.repeat(LIMITS.fileContent + 1), 'text/csv']).ok).toBe(false)
    expect(parseSaveFile(['a.csv', { length: 1 }, 'text/csv']).ok).toBe(false)
    expect(parseSaveFile(['a.csv', [1, 2, 3], 'text/csv']).ok).toBe(false)
    expect(parseSaveFile(['a.csv', 'x', 'text/csv\nX-Evil: 1']).ok).toBe(false)
  })

  it('accepts the bytes of a downloaded attachment, within the same size limit', () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff])
    const r = parseSaveFile(['防汛预案.pdf', bytes, 'application/pdf'])
    expect(r).toEqual({ ok: true, value: { fileName: '防汛预案.pdf', content: bytes, mime: 'application/pdf' } })
    expect(parseSaveFile(['big.bin', new Uint8Array(LIMITS.fileContent + 1), 'application/octet-stream'])).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT'
    })
  })
})
