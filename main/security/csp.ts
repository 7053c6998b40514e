/**
 * The Content-Security-Policy for app documents. Set by the main process —
 * on every app:// response (main/security/app-protocol.ts) and, for the dev
 * server, via session.webRequest — so it holds even if index.html forgets it.
 *
 * - scripts only from our origin ('self' = app://qingfeng), never eval
 *   ('unsafe-eval' would undo the sandbox's value against injected content);
 * - styles allow 'unsafe-inline' because antd's CSS-in-JS inserts <style>
 *   tags at runtime; styles cannot execute code;
 * - connect-src is our origin plus the collab server's http and ws origin
 *   (called cross-origin, the server answers CORS for app://qingfeng), so
 *   injected code cannot exfiltrate to anywhere else;
 * - no plugins, frames, <base> or form submissions.
 *
 * The server is whatever the county configured (main/config-files.ts), so
 * the policy is rebuilt when the address changes; renderer/index.html carries
 * no connect-src of its own (a second policy there would be enforced too and
 * could only narrow this one).
 */
import { connectOrigins } from '@preload/server-url'

export interface CspOptions {
  /** The configured collab server (path prefix allowed); null before first run: the page may reach nothing. */
  serverUrl: string | null
  /** Dev only: the electron-vite dev server (HMR socket, react-refresh preamble). */
  devServerUrl?: string
}

export function buildCsp({ serverUrl, devServerUrl }: CspOptions): string {
  const connect = ["'self'", ...(serverUrl ? connectOrigins(serverUrl) : [])]
  const script = ["'self'"]
  if (devServerUrl) {
    connect.push(...connectOrigins(devServerUrl))
    // @vitejs/plugin-react injects an inline module preamble in dev only.
    script.push("'unsafe-inline'")
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', unique(connect)],
    ['object-src', ["'none'"]],
    // Not implied by frame-ancestors: without it frames would fall back to 'self'.
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]]
  ]
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ')
}

const unique = (xs: string[]): string[] => [...new Set(xs)]

/**
 * Adds our policy to a response's headers. An existing policy from the server
 * is kept: several CSP headers are all enforced, so keeping it can only make
 * the page stricter, never looser.
 */
export function withCsp(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) }
  const key = Object.keys(out).find((k) => k.toLowerCase() === 'content-security-policy')
  if (key && out[key].includes(csp)) return out // already ours (e.g. set by the app:// handler)
  if (key) out[key] = [...out[key], csp]
  else out['Content-Security-Policy'] = [csp]
  return out
}
