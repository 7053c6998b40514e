/**
 * The shell's live configuration: read from the machine and user files at
 * start (main/config-files.ts), changed by the first-run and settings
 * screens, which write only the user's file. Everything that depends on the
 * server address (CSP, update feed) asks here each time, so a change takes
 * effect on the next window load without a restart.
 */
import type { DesktopSettings, ProxySetting } from '../preload/contract'
import { parseServerUrl } from '../preload/server-url'
import { configPaths, parseProxy, type ConfigPaths, type ConfigProblem, type EffectiveConfig } from './config-files'
import { loadConfigFiles, updateUserConfig } from './config-store'
import { resolveShellConfig, type ShellConfig } from './config'
import { err, ok, type Result } from './result'
import { buildCsp } from './security/csp'

export interface SettingsDeps {
  env: Record<string, string | undefined>
  isPackaged: boolean
  platform: NodeJS.Platform
  home: string
  read?: (file: string) => string
  write?: (file: string, patch: Record<string, unknown>) => Promise<void>
}

export class ShellSettings {
  readonly paths: ConfigPaths
  private shell: ShellConfig
  private effective: EffectiveConfig
  /** Problems found in the config files at start (logged; a bad field never stops the app). */
  readonly problems: ConfigProblem[]

  private constructor(
    private readonly deps: SettingsDeps,
    resolved: ShellConfig & { settings: EffectiveConfig },
    paths: ConfigPaths,
    problems: ConfigProblem[]
  ) {
    const { settings, ...shell } = resolved
    this.shell = shell
    this.effective = settings
    this.paths = paths
    this.problems = problems
  }

  static load(deps: SettingsDeps): Result<ShellSettings> {
    const paths = configPaths(deps.platform, deps.env, deps.home)
    const files = loadConfigFiles(paths, deps.read)
    const resolved = resolveShellConfig(deps.env, { isPackaged: deps.isPackaged, files })
    if (!resolved.ok) return resolved
    return ok(new ShellSettings(deps, resolved.value, paths, files.problems))
  }

  get config(): ShellConfig {
    return this.shell
  }

  get current(): EffectiveConfig {
    return this.effective
  }

  /** The page's CSP for the server configured now. */
  csp(): string {
    return buildCsp({ serverUrl: this.shell.serverUrl, devServerUrl: this.shell.devServerUrl })
  }

  desktopSettings(): DesktopSettings {
    return { closeToTray: this.effective.closeToTray, proxy: this.effective.proxy, native: true }
  }

  async setServerUrl(raw: string): Promise<Result<string>> {
    if (!this.effective.serverEditable) {
      return err('CONFIG_LOCKED', this.effective.serverSource === 'env' ? '服务器地址由环境变量 QF_SERVER_URL 指定' : '服务器地址已由管理员锁定')
    }
    const parsed = parseServerUrl(raw)
    if (!parsed.ok) return err('INVALID_ARGUMENT', `服务器地址无效（${parsed.problem}）`)
    const saved = await this.save({ serverUrl: parsed.base })
    if (!saved.ok) return saved
    this.shell = { ...this.shell, serverUrl: parsed.base }
    this.effective = { ...this.effective, serverUrl: parsed.base, serverSource: 'user' }
    return ok(parsed.base)
  }

  async setPreferences(patch: { closeToTray?: boolean; proxy?: ProxySetting }): Promise<Result<void>> {
    const next: { closeToTray?: boolean; proxy?: ProxySetting } = {}
    if (patch.closeToTray !== undefined) next.closeToTray = patch.closeToTray
    if (patch.proxy !== undefined) {
      const proxy = parseProxy(patch.proxy)
      if (!proxy) return err('INVALID_ARGUMENT', '代理设置无效')
      next.proxy = proxy
    }
    const saved = await this.save(next)
    if (!saved.ok) return saved
    this.effective = { ...this.effective, ...next }
    return ok(undefined)
  }

  private async save(patch: Record<string, unknown>): Promise<Result<void>> {
    try {
      await (this.deps.write ?? updateUserConfig)(this.paths.user, patch)
      return ok(undefined)
    } catch (e) {
      return err('WRITE_FAILED', `无法保存设置到 ${this.paths.user}：${e instanceof Error ? e.message : String(e)}`)
    }
  }
}
