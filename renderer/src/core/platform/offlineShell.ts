/**
 * In a plain browser the page itself must load without a network: a service
 * worker keeps the app shell (public/sw.js). Electron loads from disk and
 * needs none; the Vite dev server must not be cached.
 */
export function registerOfflineShell(shell: 'electron' | 'browser', production: boolean): void {
  if (shell !== 'browser' || !production) return
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('[offline] service worker not registered', e))
}
