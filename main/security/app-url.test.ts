import { describe, expect, it } from 'vitest'
import { isAppUrl } from './app-url'

const APP = 'http://127.0.0.1:4455'

describe('isAppUrl: which pages are our own app', () => {
  it.each(['http://127.0.0.1:4455/', 'http://127.0.0.1:4455/tasks/abc?x=1#y', 'http://127.0.0.1:4455'])(
    'accepts %s',
    (url) => expect(isAppUrl(url, APP)).toBe(true)
  )

  it.each([
    ['other port', 'http://127.0.0.1:4456/'],
    ['other host', 'http://localhost:4455/'],
    ['https vs http', 'https://127.0.0.1:4455/'],
    ['ws scheme', 'ws://127.0.0.1:4455/'],
    ['credentials prefix', 'http://127.0.0.1:4455@evil.com/'],
    ['credentials on app', 'http://user:pw@127.0.0.1:4455/'],
    ['suffix host', 'http://127.0.0.1.evil.com:4455/'],
    ['file', 'file:///work/main/out/renderer/index.html'],
    ['data', 'data:text/html,hi'],
    ['about:blank', 'about:blank'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['garbage', 'not a url'],
    ['non-string', 42]
  ])('rejects %s', (_label, url) => expect(isAppUrl(url, APP)).toBe(false))
})
