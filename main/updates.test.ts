import { describe, expect, it, vi } from 'vitest'
import { electronProxyConfig } from './proxy'
import { onWindowClose, trayMenuTemplate, trayTooltip } from './tray'
import { shouldCheckForUpdates, startUpdateChecks, updateFeedUrl, type UpdaterLike } from './updates'

function fakeUpdater() {
  const handlers = new Map<string, (...a: unknown[]) => void>()
  const u: UpdaterLike & { feeds: string[] } = {
    feeds: [],
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    setFeedURL: vi.fn((o: { url: string }) => void u.feeds.push(o.url)),
    checkForUpdates: vi.fn(async () => null),
    on: vi.fn((e: string, l: (...a: unknown[]) => void) => handlers.set(e, l))
  }
  return { u, handlers }
}

describe('updates from the county server', () => {
  it('the feed is the configured server’s /updates/, path prefix kept', () => {
    expect(updateFeedUrl('https://oa.county.gov.cn/qingfeng')).toBe('https://oa.county.gov.cn/qingfeng/updates/')
    expect(updateFeedUrl('http://10.1.1.1:4455')).toBe('http://10.1.1.1:4455/updates/')
  })

  it('only an installed app with updates allowed and a server checks', () => {
    const base = { isPackaged: true, autoUpdate: true, serverUrl: 'https://oa.county.gov.cn', env: {} }
    expect(shouldCheckForUpdates(base)).toBe(true)
    expect(shouldCheckForUpdates({ ...base, isPackaged: false })).toBe(false)
    expect(shouldCheckForUpdates({ ...base, autoUpdate: false })).toBe(false)
    expect(shouldCheckForUpdates({ ...base, serverUrl: null })).toBe(false)
    expect(shouldCheckForUpdates({ ...base, env: { QF_NO_UPDATES: '1' } })).toBe(false)
  })

  it('never downgrades, follows a changed server, and logs failures instead of throwing', async () => {
    const { u, handlers } = fakeUpdater()
    let server: string | null = 'https://oa.a.gov.cn/qingfeng'
    const log = vi.fn()
    vi.useFakeTimers()
    try {
      const stop = startUpdateChecks(u, { serverUrl: () => server, log, everyMs: 1000 })
      expect(u.allowDowngrade).toBe(false)
      expect(u.autoDownload).toBe(true)
      server = 'https://oa.b.gov.cn'
      vi.advanceTimersByTime(1000)
      expect(u.feeds).toEqual(['https://oa.a.gov.cn/qingfeng/updates/', 'https://oa.b.gov.cn/updates/'])
      vi.mocked(u.checkForUpdates).mockRejectedValueOnce(new Error('ECONNREFUSED'))
      vi.advanceTimersByTime(1000)
      await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED')))
      handlers.get('error')!(new Error('sha512 checksum mismatch'))
      expect(log).toHaveBeenCalledWith('[update] sha512 checksum mismatch')
      stop()
      vi.advanceTimersByTime(5000)
      expect(u.checkForUpdates).toHaveBeenCalledTimes(3)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('tray and close behaviour', () => {
  it('shows the unread count', () => {
    expect(trayTooltip(0)).toBe('清风协同办公')
    expect(trayTooltip(7)).toBe('清风协同办公 — 7 件待办')
    expect(trayTooltip(250)).toBe('清风协同办公 — 99+ 件待办')
    const onOpen = vi.fn()
    const onQuit = vi.fn()
    const menu = trayMenuTemplate({ count: 2, onOpen, onQuit })
    expect(menu[0].label).toBe('打开清风协同办公（2 件待办）')
    ;(menu[2].click as () => void)()
    expect(onQuit).toHaveBeenCalled()
  })
  it('hides to the tray only when chosen, a tray exists, and the user is not quitting', () => {
    expect(onWindowClose({ closeToTray: true, hasTray: true, quitting: false })).toBe('hide')
    expect(onWindowClose({ closeToTray: false, hasTray: true, quitting: false })).toBe('close')
    expect(onWindowClose({ closeToTray: true, hasTray: false, quitting: false })).toBe('close')
    expect(onWindowClose({ closeToTray: true, hasTray: true, quitting: true })).toBe('close')
  })
})

describe('proxy', () => {
  it('system by default, and fixed rules that still bypass loopback', () => {
    expect(electronProxyConfig({ mode: 'system' })).toEqual({ mode: 'system' })
    expect(electronProxyConfig({ mode: 'direct' })).toEqual({ mode: 'direct' })
    expect(electronProxyConfig({ mode: 'fixed', rules: 'http://10.0.0.1:3128', bypass: '*.gov.cn' })).toEqual({
      mode: 'fixed_servers',
      proxyRules: 'http://10.0.0.1:3128',
      proxyBypassRules: '*.gov.cn;<local>;127.0.0.1;localhost;[::1]'
    })
  })
})
