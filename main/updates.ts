/**
 * Updates come from the county's own collab server (the generic provider of
 * electron-updater), never from the internet: the feed is <server>/updates/,
 * served by collab-server/http/update-routes.ts from the folder the admin
 * fills. electron-updater checks each download's sha512 against latest.yml
 * (and, on Windows, the publisher of the signed installer) before installing.
 */
import { httpUrl } from '../preload/server-url'

/** The session partition electron-updater downloads through (its NET_SESSION_NAME): the proxy setting applies there too. */
export const UPDATER_PARTITION = 'electron-updater'

export function updateFeedUrl(serverUrl: string): string {
  return httpUrl(serverUrl, 'updates/')
}

/** Only an installed, packaged app updates itself, and only when the machine config allows it. */
export function shouldCheckForUpdates(opts: {
  isPackaged: boolean
  autoUpdate: boolean
  serverUrl: string | null
  env: Record<string, string | undefined>
}): boolean {
  return opts.isPackaged && opts.autoUpdate && opts.serverUrl !== null && opts.env.QF_NO_UPDATES !== '1'
}

export interface UpdaterLike {
  setFeedURL(options: { provider: 'generic'; url: string }): void
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowDowngrade: boolean
  checkForUpdates(): Promise<unknown>
  on(event: 'error' | 'update-downloaded' | 'update-not-available', listener: (...args: unknown[]) => void): unknown
}

/**
 * Checks now and every `everyMs`; downloads in the background and installs
 * on quit. A failed check is logged, never shown: the office works on.
 */
export function startUpdateChecks(updater: UpdaterLike, opts: { serverUrl: () => string | null; log: (msg: string) => void; everyMs?: number }): () => void {
  updater.autoDownload = true
  updater.autoInstallOnAppQuit = true
  updater.allowDowngrade = false
  updater.on('error', (e) => opts.log(`[update] ${e instanceof Error ? e.message : String(e)}`))
  updater.on('update-downloaded', (info) => opts.log(`[update] downloaded ${(info as { version?: string })?.version ?? ''}; installs on quit`))
  const check = () => {
    const server = opts.serverUrl()
    if (!server) return
    updater.setFeedURL({ provider: 'generic', url: updateFeedUrl(server) })
    updater.checkForUpdates().catch((e: unknown) => opts.log(`[update] check failed: ${e instanceof Error ? e.message : String(e)}`))
  }
  check()
  const timer = setInterval(check, opts.everyMs ?? 4 * 60 * 60_000)
  timer.unref?.()
  return () => clearInterval(timer)
}
