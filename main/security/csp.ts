/**
 * The Content-Security-Policy for app documents. Injected by the main process
 * (session.webRequest) so it holds even if the server or index.html forgets it.
 *
 * - scripts only from our origin, never eval ('unsafe-eval' would undo the
 *   sandbox's value against injected content);
 * - styles allow 'unsafe-inline' because antd's CSS-in-JS inserts <style>
 *   tags at runtime; styles cannot execute code;
 * - connect-src is our origin plus the collab server's http and ws origin,
 *   so injected code cannot exfiltrate to anywhere else.
 */
export interface CspOptions {
  serverUrl: string
  /** Dev only: the electron-vite dev server (HMR socket, react-refresh preamble). */
  devServerUrl?: string
}

export function buildCsp({ serverUrl, devServerUrl }: CspOptions): string {
  const connect = ["'self'", ...httpAndWs(serverUrl)]
  const script = ["'self'"]
  if (devServerUrl) {
    connect.push(...httpAndWs(devServerUrl))
    // @vitejs/plugin-react injects an inline module preamble in dev only.
    script.push("'unsafe-inline'")
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', unique(connect)],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]]
  ]
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ')
}

function httpAndWs(raw: string): string[] {
  const url = new URL(raw)
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return [url.origin, `${ws}//${url.host}`]
}

const unique = (xs: string[]): string[] => [...new Set(xs)]

/**
 * Adds our policy to a response's headers. An existing policy from the server
 * is kept: several CSP headers are all enforced, so keeping it can only make
 * the page stricter, never looser.
 */
export function withCsp(
  headers: Record<string, string[]> | undefined,
  csp: string
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...(headers ?? {}) }
  const key = Object.keys(out).find((k) => k.toLowerCase() === 'content-security-policy')
  if (key) out[key] = [...out[key], csp]
  else out['Content-Security-Policy'] = [csp]
  return out
}
