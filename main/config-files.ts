/**
 * Where the shell reads (and the settings screen writes) its configuration:
 * one file per machine, which an installer or an administrator pre-fills,
 * and one per user. Pure path logic and parsing here; main/config-store.ts
 * does the I/O. Layout and precedence: docs/desktop.md, "Configuration".
 *
 *   machine  Linux   /etc/qingfeng-office/config.json
 *            Windows %ProgramData%\qingfeng-office\config.json
 *            macOS   /Library/Application Support/qingfeng-office/config.json
 *   user     Linux   $XDG_CONFIG_HOME/qingfeng-office/config.json (~/.config/…)
 *            Windows %APPDATA%\qingfeng-office\config.json
 *            macOS   ~/Library/Application Support/qingfeng-office/config.json
 */
import { join, posix, win32 } from 'node:path'
import { parseServerUrl } from '../preload/server-url'

export const CONFIG_DIR_NAME = 'qingfeng-office'
export const CONFIG_FILE_NAME = 'config.json'

export interface ConfigPaths {
  machine: string
  user: string
}

export function configPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): ConfigPaths {
  const p = defaultConfigPaths(platform, env, home)
  // Explicit files (tests, a portable install) win; absolute paths only.
  const abs = (v: string | undefined) => (v && (v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v)) ? v : undefined)
  return { machine: abs(env.QF_MACHINE_CONFIG) ?? p.machine, user: abs(env.QF_USER_CONFIG) ?? p.user }
}

function defaultConfigPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): ConfigPaths {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData'
    const appData = env.APPDATA ?? win32.join(home, 'AppData', 'Roaming')
    return {
      machine: win32.join(programData, CONFIG_DIR_NAME, CONFIG_FILE_NAME),
      user: win32.join(appData, CONFIG_DIR_NAME, CONFIG_FILE_NAME)
    }
  }
  if (platform === 'darwin') {
    return {
      machine: posix.join('/Library/Application Support', CONFIG_DIR_NAME, CONFIG_FILE_NAME),
      user: posix.join(home, 'Library/Application Support', CONFIG_DIR_NAME, CONFIG_FILE_NAME)
    }
  }
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return {
    machine: posix.join('/etc', CONFIG_DIR_NAME, CONFIG_FILE_NAME),
    user: posix.join(xdg, CONFIG_DIR_NAME, CONFIG_FILE_NAME)
  }
}

/** How the shell reaches the network: the system's proxy settings (default), none, or fixed rules. */
export type ProxySetting = { mode: 'system' } | { mode: 'direct' } | { mode: 'fixed'; rules: string; bypass?: string }

/** What a config file may hold. Every field is optional; unknown fields are ignored. */
export interface ConfigFile {
  /** Collab server address, with or without a path prefix. */
  serverUrl?: string
  /** Machine file only: users may not change the server (the settings screen says so). */
  lockServerUrl?: boolean
  proxy?: ProxySetting
  /** Closing the window keeps the app running in the tray. */
  closeToTray?: boolean
  /** Machine file only: false turns automatic updates off (e.g. updates pushed by the county's IT). */
  autoUpdate?: boolean
}

export interface ConfigProblem {
  file: string
  message: string
}

const PROXY_RULES = /^[A-Za-z0-9.:;=/_[\]\-, ]{1,512}$/

/** Reads one file's JSON text. Problems are reported per field, and the rest of the file still counts. */
export function parseConfigFile(text: string, file: string): { config: ConfigFile; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = []
  const problem = (message: string) => problems.push({ file, message })
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, '')) // Notepad writes a BOM
  } catch {
    problem('不是有效的 JSON')
    return { config: {}, problems }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem('应为 JSON 对象')
    return { config: {}, problems }
  }
  const r = raw as Record<string, unknown>
  const config: ConfigFile = {}
  if (r.serverUrl !== undefined) {
    const p = parseServerUrl(r.serverUrl)
    if (p.ok) config.serverUrl = p.base
    else problem(`serverUrl 无效（${p.problem}）：${String(r.serverUrl).slice(0, 200)}`)
  }
  for (const key of ['lockServerUrl', 'closeToTray', 'autoUpdate'] as const) {
    if (r[key] === undefined) continue
    if (typeof r[key] === 'boolean') config[key] = r[key]
    else problem(`${key} 应为 true 或 false`)
  }
  if (r.proxy !== undefined) {
    const proxy = parseProxy(r.proxy)
    if (proxy) config.proxy = proxy
    else problem('proxy 无效：应为 {"mode":"system"}、{"mode":"direct"} 或 {"mode":"fixed","rules":"http://代理:端口"}')
  }
  return { config, problems }
}

export function parseProxy(v: unknown): ProxySetting | null {
  if (typeof v !== 'object' || v === null) return null
  const p = v as Record<string, unknown>
  if (p.mode === 'system' || p.mode === 'direct') return { mode: p.mode }
  if (p.mode !== 'fixed' || typeof p.rules !== 'string' || !PROXY_RULES.test(p.rules.trim())) return null
  if (p.bypass !== undefined && (typeof p.bypass !== 'string' || (p.bypass !== '' && !PROXY_RULES.test(p.bypass)))) return null
  const out: ProxySetting = { mode: 'fixed', rules: p.rules.trim() }
  if (typeof p.bypass === 'string' && p.bypass !== '') out.bypass = p.bypass
  return out
}

/** Where the server address came from (shown on the settings screen). */
export type ServerSource = 'env' | 'user' | 'machine' | 'default' | 'none'

export interface EffectiveConfig {
  /** null: nobody has set a server yet — the first-run screen asks. */
  serverUrl: string | null
  serverSource: ServerSource
  /** The user may change the server (not locked by the machine file, not forced by QF_SERVER_URL). */
  serverEditable: boolean
  proxy: ProxySetting
  closeToTray: boolean
  autoUpdate: boolean
}

/**
 * Precedence: QF_SERVER_URL (development, tests) > a machine file with
 * lockServerUrl > the user's file > the machine file. Unpackaged (developer)
 * builds fall back to the local server, so `npm start` needs no file;
 * packaged builds with no address ask on first run.
 */
export function mergeConfig(files: { machine: ConfigFile; user: ConfigFile }, opts: { envServerUrl?: string; defaultServerUrl?: string }): EffectiveConfig {
  const { machine, user } = files
  const locked = machine.lockServerUrl === true && machine.serverUrl !== undefined
  let serverUrl: string | null = null
  let serverSource: ServerSource = 'none'
  if (opts.envServerUrl) [serverUrl, serverSource] = [opts.envServerUrl, 'env']
  else if (locked) [serverUrl, serverSource] = [machine.serverUrl!, 'machine']
  else if (user.serverUrl) [serverUrl, serverSource] = [user.serverUrl, 'user']
  else if (machine.serverUrl) [serverUrl, serverSource] = [machine.serverUrl, 'machine']
  else if (opts.defaultServerUrl) [serverUrl, serverSource] = [opts.defaultServerUrl, 'default']
  return {
    serverUrl,
    serverSource,
    serverEditable: !opts.envServerUrl && !locked,
    // The user's choice wins for the proxy and the tray; the machine file pre-fills them.
    proxy: user.proxy ?? machine.proxy ?? { mode: 'system' },
    closeToTray: user.closeToTray ?? machine.closeToTray ?? false,
    autoUpdate: machine.autoUpdate ?? true
  }
}
