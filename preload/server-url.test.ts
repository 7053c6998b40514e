import { describe, expect, it } from 'vitest'
import { connectOrigins, httpUrl, parseServerUrl, wsUrl } from './server-url'

describe('parseServerUrl', () => {
  it.each([
    ['http://127.0.0.1:4455', 'http://127.0.0.1:4455'],
    ['http://127.0.0.1:4455/', 'http://127.0.0.1:4455'],
    ['  https://OA.Gov.Example/qingfeng/  ', 'https://oa.gov.example/qingfeng'],
    ['https://oa.gov.example:443/qingfeng//', 'https://oa.gov.example/qingfeng'],
    ['http://oa.county.test:8080/a/b/', 'http://oa.county.test:8080/a/b'],
    ['wss://oa.gov.example/qingfeng', 'https://oa.gov.example/qingfeng'],
    ['ws://10.1.2.3:4455', 'http://10.1.2.3:4455'],
    ['http://[::1]:4455/', 'http://[::1]:4455'],
    ['https://协同.浠水.政务/', 'https://xn--ykr0q.xn--1rwxy.xn--zfr164b']
  ])('%s → %s', (raw, base) => {
    expect(parseServerUrl(raw)).toEqual({ ok: true, base })
  })

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['oa.gov.example', 'NO_SCHEME'],
    ['oa.gov.example:4455/qingfeng', 'NO_SCHEME'],
    ['ftp://oa.gov.example/', 'BAD_SCHEME'],
    ['file:///etc/passwd', 'BAD_SCHEME'],
    ['javascript://x', 'BAD_SCHEME'],
    ['app://qingfeng', 'BAD_SCHEME'],
    ['https://user:pw@oa.gov.example/', 'CREDENTIALS'],
    ['https://oa.gov.example/?x=1', 'QUERY'],
    ['https://oa.gov.example/#a', 'QUERY'],
    ['https://oa.gov.example/a b', 'INVALID'],
    ['https://oa.gov.example\\@evil/', 'INVALID'],
    ['http://', 'INVALID']
  ])('refuses %j (%s)', (raw, problem) => {
    expect(parseServerUrl(raw)).toEqual({ ok: false, problem })
  })

  it('refuses what is not a string', () => {
    expect(parseServerUrl(undefined)).toEqual({ ok: false, problem: 'EMPTY' })
    expect(parseServerUrl(42)).toEqual({ ok: false, problem: 'EMPTY' })
  })
})

describe('httpUrl / wsUrl keep the path prefix', () => {
  const prefixed = 'https://oa.gov.example/qingfeng/'
  it('HTTP calls stay under the prefix, with or without a leading slash', () => {
    expect(httpUrl(prefixed, '/api/login')).toBe('https://oa.gov.example/qingfeng/api/login')
    expect(httpUrl(prefixed, 'api/health')).toBe('https://oa.gov.example/qingfeng/api/health')
    expect(httpUrl('https://oa.gov.example/qingfeng', '/api/files/a%2Fb?room=task%3A1')).toBe('https://oa.gov.example/qingfeng/api/files/a%2Fb?room=task%3A1')
    expect(httpUrl('http://127.0.0.1:4455', '/api/health')).toBe('http://127.0.0.1:4455/api/health')
  })
  it('WebSockets switch scheme and keep the prefix', () => {
    expect(wsUrl(prefixed, 'ws')).toBe('wss://oa.gov.example/qingfeng/ws')
    expect(wsUrl('http://oa.county.test:8080/qingfeng', '/ws/task%3A1?token=a.b')).toBe('ws://oa.county.test:8080/qingfeng/ws/task%3A1?token=a.b')
  })
  it('a path never escapes the server base', () => {
    expect(httpUrl(prefixed, '//evil.example/x')).toBe('https://oa.gov.example/qingfeng/evil.example/x')
  })
  it('names the http and ws origins for connect-src', () => {
    expect(connectOrigins(prefixed)).toEqual(['https://oa.gov.example', 'wss://oa.gov.example'])
    expect(connectOrigins('http://10.0.0.5:4455')).toEqual(['http://10.0.0.5:4455', 'ws://10.0.0.5:4455'])
  })
})
