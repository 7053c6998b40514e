import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configPaths, mergeConfig, parseConfigFile } from './config-files'
import { loadConfigFiles, updateUserConfig } from './config-store'

describe('configPaths: per machine and per user', () => {
  it('Linux: /etc and the XDG config folder', () => {
    expect(configPaths('linux', { XDG_CONFIG_HOME: '/home/li/.cfg' }, '/home/li')).toEqual({
      machine: '/etc/qingfeng-office/config.json',
      user: '/home/li/.cfg/qingfeng-office/config.json'
    })
    expect(configPaths('linux', {}, '/home/li').user).toBe('/home/li/.config/qingfeng-office/config.json')
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    expect(configPaths('linux', { XDG_CONFIG_HOME: 'cfg' }, '/home/li').user).toBe('/home/li/.config/qingfeng-office/config.json')
  })
  it('Windows: %ProgramData% and %APPDATA%', () => {
    expect(configPaths('win32', { ProgramData: 'D:\\ProgramData', APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'C:\\Users\\li')).toEqual({
      machine: 'D:\\ProgramData\\qingfeng-office\\config.json',
      user: 'C:\\Users\\li\\AppData\\Roaming\\qingfeng-office\\config.json'
    })
  })
  it('explicit absolute files win (tests, portable installs)', () => {
    expect(configPaths('linux', { QF_MACHINE_CONFIG: '/opt/qf/machine.json', QF_USER_CONFIG: 'relative.json' }, '/home/li')).toEqual({
      machine: '/opt/qf/machine.json',
      user: '/home/li/.config/qingfeng-office/config.json'
    })
  })
})

describe('parseConfigFile', () => {
  it('reads what an installer writes, BOM and path prefix included', () => {
    const text =
      '\ufeff{"serverUrl":"https://OA.xishui.gov.cn/qingfeng/","lockServerUrl":true,"proxy":{"mode":"fixed","rules":"http://10.0.0.1:3128"},"closeToTray":true,"future":1}'
    expect(parseConfigFile(text, 'f')).toEqual({
      config: {
        serverUrl: 'https://oa.xishui.gov.cn/qingfeng',
        lockServerUrl: true,
        proxy: { mode: 'fixed', rules: 'http://10.0.0.1:3128' },
        closeToTray: true
      },
      problems: []
    })
  })
  it('names each bad field and keeps the good ones', () => {
    const { config, problems } = parseConfigFile(
      '{"serverUrl":"oa.xishui.gov.cn","closeToTray":"yes","proxy":{"mode":"pac"},"autoUpdate":false}',
      '/etc/x.json'
    )
    expect(config).toEqual({ autoUpdate: false })
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('serverUrl 无效（NO_SCHEME）'),
      expect.stringContaining('closeToTray'),
      expect.stringContaining('proxy 无效')
    ])
    expect(problems.every((p) => p.file === '/etc/x.json')).toBe(true)
  })
  it.each(['not json', '[]', 'null', '"x"'])('a broken file (%s) is a problem, not a crash', (text) => {
    const r = parseConfigFile(text, 'f')
    expect(r.config).toEqual({})
    expect(r.problems).toHaveLength(1)
  })
  it('refuses proxy rules that are not rules', () => {
    expect(parseConfigFile('{"proxy":{"mode":"fixed","rules":"http://a\\nb"}}', 'f').config).toEqual({})
  })
})

describe('mergeConfig: which address wins', () => {
  const machine = { serverUrl: 'https://oa.county.gov.cn' }
  const user = { serverUrl: 'http://10.1.1.1:4455' }
  it('QF_SERVER_URL (development) over everything, and then not editable', () => {
    expect(mergeConfig({ machine, user }, { envServerUrl: 'http://127.0.0.1:9' })).toMatchObject({
      serverUrl: 'http://127.0.0.1:9',
      serverSource: 'env',
      serverEditable: false
    })
  })
  it("the user's choice over the machine's pre-fill", () => {
    expect(mergeConfig({ machine, user }, {})).toMatchObject({ serverUrl: user.serverUrl, serverSource: 'user', serverEditable: true })
    expect(mergeConfig({ machine, user: {} }, {})).toMatchObject({ serverUrl: machine.serverUrl, serverSource: 'machine', serverEditable: true })
  })
  it('a locked machine file over the user', () => {
    expect(mergeConfig({ machine: { ...machine, lockServerUrl: true }, user }, {})).toMatchObject({
      serverUrl: machine.serverUrl,
      serverSource: 'machine',
      serverEditable: false
    })
  })
  it('nothing configured: the developer default when unpackaged, else the first-run screen', () => {
    expect(mergeConfig({ machine: {}, user: {} }, { defaultServerUrl: 'http://127.0.0.1:4455' })).toMatchObject({
      serverUrl: 'http://127.0.0.1:4455',
      serverSource: 'default'
    })
    expect(mergeConfig({ machine: {}, user: {} }, {})).toMatchObject({ serverUrl: null, serverSource: 'none', serverEditable: true })
  })
  it('system proxy, no tray-on-close and updates on unless configured', () => {
    expect(mergeConfig({ machine: {}, user: {} }, {})).toMatchObject({ proxy: { mode: 'system' }, closeToTray: false, autoUpdate: true })
    expect(mergeConfig({ machine: { proxy: { mode: 'direct' }, autoUpdate: false }, user: { closeToTray: true } }, {})).toMatchObject({
      proxy: { mode: 'direct' },
      closeToTray: true,
      autoUpdate: false
    })
  })
})

describe('config files on disk', () => {
  let dir: string
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'qf-config-'))))
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('missing files are simply empty; unreadable ones are reported', async () => {
    await writeFile(join(dir, 'machine.json'), '{"serverUrl":"https://oa.county.gov.cn/"}')
    const r = loadConfigFiles({ machine: join(dir, 'machine.json'), user: join(dir, 'nope', 'user.json') })
    expect(r).toEqual({ machine: { serverUrl: 'https://oa.county.gov.cn' }, user: {}, problems: [] })
    const folder = loadConfigFiles({ machine: dir, user: join(dir, 'x.json') })
    expect(folder.problems).toHaveLength(1)
  })

  it("saving the user's address keeps the rest of the file", async () => {
    const file = join(dir, 'sub', 'config.json')
    await updateUserConfig(file, { closeToTray: true })
    await writeFile(file, JSON.stringify({ closeToTray: true, unknownLater: 'kept' }))
    await updateUserConfig(file, { serverUrl: 'https://oa.county.gov.cn/qingfeng' })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ closeToTray: true, unknownLater: 'kept', serverUrl: 'https://oa.county.gov.cn/qingfeng' })
    expect(loadConfigFiles({ machine: join(dir, 'm.json'), user: file }).user.serverUrl).toBe('https://oa.county.gov.cn/qingfeng')
  })
})
