import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CHANNELS } from '../preload/contract'
import { startApp } from './app'
import * as fakeModule from './testing/fake-electron'

vi.mock('electron', () => import('./testing/fake-electron').then((m) => m.electronModule))

type Fake = typeof fakeModule
const APP = 'app://qingfeng'
const SERVER = 'http://127.0.0.1:4455'
let userData: string

beforeEach(async () => {
  fakeModule.resetFake()
  userData = await mkdtemp(join(tmpdir(), 'qf-app-'))
})
afterEach(() => rm(userData, { recursive: true, force: true }))

/** Starts the main process against a fresh fake Electron, as `electron .` would. */
async function boot(env: Record<string, string> = {}, tweak: (f: Fake) => void = () => {}, argv: string[] = []) {
  const fake: Fake = fakeModule
  fake.electronModule.app.getPath.mockImplementation((name: string) => join(userData, name))
  tweak(fake)
  // Config files under the temp folder, never the machine's /etc or the developer's ~/.config.
  startApp({ QF_MACHINE_CONFIG: join(userData, 'machine.json'), QF_USER_CONFIG: join(userData, 'user.json'), ...env }, argv)
  await new Promise((r) => setImmediate(r))
  const win = fake.FakeBrowserWindow.instances.at(-1)
  const invoke = (channel: string, event: unknown, ...args: unknown[]) => fake.ipcHandlers.get(channel)!(event, ...args)
  const fromApp = () => fake.ipcEvent(win!.webContents, `${APP}/index.html#/inbox`)
  return { fake, win, invoke, fromApp }
}

describe('main process wiring', () => {
  it('sandboxes all renderers and opens one window with the CommonJS preload', async () => {
    const { fake, win } = await boot()
    expect(fake.electronModule.app.enableSandbox).toHaveBeenCalled()
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1)
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/[\\/]preload[\\/]index\.cjs$/)
    expect(win!.loadURL).toHaveBeenCalledWith(`${APP}/index.html`)
  })

  it('registers app:// as a privileged standard scheme before ready, and serves it once ready', async () => {
    const { fake } = await boot()
    const { protocol, Menu } = fake.electronModule
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1)
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }
    ])
    // Synchronously in startApp, i.e. before anything that runs on 'ready'.
    const registered = protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]
    expect(registered).toBeLessThan(Menu.setApplicationMenu.mock.invocationCallOrder[0])
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(protocol.handle.mock.invocationCallOrder[0]).toBeGreaterThan(registered)
  })

  it('the app:// handler answers with our CSP and refuses traversal', async () => {
    const { fake } = await boot()
    const handler = fake.protocolHandlers.get('app')!
    const index = await handler(new Request(`${APP}/`))
    // 200 with the build present, the "files missing" page without it: CSP either way.
    const csp = index.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ${SERVER} ws://127.0.0.1:4455`)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    // Under test the folder is <repo>/renderer, so "..%2fpackage.json" would be the repo's package.json.
    for (const url of [`${APP}/..%2fpackage.json`, `${APP}/..%5cpackage.json`, `${APP}/%2e%2e%2fpackage.json`, 'app://evil/index.html']) {
      const res = await handler(new Request(url))
      expect([403, 404]).toContain(res.status)
      expect(res.headers.get('content-security-policy')).toBe(csp)
      expect(await res.text()).not.toContain('qingfeng-office')
    }
  })

  it('in development loads the loopback dev server and does not serve app://', async () => {
    const { fake, win } = await boot({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(win!.loadURL).toHaveBeenCalledWith('http://localhost:5173/')
    expect(fake.electronModule.protocol.handle).not.toHaveBeenCalled()
  })

  it('a second instance quits without a window or IPC', async () => {
    const { fake } = await boot({}, (f) => f.electronModule.app.requestSingleInstanceLock.mockReturnValueOnce(false))
    expect(fake.electronModule.app.quit).toHaveBeenCalled()
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0)
    expect(fake.ipcHandlers.size).toBe(0)
  })

  it('refuses to start on a bad QF_SERVER_URL', async () => {
    const { fake } = await boot({ QF_SERVER_URL: 'file:///etc' })
    expect(fake.electronModule.dialog.showErrorBox).toHaveBeenCalled()
    expect(fake.electronModule.app.exit).toHaveBeenCalledWith(1)
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('answers the app window and nobody else over IPC', async () => {
    const { fake, win, invoke, fromApp } = await boot()
    expect(await invoke(IPC_CHANNELS.getConfig, fromApp())).toEqual({
      ok: true,
      value: { serverUrl: SERVER, shell: 'electron', locale: 'zh-CN', serverSource: 'default', serverEditable: true, secureStorage: true }
    })
    const foreignFrame = fake.ipcEvent(win!.webContents, 'https://evil.example/')
    const serverPage = fake.ipcEvent(win!.webContents, `${SERVER}/`)
    const appIframe = fake.ipcEvent(win!.webContents, `${APP}/index.html`, { subframe: true })
    const otherContents = fake.ipcEvent(new fake.FakeWebContents(), `${APP}/index.html`)
    for (const ev of [foreignFrame, serverPage, appIframe, otherContents]) {
      expect(await invoke(IPC_CHANNELS.secretGet, ev, 'auth.token')).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' })
    }
  })

  it('stores tokens encrypted under userData', async () => {
    const { invoke, fromApp } = await boot()
    expect(await invoke(IPC_CHANNELS.secretSet, fromApp(), 'auth.token', 'tok-123')).toEqual({ ok: true, value: undefined })
    expect(await invoke(IPC_CHANNELS.secretGet, fromApp(), 'auth.token')).toEqual({ ok: true, value: 'tok-123' })
    expect(await readFile(join(userData, 'userData', 'secrets.json'), 'utf8')).not.toContain('tok-123')
  })

  it('refuses plain storage when the keychain is unavailable', async () => {
    const { invoke, fromApp } = await boot({}, (f) => f.electronModule.safeStorage.isEncryptionAvailable.mockReturnValue(false))
    expect(await invoke(IPC_CHANNELS.secretSet, fromApp(), 'auth.token', 'tok')).toMatchObject({ ok: false, code: 'ENCRYPTION_UNAVAILABLE' })
  })

  it('a notification click brings the window forward and sends only its route', async () => {
    const { fake, win, invoke, fromApp } = await boot()
    await invoke(IPC_CHANNELS.notify, fromApp(), { title: '新交办件', body: '清泉镇', route: '/tasks/t1' })
    const note = fake.FakeNotification.instances.at(-1)!
    expect(note.show).toHaveBeenCalled()
    note.emit('click')
    expect(win!.focus).toHaveBeenCalled()
    expect(win!.webContents.send).toHaveBeenCalledWith(IPC_CHANNELS.navigate, '/tasks/t1')
  })

  it('sets the badge', async () => {
    const { fake, invoke, fromApp } = await boot()
    await invoke(IPC_CHANNELS.setBadgeCount, fromApp(), 3)
    expect(fake.electronModule.app.setBadgeCount).toHaveBeenCalledWith(3)
  })

  it('openExternal over IPC reaches the OS only for vetted links', async () => {
    const { fake, invoke, fromApp } = await boot()
    const shell = fake.electronModule.shell
    expect(await invoke(IPC_CHANNELS.openExternal, fromApp(), 'file:///etc/passwd')).toEqual({ ok: true, value: false })
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(await invoke(IPC_CHANNELS.openExternal, fromApp(), 'https://www.gov.cn/')).toEqual({ ok: true, value: true })
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.gov.cn/')
  })

  it('hardens webContents it did not create itself', async () => {
    const { fake } = await boot()
    const stray = new fake.FakeWebContents()
    fake.electronModule.app.emit('web-contents-created', {}, stray)
    expect(stray.attempt('will-navigate', 'https://evil.example/')).toBe(true)
    expect(stray.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(stray.attempt('will-attach-webview')).toBe(true)
  })

  it('injects the CSP into app responses and grants only notifications', async () => {
    const { fake } = await boot()
    const s = fake.defaultSession
    let headers: Record<string, string[]> | undefined
    s.headersReceived!({ url: `${APP}/index.html`, responseHeaders: {} }, (r) => (headers = r.responseHeaders))
    const csp = headers!['Content-Security-Policy'][0]
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ${SERVER} ws://127.0.0.1:4455`)
    expect(csp).not.toContain('unsafe-eval')
    let granted: boolean | undefined
    s.permissionRequest!({}, 'media', (g) => (granted = g), { requestingUrl: `${APP}/index.html` })
    expect(granted).toBe(false)
    s.permissionRequest!({}, 'notifications', (g) => (granted = g), { requestingUrl: `${APP}/index.html` })
    expect(granted).toBe(true)
    s.permissionRequest!({}, 'notifications', (g) => (granted = g), { requestingUrl: `${SERVER}/` })
    expect(granted).toBe(false)
  })

  it('installs the Chinese menu without developer tools in production', async () => {
    const { fake } = await boot()
    const template = fake.electronModule.Menu.setApplicationMenu.mock.lastCall![0] as Array<{ label: string; submenu: Array<{ role?: string }> }>
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助'])
    expect(template.flatMap((m) => m.submenu).some((i) => i.role === 'toggleDevTools')).toBe(false)
  })
})

describe('server address, tray, deep links, proxy', () => {
  it('an installed client without an address reports none, allows no server in the CSP, and saves the one the user picks', async () => {
    const { fake, win, invoke, fromApp } = await boot({}, (f) => (f.electronModule.app.isPackaged = true))
    try {
      const config = (await invoke(IPC_CHANNELS.getConfig, fromApp())) as { value: { serverUrl: string | null; serverEditable: boolean } }
      expect(config.value).toMatchObject({ serverUrl: null, serverEditable: true })
      const handler = fake.protocolHandlers.get('app')!
      expect((await handler(new Request(`${APP}/`))).headers.get('content-security-policy')).toContain("connect-src 'self';")
      expect(await invoke(IPC_CHANNELS.setServerUrl, fromApp(), 'https://oa.county.test/qingfeng/')).toEqual({ ok: true, value: undefined })
      expect(JSON.parse(await readFile(join(userData, 'user.json'), 'utf8'))).toEqual({ serverUrl: 'https://oa.county.test/qingfeng' })
      // The window reloads and now gets a policy naming the new server.
      expect(win!.webContents.reload).toHaveBeenCalled()
      expect((await handler(new Request(`${APP}/`))).headers.get('content-security-policy')).toContain(
        "connect-src 'self' https://oa.county.test wss://oa.county.test"
      )
      expect(await invoke(IPC_CHANNELS.getConfig, fromApp())).toMatchObject({ value: { serverUrl: 'https://oa.county.test/qingfeng', serverSource: 'user' } })
      expect(await invoke(IPC_CHANNELS.setServerUrl, fromApp(), 'oa.county.test')).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' })
    } finally {
      fake.electronModule.app.isPackaged = false
    }
  })

  it('a machine file that locks the address wins, and the user cannot change it', async () => {
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(userData, 'machine.json'), JSON.stringify({ serverUrl: 'https://oa.county.gov.cn', lockServerUrl: true }))
    await writeFile(join(userData, 'user.json'), JSON.stringify({ serverUrl: 'http://10.9.9.9' }))
    const { invoke, fromApp } = await boot()
    expect(await invoke(IPC_CHANNELS.getConfig, fromApp())).toMatchObject({
      value: { serverUrl: 'https://oa.county.gov.cn', serverEditable: false, serverSource: 'machine' }
    })
    expect(await invoke(IPC_CHANNELS.setServerUrl, fromApp(), 'http://10.9.9.9')).toMatchObject({ ok: false, code: 'CONFIG_LOCKED' })
  })

  it('checks a server from the main process and reports what answered', async () => {
    const { fake, invoke, fromApp } = await boot()
    fake.electronModule.net.fetch.mockResolvedValueOnce({ ok: true, status: 200, json: async () => ({ ok: true, serverTime: 5, county: { name: '浠水县' } }) })
    expect(await invoke(IPC_CHANNELS.checkServer, fromApp(), 'http://oa.county.test/qingfeng')).toEqual({
      ok: true,
      value: { ok: true, serverUrl: 'http://oa.county.test/qingfeng', county: { name: '浠水县' }, serverTime: 5 }
    })
    expect(fake.electronModule.net.fetch).toHaveBeenLastCalledWith('http://oa.county.test/qingfeng/api/health', expect.anything())
  })

  it('applies the system proxy by default and a fixed one when the user sets it', async () => {
    const { fake, invoke, fromApp } = await boot()
    expect(fake.defaultSession.setProxy).toHaveBeenLastCalledWith({ mode: 'system' })
    expect(await invoke(IPC_CHANNELS.setSettings, fromApp(), { proxy: { mode: 'fixed', rules: 'http://10.0.0.1:3128' } })).toEqual({
      ok: true,
      value: undefined
    })
    const fixed = { mode: 'fixed_servers', proxyRules: 'http://10.0.0.1:3128', proxyBypassRules: '<local>;127.0.0.1;localhost;[::1]' }
    expect(fake.defaultSession.setProxy).toHaveBeenLastCalledWith(fixed)
    // electron-updater's own session takes the same route.
    expect(fake.electronModule.session.fromPartition).toHaveBeenCalledWith('electron-updater', expect.anything())
    expect(fake.updaterSession.setProxy).toHaveBeenLastCalledWith(fixed)
    expect(await invoke(IPC_CHANNELS.setSettings, fromApp(), { proxy: { mode: 'fixed', rules: 'x\ny' } })).toMatchObject({
      ok: false,
      code: 'INVALID_ARGUMENT'
    })
  })

  it('shows the unread count on the tray, and closes to the tray only when chosen', async () => {
    const { fake, win, invoke, fromApp } = await boot()
    const tray = fake.FakeTray.instances.at(-1)!
    await invoke(IPC_CHANNELS.setBadgeCount, fromApp(), 4)
    expect(tray.setToolTip).toHaveBeenLastCalledWith('清风协同办公 — 4 件待办')
    let prevented = false
    win!.emit('close', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(false)
    await invoke(IPC_CHANNELS.setSettings, fromApp(), { closeToTray: true })
    win!.emit('close', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    expect(win!.hide).toHaveBeenCalled()
    // Quitting from the tray menu really quits.
    fake.electronModule.app.emit('before-quit')
    prevented = false
    win!.emit('close', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(false)
  })

  it('a qingfeng:// link opens the record in the running window; junk links are ignored', async () => {
    const { fake, win } = await boot({}, () => {}, ['/opt/qf/qingfeng', 'qingfeng://task/t-42'])
    // Cold start from a link: the window opens at that record.
    expect(win!.loadURL).toHaveBeenCalledWith(`${APP}/index.html#/tasks/t-42`)
    // A link while the page is still loading is delivered once it has loaded.
    win!.webContents.isLoading.mockReturnValueOnce(true)
    fake.electronModule.app.emit('second-instance', {}, ['qingfeng://document/d9'], '/')
    expect(win!.webContents.send).not.toHaveBeenCalled()
    win!.webContents.emit('did-finish-load')
    expect(win!.webContents.send).toHaveBeenLastCalledWith(IPC_CHANNELS.navigate, '/documents/d9')
    fake.electronModule.app.emit('second-instance', {}, ['/opt/qf/qingfeng', 'qingfeng://notice/n1'], '/')
    expect(win!.webContents.send).toHaveBeenLastCalledWith(IPC_CHANNELS.navigate, '/notices/n1')
    expect(win!.focus).toHaveBeenCalled()
    win!.webContents.send.mockClear()
    fake.electronModule.app.emit('second-instance', {}, ['qingfeng://task/../../etc', 'qingfeng://evil.example/x/y'], '/')
    expect(win!.webContents.send).not.toHaveBeenCalled()
  })

  it('prints through the system dialog, and a cancelled dialog is not an error', async () => {
    const { win, invoke, fromApp } = await boot()
    expect(await invoke(IPC_CHANNELS.printDialog, fromApp())).toEqual({ ok: true, value: undefined })
    expect(win!.webContents.print).toHaveBeenCalledWith(expect.objectContaining({ silent: false }), expect.any(Function))
    win!.webContents.print.mockImplementationOnce((_o, cb) => cb(false, 'Print job canceled'))
    expect(await invoke(IPC_CHANNELS.printDialog, fromApp())).toEqual({ ok: true, value: undefined })
    win!.webContents.print.mockImplementationOnce((_o, cb) => cb(false, 'Print job failed'))
    expect(await invoke(IPC_CHANNELS.printDialog, fromApp())).toMatchObject({ ok: false, code: 'PRINT_FAILED' })
  })
})
