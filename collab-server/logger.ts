/** One logger: JSON lines on stderr, quiet in tests unless QF_LOG is set. */
export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

export function createLogger(enabled = process.env.QF_LOG !== '0' && !process.env.VITEST): Logger {
  const out = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    if (enabled || level === 'error') process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...data }) + '\n')
  }
  return { info: out('info'), warn: out('warn'), error: out('error') }
}
