/**
 * npx tsx collab-server/cli.ts [--data DIR] [--port N] [--host H] [--seed demo|none] [--renderer DIR] [--test-clock] [--clock-ms MS] [--classified-documents]
 * --classified-documents: only on a network approved for classified information (公文 may then carry 密级 and 份号).
 * Defaults: per-user data folder, port 4455, demo seed on first start.
 * --clock-ms starts the server's clock at MS (tests): server time never runs backwards,
 * so a test that wants an earlier date must start there rather than set it later.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createServer } from './server'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export function defaultDataDir(): string {
  if (process.env.QF_DATA_DIR) return process.env.QF_DATA_DIR
  const base = process.platform === 'win32' ? (process.env.APPDATA ?? homedir()) : process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share')
  return join(base, 'qingfeng-office', 'server')
}

const startMs = arg('clock-ms')
const boot = Date.now()
const server = await createServer({
  clock: startMs ? () => Number(startMs) + (Date.now() - boot) : undefined,
  dataDir: arg('data') ?? defaultDataDir(),
  port: Number(arg('port') ?? process.env.QF_PORT ?? 4455),
  host: arg('host') ?? '127.0.0.1',
  seed: arg('seed') === 'none' ? false : 'demo',
  rendererDir: arg('renderer'),
  testClock: process.argv.includes('--test-clock'),
  passwordCost: process.argv.includes('--fast-hash') ? 1 << 10 : undefined,
  classifiedDocuments: process.argv.includes('--classified-documents')
})
console.log(`QF_SERVER_READY ${server.url}`)
const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
