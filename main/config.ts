import { err, ok, type Result } from './result'

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4455'

export interface ShellConfig {
  /** Collab server base URL, no trailing slash. Given to the renderer via getConfig. */
  serverUrl: string
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
 * Decision: the window loads the renderer from the collab server itself
 * (`${serverUrl}/`; the server serves the built renderer statically), so the
 * app origin IS the server origin. Why:
 * - the Electron client runs exactly what the browser fallback and the
 *   Playwright e2e suite run: same origin, same-origin /api and ws, no CORS
 *   rules to keep in sync, one CSP ('self' + the server's ws origin);
 * - file:// has no real origin (every local file shares it, onHeadersReceived
 *   never sees it), and a custom app:// scheme would make every API call
 *   cross-origin;
 * - IndexedDB (Dexie) is keyed by origin, so pointing the shell at another
 *   server never mixes two counties' local data.
 * Cost: a cold start while the server is unreachable cannot load the shell
 * (the window retries; see window.ts). Once loaded, the renderer's own
 * offline-first storage keeps working without the network.
 *
 * In development (not packaged) ELECTRON_RENDERER_URL from electron-vite wins,
 * but only on a loopback host: an environment variable must never be able to
 * grant IPC privileges to a remote site.
 */
export function resolveShellConfig(
  env: Record<string, string | undefined>,
  opts: { isPackaged: boolean }
): Result<ShellConfig> {
  const server = parseHttpBase(env.QF_SERVER_URL || DEFAULT_SERVER_URL)
  if (!server) return err('INVALID_CONFIG', `QF_SERVER_URL 无效：${env.QF_SERVER_URL}`)
  const serverUrl = server.href.replace(/\/+$/, '')

  const devRaw = opts.isPackaged ? undefined : env.ELECTRON_RENDERER_URL
  if (devRaw) {
    const dev = parseHttpBase(devRaw)
    if (!dev || !isLoopback(dev.hostname)) {
      return err('INVALID_CONFIG', `ELECTRON_RENDERER_URL 必须是本机地址：${devRaw}`)
    }
    return ok({ serverUrl, appUrl: dev.href, appOrigin: dev.origin, devServerUrl: dev.href })
  }
  return ok({ serverUrl, appUrl: `${serverUrl}/`, appOrigin: server.origin })
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
