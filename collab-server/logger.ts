/**
 * One logger: structured JSON lines (pino) on stderr, quiet in tests unless
 * QF_LOG is set. Secrets never reach a line: fields named like tokens or
 * passwords are redacted, and `token=` query values inside any string
 * (WebSocket URLs carry the access token) are masked. docs/deploy.md says how
 * to keep the reverse proxy's own access log equally clean.
 */
import pino from 'pino'

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

const SECRET_KEYS = /token|password|secret|authorization|cookie/i
const TOKEN_IN_URL = /([?&](?:token|refreshToken|access_token)=)[^&\s"']+/gi

/** Removes secrets from a log payload (keys named like secrets; token= in strings). */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_IN_URL, '$1[REDACTED]')
  if (depth > 4 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[REDACTED]' : scrub(v, depth + 1)
  return out
}

export function createLogger(
  enabled = process.env.QF_LOG !== '0' && !process.env.VITEST,
  destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })
): Logger {
  const log = pino({ base: { svc: 'qingfeng-collab' }, timestamp: pino.stdTimeFunctions.isoTime, level: enabled ? 'info' : 'error' }, destination)
  const out = (level: 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
    log[level]((data ? scrub(data) : {}) as object, scrub(msg) as string)
  }
  return { info: out('info'), warn: out('warn'), error: out('error') }
}
