/**
 * The installer configuration and its hooks, checked without building an
 * installer (no Electron release zip here): electron-builder's own schema
 * validation of the config, the targets and artifact names a county gets,
 * the staging that keeps server code out, and the after-pack hook flipping
 * fuses on a stub binary that carries Electron's fuse wire.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('..', import.meta.url))
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
const config: Any = require(join(root, 'electron-builder.config.cjs'))
const afterPack: Any = require(join(root, 'build/hooks/after-pack.cjs'))
const signWindows: Any = require(join(root, 'build/hooks/sign-windows.cjs'))
const afterAll: Any = require(join(root, 'build/hooks/after-all-artifacts.cjs'))

/** electron-builder's macro expansion for artifact names, for the variables we use. */
const expand = (template: string, vars: Record<string, string>) => template.replace(/\$\{(\w+)\}/g, (_m, k: string) => vars[k] ?? `<${k}>`)

const temps: string[] = []
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'qf-pack-'))
  temps.push(d)
  return d
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('electron-builder.config.cjs', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js')
    const { DebugLogger } = require('builder-util')
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator does reject what is wrong (so the line above can fail).
    await expect(validateConfiguration({ ...config, win: { ...config.win, notAnOption: 1 } }, new DebugLogger(false))).rejects.toThrow()
  })

  it('identifies the product', () => {
    expect(config.appId).toBe('cn.qingfeng.office')
    expect(config.productName).toBe('清风协同办公')
    expect(config.executableName).toBe('qingfeng-office')
    expect(config.protocols).toEqual([{ name: '清风协同办公', schemes: ['qingfeng'] }])
    expect(config.linux.desktop.entry.MimeType).toContain('x-scheme-handler/qingfeng')
    expect(config.electronVersion).toMatch(/^4[5-9]\./)
  })

  it('Windows: NSIS x64 that lets the user choose per-user or per-machine', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, packElevateHelper: true })
    expect(existsSync(join(root, config.nsis.include))).toBe(true)
    expect(readFileSync(join(root, config.nsis.include), 'utf8')).toContain('qingfeng-office\\config.json')
    expect(expand(config.nsis.artifactName, { version: '1.2.0', arch: 'x64', ext: 'exe' })).toBe('qingfeng-office-1.2.0-setup-x64.exe')
  })

  it('Linux: deb and AppImage for x64 and arm64, with ASCII artifact names', () => {
    expect(config.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] }
    ])
    const names = ['x64', 'arm64'].flatMap((arch) =>
      ['deb', 'AppImage'].map((ext) => expand(config.artifactName, { version: '1.2.0', os: 'linux', arch, ext }))
    )
    expect(names).toEqual([
      'qingfeng-office-1.2.0-linux-x64.deb',
      'qingfeng-office-1.2.0-linux-x64.AppImage',
      'qingfeng-office-1.2.0-linux-arm64.deb',
      'qingfeng-office-1.2.0-linux-arm64.AppImage'
    ])
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9._-]+$/)
    expect(config.deb.depends).toContain('libsecret-1-0')
    expect(existsSync(join(root, config.deb.afterInstall))).toBe(true)
  })

  it('ships icons electron-builder accepts (Windows needs 256 px or more)', () => {
    const png = readFileSync(join(root, config.win.icon))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256)
    const sizes = readdirSync(join(root, config.linux.icon)).sort()
    expect(sizes).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '48x48.png', '128x128.png', '256x256.png', '512x512.png']))
  })

  it('packs only the staged client: no node_modules, no native rebuild, no source maps', () => {
    expect(config.directories.app).toBe('dist/app')
    expect(config.files).toEqual(expect.arrayContaining(['!**/node_modules/**', '!**/*.map']))
    expect(config.npmRebuild).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
    expect(config.asar).toBe(true)
  })

  it('signs and fuses through hooks that exist', () => {
    for (const hook of [config.afterPack, config.afterAllArtifactBuild, config.win.signtoolOptions.sign]) {
      expect(existsSync(join(root, hook)), hook).toBe(true)
    }
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })])
  })
})

describe('scripts/dist.mjs staging', () => {
  it('stages out/ without maps, with a package.json that has nothing to install', async () => {
    const dir = temp()
    for (const part of ['main', 'preload', 'renderer']) mkdirSync(join(dir, 'out', part), { recursive: true })
    writeFileSync(join(dir, 'out', 'main', 'index.js'), 'export {}')
    writeFileSync(join(dir, 'out', 'main', 'index.js.map'), '{}')
    writeFileSync(join(dir, 'out', 'preload', 'index.cjs'), '')
    writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html>')
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'qingfeng-office',
        version: '1.2.0',
        description: 'd',
        dependencies: { 'better-sqlite3': '^12', ws: '^8' },
        devDependencies: { electron: '^45' }
      })
    )
    const dist = (await import(pathToFileURL(join(root, 'scripts', 'dist.mjs')).href)) as Any
    const app = dist.stageApp(dir)
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))
    expect(pkg).toEqual({
      name: 'qingfeng-office',
      productName: '清风协同办公',
      version: '1.2.0',
      description: 'd',
      author: '清风协同办公',
      license: 'UNLICENSED',
      type: 'module',
      main: 'out/main/index.js'
    })
    expect(existsSync(join(app, 'out', 'main', 'index.js'))).toBe(true)
    expect(existsSync(join(app, 'out', 'main', 'index.js.map'))).toBe(false)
    expect(existsSync(join(app, 'node_modules'))).toBe(false)
  })
})

/** A stand-in for the Electron binary: bytes around Electron's fuse wire, as Electron 45 ships it. */
function stubElectron(file: string): void {
  const { SENTINEL } = require('@electron/fuses/dist/constants.js') as { SENTINEL: string }
  // Electron's defaults: RunAsNode on, cookies unencrypted, NODE_OPTIONS and --inspect on, integrity off, loose app ok, v8 snapshot off, file:// privileges on.
  const wire = Buffer.from([1, 8, ...'10110001'.split('').map((c) => c.charCodeAt(0))])
  writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF stub electron '), Buffer.from(SENTINEL), wire, Buffer.from(' rest of binary')]))
}

describe('after-pack hook', () => {
  const context = (appOutDir: string, platform = 'linux') => ({
    appOutDir,
    electronPlatformName: platform,
    arch: 1,
    packager: { appInfo: { productFilename: '清风协同办公' }, executableName: 'qingfeng-office' }
  })

  it('flips the fuses on the packed executable', async () => {
    const out = temp()
    const exe = join(out, 'qingfeng-office')
    stubElectron(exe)
    const before = createHash('sha256').update(readFileSync(exe)).digest('hex')
    await afterPack(context(out), { checkContents: () => 3 })
    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses')
    const wire = await getCurrentFuseWire(exe)
    const on = (o: number) => String.fromCharCode(wire[o])
    expect(on(FuseV1Options.RunAsNode)).toBe('0')
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0')
    expect(createHash('sha256').update(readFileSync(exe)).digest('hex')).not.toBe(before)
  })

  it('finds the Windows executable by product name', () => {
    expect(afterPack.executablePath(context('C:\\out', 'win32'))).toMatch(/清风协同办公\.exe$/)
  })

  it('fails the build on a binary without a fuse wire, rather than shipping it unfused', async () => {
    const out = temp()
    writeFileSync(join(out, 'qingfeng-office'), 'not electron')
    await expect(afterPack(context(out), { checkContents: () => 0 })).rejects.toThrow(/sentinel/)
  })

  it('refuses an app.asar with server-only code or native modules, and accepts the client', async () => {
    const { createPackage } = require('@electron/asar')
    const make = async (files: string[]) => {
      const src = temp()
      for (const f of files) {
        mkdirSync(join(src, f, '..'), { recursive: true })
        writeFileSync(join(src, f), 'x')
      }
      const asar = join(temp(), 'app.asar')
      await createPackage(src, asar)
      return asar
    }
    const client = ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js']
    expect(afterPack.checkContents(await make(client))).toBeGreaterThan(4)
    await expect(async () => afterPack.checkContents(await make([...client, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']))).rejects.toThrow(
      /better-sqlite3/
    )
    await expect(async () => afterPack.checkContents(await make([...client, 'collab-server/server.js']))).rejects.toThrow(/collab-server/)
    await expect(async () => afterPack.checkContents(await make(client.slice(0, 3)))).rejects.toThrow(/index.html/)
  })
})

describe('signing hooks', () => {
  it('signs Windows executables with the command from the environment, never a stored certificate', async () => {
    const calls: Array<[string, string[]]> = []
    const env = { QF_WIN_SIGN_CMD: 'signtool sign /sha1 ABCDEF /fd sha256 /tr "http://tsa.example/ts" /td sha256 {file}' }
    await signWindows({ path: 'C:\\dist\\清风协同办公.exe' }, env, (cmd: string, args: string[]) => void calls.push([cmd, args]))
    expect(calls).toEqual([
      ['signtool', ['sign', '/sha1', 'ABCDEF', '/fd', 'sha256', '/tr', 'http://tsa.example/ts', '/td', 'sha256', 'C:\\dist\\清风协同办公.exe']]
    ])
    calls.length = 0
    await signWindows({ path: 'x.exe' }, {}, (cmd: string, args: string[]) => void calls.push([cmd, args]))
    expect(calls).toEqual([])
  })

  it('lists SHA-256 sums of the installers for the update folder', () => {
    const dir = temp()
    writeFileSync(join(dir, 'a.deb'), 'deb')
    writeFileSync(join(dir, 'a.deb.blockmap'), 'map')
    const sums = afterAll.checksums([join(dir, 'a.deb'), join(dir, 'a.deb.blockmap'), join(dir, 'latest-linux.yml')])
    expect(sums).toBe(`${createHash('sha256').update('deb').digest('hex')}  a.deb`)
  })
})
