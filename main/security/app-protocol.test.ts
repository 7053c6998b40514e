import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, mimeType, resolveAppPath } from './app-protocol'

const ROOT = resolve('/opt/qingfeng/out/renderer')
const inRoot = (...p: string[]) => join(ROOT, ...p)

describe('the app:// scheme', () => {
  it('is app://qingfeng, registered standard + secure with fetch and CORS', () => {
    expect(APP_ORIGIN).toBe('app://qingfeng')
    expect(APP_ENTRY_URL).toBe('app://qingfeng/index.html')
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }
    })
  })
})

describe('resolveAppPath: URL → file under the renderer folder', () => {
  it.each([
    ['app://qingfeng/', inRoot('index.html'), true],
    ['app://qingfeng', inRoot('index.html'), true],
    ['app://qingfeng/index.html', inRoot('index.html'), true],
    ['app://qingfeng/index.html?x=1#/tasks/abc', inRoot('index.html'), true],
    ['app://qingfeng/assets/index-Bq3_x-9a.js', inRoot('assets', 'index-Bq3_x-9a.js'), false],
    ['app://qingfeng/assets/logo%20big.png', inRoot('assets', 'logo big.png'), false],
    ['app://qingfeng/assets/%E5%9B%BE%E6%A0%87.svg', inRoot('assets', '图标.svg'), false],
    ['app://qingfeng//assets//a.css', inRoot('assets', 'a.css'), false],
    // Routes fall back to the SPA entry when no such file exists.
    ['app://qingfeng/tasks/abc', inRoot('tasks', 'abc'), true],
    // The URL parser already folds literal dot segments, so these stay inside.
    ['app://qingfeng/a/../index.html', inRoot('index.html'), true],
    ['app://qingfeng/../../../etc/passwd', inRoot('etc', 'passwd'), true],
    ['app://qingfeng/%2e%2e/%2e%2e/etc/passwd', inRoot('etc', 'passwd'), true],
    // Decoded exactly once: double-encoded dots are a literal (harmless) name.
    ['app://qingfeng/%252e%252e/etc', inRoot('%2e%2e', 'etc'), true]
  ])('%s → %s', (url, file, spaFallback) => {
    expect(resolveAppPath(url, ROOT)).toEqual({ ok: true, file, spaFallback })
  })

  it.each([
    // traversal that survives URL parsing
    ['encoded slash', 'app://qingfeng/..%2f..%2fetc%2fpasswd'],
    ['encoded slash, upper case', 'app://qingfeng/..%2F..%2Fetc%2Fpasswd'],
    ['encoded backslash', 'app://qingfeng/..%5c..%5cWindows%5cwin.ini'],
    ['literal backslash', 'app://qingfeng/..\\..\\Windows\\win.ini'],
    ['mixed dot encoding + encoded slash', 'app://qingfeng/.%2e%2f.%2e%2fetc'],
    ['encoded slash inside a segment', 'app://qingfeng/assets%2f..%2f..%2fsecret'],
    ['dot-file', 'app://qingfeng/.env'],
    ['dot-directory', 'app://qingfeng/.vite/manifest.json'],
    ['windows drive', 'app://qingfeng/C:%5cWindows%5cwin.ini'],
    ['encoded drive', 'app://qingfeng/C%3a/Windows/win.ini'],
    ['NTFS stream', 'app://qingfeng/index.html::$DATA'],
    ['UNC-style', 'app://qingfeng/%5c%5cattacker%5cshare'],
    ['NUL byte', 'app://qingfeng/index.html%00.png'],
    ['newline', 'app://qingfeng/a%0ab'],
    ['windows device', 'app://qingfeng/CON'],
    ['windows device with extension', 'app://qingfeng/assets/nul.js']
  ])('refuses %s (403)', (_label, url) => {
    expect(resolveAppPath(url, ROOT)).toMatchObject({ ok: false, status: 403 })
  })

  it.each([
    ['another host', 'app://evil/index.html'],
    ['upper-case look-alike host', 'app://QINGFENG/index.html'],
    ['suffix host', 'app://qingfeng.evil/index.html'],
    ['credentials', 'app://qingfeng@evil/index.html'],
    ['a port', 'app://qingfeng:80/index.html'],
    ['no host', 'app:///index.html'],
    ['opaque path', 'app:qingfeng/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['http', 'http://qingfeng/index.html']
  ])('refuses %s (404)', (_label, url) => {
    expect(resolveAppPath(url, ROOT)).toMatchObject({ ok: false, status: 404 })
  })

  it.each(['app://qingfeng/%E0%A4%A', 'app://qingfeng/%ff', 'not a url'])('refuses malformed %s (400)', (url) => {
    expect(resolveAppPath(url, ROOT)).toMatchObject({ ok: false, status: 400 })
  })

  it('never yields a path outside the folder', () => {
    const probes = ['..', '%2e%2e', '%2e.', '.%2e', '..%2f', '..%5c', '%c0%ae%c0%ae', '..;', '...', 'a/..', '%2e%2e%2f%2e%2e']
    for (const a of probes)
      for (const b of probes) {
        const d = resolveAppPath(`app://qingfeng/${a}/${b}/etc/passwd`, ROOT)
        if (d.ok) expect(d.file.startsWith(ROOT + sep)).toBe(true)
      }
  })
})

describe('mimeType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.MJS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.unknown', 'application/octet-stream'],
    ['noext', 'application/octet-stream']
  ])('%s → %s', (file, mime) => expect(mimeType(file)).toBe(mime))
})

describe('protocol handler', () => {
  const CSP = "default-src 'self'; script-src 'self'"
  let base: string
  let renderer: string
  const logs: string[] = []
  const get = (url: string, method = 'GET') => createAppProtocolHandler({ rendererDir: renderer, csp: CSP, log: (m) => logs.push(m) })({ url, method })

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'qf-proto-'))
    renderer = join(base, 'out', 'renderer')
    await mkdir(join(renderer, 'assets'), { recursive: true })
    await writeFile(join(renderer, 'index.html'), '<!doctype html><div id="root"></div>')
    await writeFile(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)')
    await writeFile(join(renderer, 'assets', 'index-abc.css'), 'body{}')
    // Files an attacker would like to read: next to and above the renderer folder.
    await writeFile(join(base, 'out', 'secrets.json'), '{"token":"SECRET"}')
    await writeFile(join(base, 'passwd'), 'root:SECRET')
  })
  afterAll(() => rm(base, { recursive: true, force: true }))

  it('serves index.html for / with the CSP, nosniff and an HTML type', async () => {
    const res = await get('app://qingfeng/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CSP)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toContain('<div id="root">')
  })

  it('serves assets with their MIME type', async () => {
    const js = await get('app://qingfeng/assets/index-abc.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    expect((await get('app://qingfeng/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it('answers unknown routes with index.html (SPA) but missing assets with 404', async () => {
    const route = await get('app://qingfeng/tasks/abc')
    expect(route.status).toBe(200)
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await route.text()).toContain('<div id="root">')

    const asset = await get('app://qingfeng/assets/missing.js')
    expect(asset.status).toBe(404)
    expect(asset.headers.get('content-security-policy')).toBe(CSP)
  })

  it('does not serve a directory as a file', async () => {
    const res = await get('app://qingfeng/assets')
    // "assets" has no extension: treated as a route, so the SPA entry, never a listing.
    expect(await res.text()).toContain('<div id="root">')
  })

  it.each([
    'app://qingfeng/..%2fsecrets.json',
    'app://qingfeng/..%2F..%2Fpasswd',
    'app://qingfeng/..%5csecrets.json',
    'app://qingfeng/%2e%2e%2f%2e%2e%2fpasswd',
    'app://qingfeng/assets/..%2f..%2fsecrets.json',
    'app://evil/index.html'
  ])('refuses %s without leaking the file, still with the CSP', async (url) => {
    const res = await get(url)
    expect([403, 404]).toContain(res.status)
    expect(res.headers.get('content-security-policy')).toBe(CSP)
    expect(await res.text()).not.toContain('SECRET')
  })

  it('keeps literal dot segments inside the folder', async () => {
    const res = await get('app://qingfeng/../../passwd')
    expect(await res.text()).not.toContain('SECRET')
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://qingfeng/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBeNull()
    const post = await get('app://qingfeng/index.html', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect(post.headers.get('content-security-policy')).toBe(CSP)
  })

  it('explains a broken install (no renderer build) instead of a blank window', async () => {
    const handler = createAppProtocolHandler({ rendererDir: join(base, 'nowhere'), csp: CSP, log: () => {} })
    const res = await handler({ url: 'app://qingfeng/', method: 'GET' })
    expect(res.status).toBe(500)
    expect(res.headers.get('content-security-policy')).toBe(CSP)
    const html = await res.text()
    expect(html).toContain('程序文件不完整')
    expect(html).not.toMatch(/<script/i)
  })
})
