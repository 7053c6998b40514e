import { IPC_CHANNELS, type DesktopConfig, type DesktopNotification, type DesktopSettings, type ProxySetting, type ServerCheck } from '@preload/contract'
import { ok, type Result } from '../result'
import { channel, type Channel } from './register'
import {
  arity,
  parseBadgeCount,
  parseExportPdf,
  parseNotification,
  parseOneKey,
  parseSaveFile,
  parseSecretSet,
  parseSettingsPatch,
  parseUrlArg,
  type ExportPdfArgs,
  type SaveFileArgs
} from './validate'

/** What the shell can do; each entry already returns a Result. */
export interface Capabilities {
  getConfig(): DesktopConfig
  notify(n: DesktopNotification): Result<void>
  setBadgeCount(count: number): Result<void>
  secretGet(key: string): Promise<Result<string | null>>
  secretSet(key: string, value: string): Promise<Result<void>>
  secretDelete(key: string): Promise<Result<void>>
  /** Must itself refuse untrusted URLs (it is also used by the window-open handler). */
  openExternal(url: string): Promise<Result<boolean>>
  saveFile(args: SaveFileArgs): Promise<Result<boolean>>
  printPage(): Promise<Result<void>>
  printDialog(): Promise<Result<void>>
  exportPdf(args: ExportPdfArgs): Promise<Result<boolean>>
  checkServer(url: string): Promise<Result<ServerCheck>>
  setServerUrl(url: string): Promise<Result<void>>
  getSettings(): Result<DesktopSettings>
  setSettings(patch: { closeToTray?: boolean; proxy?: ProxySetting }): Promise<Result<void>>
}

const none = (args: unknown[]) => arity(args, 0)

/** One channel per DesktopApi capability; names come from the shared contract. */
export function desktopChannels(cap: Capabilities): Channel[] {
  return [
    channel(IPC_CHANNELS.getConfig, none, () => ok(cap.getConfig())),
    channel(IPC_CHANNELS.notify, parseNotification, (n) => cap.notify(n)),
    channel(IPC_CHANNELS.setBadgeCount, parseBadgeCount, (n) => cap.setBadgeCount(n)),
    channel(IPC_CHANNELS.secretGet, parseOneKey, (k) => cap.secretGet(k)),
    channel(IPC_CHANNELS.secretSet, parseSecretSet, ({ key, value }) => cap.secretSet(key, value)),
    channel(IPC_CHANNELS.secretDelete, parseOneKey, (k) => cap.secretDelete(k)),
    channel(IPC_CHANNELS.openExternal, parseUrlArg, (url) => cap.openExternal(url)),
    channel(IPC_CHANNELS.saveFile, parseSaveFile, (a) => cap.saveFile(a)),
    channel(IPC_CHANNELS.printPage, none, () => cap.printPage()),
    channel(IPC_CHANNELS.printDialog, none, () => cap.printDialog()),
    channel(IPC_CHANNELS.exportPdf, parseExportPdf, (a) => cap.exportPdf(a)),
    channel(IPC_CHANNELS.checkServer, parseUrlArg, (url) => cap.checkServer(url)),
    channel(IPC_CHANNELS.setServerUrl, parseUrlArg, (url) => cap.setServerUrl(url)),
    channel(IPC_CHANNELS.getSettings, none, () => cap.getSettings()),
    channel(IPC_CHANNELS.setSettings, parseSettingsPatch, (p) => cap.setSettings(p))
  ]
}
