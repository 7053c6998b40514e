import { describe, expect, it, vi } from 'vitest'
import { checkServer, parseCounty } from './server-check'

const answer = (status: number, body: unknown) => vi.fn(async () => ({ ok: status < 400, status, json: async () => body }))

describe('checkServer', () => {
  it('reports the county a 清风 server serves', async () => {
    const f = answer(200, { ok: true, serverTime: 1700000000000, county: { name: '浠水县', shortName: '浠水' } })
    expect(await checkServer('http://oa.county.test:8080/qingfeng/', f)).toEqual({
      ok: true,
      serverUrl: 'http://oa.county.test:8080/qingfeng',
      county: { name: '浠水县', shortName: '浠水' },
      serverTime: 1700000000000
    })
  })
  it('says when the address is not an address, without any request', async () => {
    const f = answer(200, {})
    expect(await checkServer('oa.county.test', f)).toMatchObject({ ok: false, code: 'INVALID_URL', problem: 'NO_SCHEME' })
    expect(f).not.toHaveBeenCalled()
  })
  it('tells "nobody answers" from "something else answers"', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('fetch failed')
    })
    expect(await checkServer('http://10.0.0.9', down)).toMatchObject({ ok: false, code: 'UNREACHABLE' })
    expect(await checkServer('http://10.0.0.9', answer(404, null))).toMatchObject({ ok: false, code: 'NOT_QINGFENG' })
    expect(await checkServer('http://10.0.0.9', answer(200, '<html>'))).toMatchObject({ ok: false, code: 'NOT_QINGFENG' })
    expect(await checkServer('http://10.0.0.9', answer(200, { ok: true }))).toMatchObject({ ok: false, code: 'NOT_QINGFENG' })
  })
})

describe('parseCounty', () => {
  it('keeps well-formed issuers and drops the rest', () => {
    expect(
      parseCounty({ name: '浠水县', issuers: [{ id: 'zf', name: '浠水县人民政府', mark: '浠水县人民政府文件', short: '浠政发' }, { id: 'x' }, null] })
    ).toEqual({ name: '浠水县', issuers: [{ id: 'zf', name: '浠水县人民政府', mark: '浠水县人民政府文件', short: '浠政发' }] })
    expect(parseCounty({ name: '' })).toBeNull()
    expect(parseCounty('浠水县')).toBeNull()
  })
})
