/**
 * The preload: the renderer's only door to the desktop. It exposes
 * `window.qingfeng`, one named function per DesktopApi capability, each bound
 * to its own IPC channel. Never ipcRenderer itself, never a generic
 * invoke/send: a compromised page could otherwise call any channel with any
 * payload. Built as CommonJS (out/preload/index.cjs) because sandboxed
 * preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_CHANNELS, type DesktopApi, type DesktopConfig, type DesktopSettings, type Result, type ServerCheck } from './contract'

/**
 * The main process answers with a Result. DesktopApi has no error type, so a
 * refusal rejects the promise; the Error's message is the code (e.g.
 * "ENCRYPTION_UNAVAILABLE") because contextBridge copies only an Error's
 * message into the page.
 */
async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const res = (await ipcRenderer.invoke(channel, ...args)) as Result<T> | undefined
  if (res && res.ok === true) return res.value
  throw new Error(res && res.ok === false ? res.code : 'INTERNAL')
}

const api = {
  getConfig: () => call<DesktopConfig>(IPC_CHANNELS.getConfig),
  notify: (n) => call<void>(IPC_CHANNELS.notify, n),
  setBadgeCount: (count) => call<void>(IPC_CHANNELS.setBadgeCount, count),
  secretGet: (key) => call<string | null>(IPC_CHANNELS.secretGet, key),
  secretSet: (key, value) => call<void>(IPC_CHANNELS.secretSet, key, value),
  secretDelete: (key) => call<void>(IPC_CHANNELS.secretDelete, key),
  openExternal: (url) => call<boolean>(IPC_CHANNELS.openExternal, url),
  saveFile: (suggestedName, content, mime) => call<boolean>(IPC_CHANNELS.saveFile, suggestedName, content, mime),
  printPage: () => call<void>(IPC_CHANNELS.printPage),
  printDialog: () => call<void>(IPC_CHANNELS.printDialog),
  exportPdf: (html, suggestedName) => call<boolean>(IPC_CHANNELS.exportPdf, html, suggestedName),
  checkServer: (url) => call<ServerCheck>(IPC_CHANNELS.checkServer, url),
  setServerUrl: (url) => call<void>(IPC_CHANNELS.setServerUrl, url),
  getSettings: () => call<DesktopSettings>(IPC_CHANNELS.getSettings),
  setSettings: (patch) => call<void>(IPC_CHANNELS.setSettings, patch),
  onNavigate(handler) {
    if (typeof handler !== 'function') throw new TypeError('onNavigate needs a function')
    // The page gets the route string only: the IPC event carries `sender`,
    // which is ipcRenderer itself.
    const listener = (_event: IpcRendererEvent, route: unknown) => {
      if (typeof route === 'string') handler(route)
    }
    ipcRenderer.on(IPC_CHANNELS.navigate, listener)
    let active = true
    return () => {
      if (!active) return
      active = false
      ipcRenderer.removeListener(IPC_CHANNELS.navigate, listener)
    }
  }
} satisfies DesktopApi

contextBridge.exposeInMainWorld('qingfeng', api)
