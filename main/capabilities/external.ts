import { ok, type Result } from '../result'
import { isTrustedHttpUrl } from '../security/trusted-url'

/**
 * The single road to shell.openExternal, used by IPC and by the window-open
 * handler alike. Untrusted URLs are a normal "no" (false), not an error: the
 * contract's openExternal answers whether the link was opened.
 */
export async function openExternalSafely(
  url: string,
  open: (url: string) => Promise<void>,
  log: (msg: string) => void = console.warn
): Promise<Result<boolean>> {
  if (!isTrustedHttpUrl(url)) {
    log(`[external] refused ${JSON.stringify(url.slice(0, 200))}`)
    return ok(false)
  }
  try {
    // Hand the OS the parser's canonical form, the same string we just vetted.
    await open(new URL(url).href)
    return ok(true)
  } catch {
    return ok(false)
  }
}
