import { describe, expect, it } from 'vitest'
import { isAppUrl } from './app-url'

const APP = 'app://qingfeng'

describe('isAppUrl: which pages are our own app (production: app://qingfeng)', () => {
  it.each(['app://qingfeng/index.html', 'app://qingfeng/', 'app://qingfeng', 'app://qingfeng/index.html?x=1#/tasks/abc'])('accepts %s', (url) =>
    expect(isAppUrl(url, APP)).toBe(true)
  )

  it.each([
    // the collab server is a different origin now: its pages get no IPC, no navigation
    ['the collab server', 'http://127.0.0.1:4455/'],
    ['the collab server (https)', 'https://oa.example.gov.cn/qingfeng/'],
    ['other host', 'app://evil/index.html'],
    ['suffix host', 'app://qingfeng.evil/'],
    ['prefix host', 'app://xqingfeng/'],
    ['upper-case host spelling', 'app://QINGFENG/'],
    ['a port', 'app://qingfeng:1/'],
    ['credentials prefix', 'app://qingfeng@evil/'],
    ['credentials on app', 'app://user:pw@qingfeng/'],
    ['no host', 'app:///index.html'],
    ['opaque app URL', 'app:qingfeng/index.html'],
    ['other scheme, same host', 'http://qingfeng/'],
    ['lookalike scheme', 'apps://qingfeng/'],
    ['file', 'file:///work/main/out/renderer/index.html'],
    ['data', 'data:text/html,hi'],
    ['blob of our origin', 'blob:app://qingfeng/uuid'],
    ['about:blank', 'about:blank'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['garbage', 'not a url'],
    ['non-string', 42]
  ])('rejects %s', (_label, url) => expect(isAppUrl(url, APP)).toBe(false))
})

describe('isAppUrl in development (loopback dev server)', () => {
  const DEV = 'http://localhost:5173'

  it.each(['http://localhost:5173/', 'http://localhost:5173/index.html#/tasks'])('accepts %s', (url) => expect(isAppUrl(url, DEV)).toBe(true))

  it.each([
    ['other port', 'http://localhost:5174/'],
    ['other host', 'http://127.0.0.1:5173/'],
    ['https vs http', 'https://localhost:5173/'],
    ['credentials prefix', 'http://localhost:5173@evil.com/'],
    ['the production origin', 'app://qingfeng/index.html']
  ])('rejects %s', (_label, url) => expect(isAppUrl(url, DEV)).toBe(false))
})
