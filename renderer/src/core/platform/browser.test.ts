import { describe, expect, it, vi } from 'vitest'
import { createBrowserApi, SECRET_PREFIX, type BrowserGlobals } from './browser'

function fakeGlobals(over: Partial<BrowserGlobals> = {}) {
  const store = new Map<string, string>()
  const g: BrowserGlobals = {
    location: { origin: 'http://127.0.0.1:4455', href: 'http://127.0.0.1:4455/index.html#/todo', hash: '#/todo', reload: vi.fn() },
    document: { title: '清风协同办公' },
    localStorage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k)
    },
    open: vi.fn(),
    print: vi.fn(),
    navigatorLanguage: 'zh-CN',
    ...over
  }
  return { g, store }
}

describe('browser DesktopApi', () => {
  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>1</script>',
    'http://user:pw@evil.example/',
    'http://trusted.gov.cn@evil.example/',
    ' https://example.com',
    'https://exa mple.com',
    '//evil.example/x',
    'about:blank',
    'vbscript:x',
    ''
  ])('refuses to open %j', async (url) => {
    const { g } = fakeGlobals()
    expect(await createBrowserApi(g).openExternal(url)).toBe(false)
    expect(g.open).not.toHaveBeenCalled()
  })

  it('opens http(s) URLs without giving the new page a handle on us', async () => {
    const { g } = fakeGlobals()
    expect(await createBrowserApi(g).openExternal('https://www.gov.cn/zhengce/')).toBe(true)
    expect(g.open).toHaveBeenCalledWith('https://www.gov.cn/zhengce/', '_blank', expect.stringContaining('noopener'))
  })

  it('keeps secrets under its own prefix and deletes them', async () => {
    const { g, store } = fakeGlobals()
    const api = createBrowserApi(g)
    await api.secretSet('token', 'abc')
    expect(store.get(SECRET_PREFIX + 'token')).toBe('abc')
    expect(await api.secretGet('token')).toBe('abc')
    await api.secretDelete('token')
    expect(await api.secretGet('token')).toBeNull()
  })

  it('shows the badge as a title prefix and clears it at 0', async () => {
    const { g } = fakeGlobals()
    const api = createBrowserApi(g)
    await api.setBadgeCount(3)
    expect(g.document.title).toBe('(3) 清风协同办公')
    await api.setBadgeCount(12)
    expect(g.document.title).toBe('(12) 清风协同办公')
    await api.setBadgeCount(0)
    expect(g.document.title).toBe('清风协同办公')
  })

  it('asks notification permission lazily, once, and routes clicks', async () => {
    const requestPermission = vi.fn(async () => 'granted' as NotificationPermission)
    const made: { onclick: ((ev: Event) => unknown) | null; title: string }[] = []
    class FakeNotification {
      static permission: NotificationPermission = 'default'
      static requestPermission = requestPermission
      onclick: ((ev: Event) => unknown) | null = null
      constructor(public title: string) {
        made.push(this)
      }
    }
    const { g } = fakeGlobals({ Notification: FakeNotification })
    const api = createBrowserApi(g)
    expect(requestPermission).not.toHaveBeenCalled()
    const routes: string[] = []
    api.onNavigate((r) => routes.push(r))
    await api.notify({ title: '新交办件', body: '防汛检查', route: '/tasks/t1' })
    await api.notify({ title: '新交办件', body: '第二件' })
    expect(requestPermission).toHaveBeenCalledTimes(1)
    expect(made.map((n) => n.title)).toEqual(['新交办件', '新交办件'])
    made[0].onclick?.(new Event('click'))
    expect(routes).toEqual(['/tasks/t1'])
  })

  it('reports the page origin as the server and the browser shell', async () => {
    const { g } = fakeGlobals()
    expect(await createBrowserApi(g).getConfig()).toEqual({
      serverUrl: 'http://127.0.0.1:4455',
      shell: 'browser',
      locale: 'zh-CN',
      serverSource: 'page',
      serverEditable: true,
      secureStorage: true
    })
  })

  it('keeps the path prefix the page was served under', async () => {
    const { g } = fakeGlobals({
      location: { origin: 'https://oa.county.test', href: 'https://oa.county.test/qingfeng/#/tasks/t1', hash: '#/tasks/t1', reload: vi.fn() }
    })
    expect(await createBrowserApi(g).getConfig()).toMatchObject({ serverUrl: 'https://oa.county.test/qingfeng' })
    const { g: g2 } = fakeGlobals({
      location: { origin: 'https://oa.county.test', href: 'https://oa.county.test/qingfeng/index.html', hash: '', reload: vi.fn() }
    })
    expect(await createBrowserApi(g2).getConfig()).toMatchObject({ serverUrl: 'https://oa.county.test/qingfeng' })
  })

  it('test hooks: no server until one is saved, and no secure storage', async () => {
    const { g, store } = fakeGlobals({ testHooks: { unconfigured: true, noSecureStorage: true } })
    const api = createBrowserApi(g)
    expect(await api.getConfig()).toMatchObject({ serverUrl: null, serverSource: 'none', secureStorage: false })
    await expect(api.secretSet('token', 't')).rejects.toThrow('ENCRYPTION_UNAVAILABLE')
    await expect(api.secretGet('token')).rejects.toThrow('ENCRYPTION_UNAVAILABLE')
    expect(store.size).toBe(0)
    await expect(api.setServerUrl('oa.county.test')).rejects.toThrow('INVALID_ARGUMENT')
    await expect(api.setServerUrl('http://oa.county.test:8080/qingfeng/')).rejects.toThrow('CROSS_ORIGIN')
    expect(g.location.reload).not.toHaveBeenCalled()
    await api.setServerUrl('http://127.0.0.1:4455/qingfeng/')
    expect(g.location.reload).toHaveBeenCalled()
    expect(await api.getConfig()).toMatchObject({ serverUrl: 'http://127.0.0.1:4455/qingfeng', serverSource: 'user' })
  })

  it('checks a server through fetch, at the prefixed health URL', async () => {
    const fetch = vi.fn(async () => ({ ok: true, status: 200, json: async () => ({ ok: true, serverTime: 1, county: { name: '浠水县', shortName: '浠水' } }) }))
    const { g } = fakeGlobals({ fetch })
    expect(await createBrowserApi(g).checkServer('https://oa.county.test/qingfeng/')).toEqual({
      ok: true,
      serverUrl: 'https://oa.county.test/qingfeng',
      county: { name: '浠水县', shortName: '浠水' },
      serverTime: 1
    })
    expect(fetch).toHaveBeenCalledWith('https://oa.county.test/qingfeng/api/health', expect.anything())
  })
})
