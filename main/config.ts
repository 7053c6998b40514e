import { parseServerUrl } from '../preload/server-url'
import { mergeConfig, type ConfigFile, type EffectiveConfig } from './config-files'
import { err, ok, type Result } from './result'
import { APP_ENTRY_URL, APP_ORIGIN } from './security/app-protocol'

/** The developer's local server (`npm start`); never used by a packaged build. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4455'

export interface ShellConfig {
  /**
   * Collab server base URL (path prefix kept, no trailing slash), or null
   * before the first-run screen has set one. Given to the renderer via
   * getConfig. Where it comes from: main/config-files.ts.
   */
  serverUrl: string | null
  /** What the window loads. */
  appUrl: string
  /** The one origin treated as "our app" (navigation, IPC senders, CSP, permissions). */
  appOrigin: string
  /** Set only in development, when electron-vite serves the renderer with HMR. */
  devServerUrl?: string
}

/**
 * Where the renderer comes from, and therefore what "our app" means.
 *
 * Decision: the window loads the built renderer from disk through a
 * privileged custom scheme, app://qingfeng/index.html (served from
 * out/renderer by main/security/app-protocol.ts), and the renderer calls the
 * collab server cross-origin at the serverUrl it gets from
 * DesktopApi.getConfig(). Why:
 * - offline cold start: the desktop client must open and show its local
 *   (IndexedDB) data while the office has no network. An earlier version
 *   loaded the renderer from the server (`${serverUrl}/`), which made a cold
 *   start with the server unreachable a retry page instead of the app;
 * - not file://: it has no real origin (every local file shares one opaque
 *   origin, so IndexedDB, CSP 'self' and the IPC sender check could not tell
 *   our page from any other file), and session.webRequest never sees it;
 * - a privileged *standard*, *secure* scheme gives a real, fixed origin
 *   (app://qingfeng): IndexedDB/Dexie is keyed by it, CSP 'self' means
 *   exactly our files, and navigation/IPC checks compare against it;
 * - the fixed host never depends on the network or on QF_SERVER_URL.
 * Costs: every API and WebSocket call is cross-origin, so the server must
 * answer CORS for Origin app://qingfeng (collab-server/http/cors.ts) and the
 * CSP's connect-src names the server; and since the origin no longer changes
 * with the server, local data of different servers shares one origin — the
 * renderer must key its local databases by serverUrl if one install may
 * point at several servers.
 *
 * In development (not packaged) ELECTRON_RENDERER_URL from electron-vite wins,
 * but only on a loopback host: an environment variable must never be able to
 * grant IPC privileges to a remote site.
 */
export function resolveShellConfig(
  env: Record<string, string | undefined>,
  opts: { isPackaged: boolean; files?: { machine: ConfigFile; user: ConfigFile } }
): Result<ShellConfig & { settings: EffectiveConfig }> {
  let envServerUrl: string | undefined
  if (env.QF_SERVER_URL) {
    const p = parseServerUrl(env.QF_SERVER_URL)
    if (!p.ok) return err('INVALID_CONFIG', `QF_SERVER_URL 无效：${env.QF_SERVER_URL}`)
    envServerUrl = p.base
  }
  const settings = mergeConfig(opts.files ?? { machine: {}, user: {} }, {
    envServerUrl,
    // QF_FIRST_RUN=1: a developer build behaves like a fresh install (tests/electron).
    defaultServerUrl: opts.isPackaged || env.QF_FIRST_RUN === '1' ? undefined : DEFAULT_SERVER_URL
  })
  const serverUrl = settings.serverUrl

  const devRaw = opts.isPackaged ? undefined : env.ELECTRON_RENDERER_URL
  if (devRaw) {
    const dev = parseHttpBase(devRaw)
    if (!dev || !isLoopback(dev.hostname)) {
      return err('INVALID_CONFIG', `ELECTRON_RENDERER_URL 必须是本机地址：${devRaw}`)
    }
    return ok({ serverUrl, appUrl: dev.href, appOrigin: dev.origin, devServerUrl: dev.href, settings })
  }
  return ok({ serverUrl, appUrl: APP_ENTRY_URL, appOrigin: APP_ORIGIN, settings })
}

function parseHttpBase(raw: string): URL | null {
  try {
    const url = new URL(raw)
    const plain = url.username === '' && url.password === '' && url.search === '' && url.hash === ''
    return (url.protocol === 'http:' || url.protocol === 'https:') && plain ? url : null
  } catch {
    return null
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}
