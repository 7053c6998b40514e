/**
 * The tray icon: the unread count in its tooltip (and title where the
 * platform shows one), a menu to open the window or quit. Closing the
 * window hides it to the tray only if the user chose that in the settings.
 */
import type { MenuItemConstructorOptions } from 'electron'

const NAME = '清风协同办公'

export function trayTooltip(count: number): string {
  return count > 0 ? `${NAME} — ${count > 99 ? '99+' : count} 件待办` : NAME
}

export function trayMenuTemplate(opts: { count: number; onOpen: () => void; onQuit: () => void }): MenuItemConstructorOptions[] {
  return [
    { label: opts.count > 0 ? `打开${NAME}（${opts.count} 件待办）` : `打开${NAME}`, click: () => opts.onOpen() },
    { type: 'separator' },
    { label: '退出', click: () => opts.onQuit() }
  ]
}

/** What a click on the window's close button does. */
export function onWindowClose(opts: { closeToTray: boolean; hasTray: boolean; quitting: boolean }): 'hide' | 'close' {
  return opts.closeToTray && opts.hasTray && !opts.quitting ? 'hide' : 'close'
}
