/**
 * The shell's network route to the county server: the system proxy by
 * default (as Chromium does), none, or fixed rules a government intranet
 * needs. Electron's session.setProxy takes the result.
 */
import type { ProxySetting } from '../preload/contract'

export type ElectronProxyConfig = { mode: 'system' } | { mode: 'direct' } | { mode: 'fixed_servers'; proxyRules: string; proxyBypassRules: string }

/** Loopback always bypasses the proxy, so `npm start` and local tools keep working. */
const ALWAYS_BYPASS = '<local>;127.0.0.1;localhost;[::1]'

export function electronProxyConfig(p: ProxySetting): ElectronProxyConfig {
  if (p.mode === 'fixed') {
    const bypass = [p.bypass?.trim(), ALWAYS_BYPASS].filter(Boolean).join(';')
    return { mode: 'fixed_servers', proxyRules: p.rules, proxyBypassRules: bypass }
  }
  return { mode: p.mode }
}
