import type { WebPreferences } from 'electron'

/**
 * The renderer runs untrusted-by-default content (documents typed by other
 * units, text from the server), so it gets no Node, its own JS world for the
 * preload, and Chromium's OS sandbox. Each flag is explicit even where it is
 * Electron's default, so a default changing upstream cannot weaken us silently.
 */
export function webPreferences(preloadPath: string, opts: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools
  }
}
