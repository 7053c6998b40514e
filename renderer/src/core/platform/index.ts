/**
 * The renderer's only door to the desktop: the Electron preload's
 * `window.qingfeng` when present, otherwise the browser implementation.
 */
import type { DesktopApi } from '@preload/contract'
import { createBrowserApi } from './browser'

let api: DesktopApi | null = null

export function getDesktopApi(): DesktopApi {
  api ??= window.qingfeng ?? createBrowserApi()
  return api
}

export type { DesktopApi, DesktopConfig, DesktopNotification } from '@preload/contract'
