import { describe, expect, it } from 'vitest'
import { catalogue, format, translate } from './catalogue'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('i18n catalogue', () => {
  const zh = catalogue['zh-CN']
  const en = catalogue['en-US']

  it('has the same keys in zh-CN and en-US', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
  })

  it('uses the same placeholders in both languages', () => {
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect([k, placeholders(en[k])]).toEqual([k, placeholders(zh[k])])
  })

  it('has no empty entries, and zh-CN words are Chinese', () => {
    for (const [k, v] of Object.entries(zh)) {
      expect(v.trim(), k).not.toBe('')
      expect(en[k as keyof typeof en].trim(), k).not.toBe('')
    }
    expect(zh['nav.todo']).toBe('待办')
    expect(zh['conn.pending']).toBe('{count} 项待同步')
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'conn.pending', { count: 2 })).toBe('2 项待同步')
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}')
  })
})
