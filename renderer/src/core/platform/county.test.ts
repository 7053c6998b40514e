import { describe, expect, it, vi } from 'vitest'
import { catalogue } from '../i18n/catalogue'
import demo from '@server/seed/demo-county.json'
import { cachedCounty, loadCounty, rememberCounty } from './county'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
}

describe('county identity is data', () => {
  it('no word of the demo county is written in the UI catalogue', () => {
    const seed = demo as unknown as { county: { name: string; shortName: string; issuers: Array<{ name: string; mark: string; short?: string }> } }
    const words = [seed.county.name, seed.county.shortName, ...seed.county.issuers.flatMap((i) => [i.name, i.mark, i.short ?? ''])].filter(Boolean)
    expect(words).toContain('浠水县')
    for (const locale of Object.keys(catalogue) as Array<keyof typeof catalogue>) {
      for (const [key, text] of Object.entries(catalogue[locale])) {
        for (const w of words) expect(text.includes(w), `${locale} ${key} contains ${w}`).toBe(false)
      }
      expect(JSON.stringify(catalogue[locale])).not.toMatch(/Xishui/i)
    }
  })

  it('caches the county per server and never shows one server’s county for another', () => {
    const store = memoryStorage()
    rememberCounty('https://oa.a.gov.cn', { name: '甲县' }, store)
    expect(cachedCounty('https://oa.a.gov.cn', store)).toEqual({ name: '甲县' })
    expect(cachedCounty('https://oa.b.gov.cn', store)).toBeNull()
    store.setItem('qf.county', '{broken')
    expect(cachedCounty('https://oa.a.gov.cn', store)).toBeNull()
  })

  it('asks the server and survives being offline', async () => {
    const offline = { checkServer: vi.fn(async () => ({ ok: false as const, code: 'UNREACHABLE' as const, message: 'x' })) }
    expect(await loadCounty(offline, 'https://oa.c.gov.cn')).toBeNull()
    const online = { checkServer: vi.fn(async () => ({ ok: true as const, serverUrl: 'https://oa.c.gov.cn', county: { name: '丙县' }, serverTime: 1 })) }
    expect(await loadCounty(online, 'https://oa.c.gov.cn')).toEqual({ name: '丙县' })
  })
})
