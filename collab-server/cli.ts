/**
 * npx tsx collab-server/cli.ts [--config FILE] [--data DIR] [--port N] [--host H] [--seed demo|none] [--seed-file FILE] [--renderer DIR] [--test-clock] [--clock-ms MS] [--classified-documents] [--server-names a,b] [--signing-key FILE]
 * Command-line flags override the config file (docs/deploy.md, "Configuration").
 * --classified-documents: only on a network approved for classified information (公文 may then carry 密级 and 份号).
 * Defaults: per-user data folder, port 4455, demo seed on first start.
 * --clock-ms starts the server's clock at MS (tests): server time never runs backwards,
 * so a test that wants an earlier date must start there rather than set it later.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { LOOPBACK_NAMES } from './http/cors'
import { createServer } from './server'
import { loadConfig, type ServerConfig } from './ops/config'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export function defaultDataDir(): string {
  if (process.env.QF_DATA_DIR) return process.env.QF_DATA_DIR
  const base = process.platform === 'win32' ? (process.env.APPDATA ?? homedir()) : (process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'))
  return join(base, 'qingfeng-office', 'server')
}

const configFile = arg('config') ?? process.env.QF_CONFIG
let config: ServerConfig = {}
try {
  config = configFile ? loadConfig(configFile) : {}
} catch (e) {
  console.error(`配置错误 config error: ${(e as Error).message}`)
  process.exit(2)
}

const startMs = arg('clock-ms')
const boot = Date.now()
const server = await createServer({
  clock: startMs ? () => Number(startMs) + (Date.now() - boot) : undefined,
  dataDir: arg('data') ?? config.dataDir ?? defaultDataDir(),
  port: Number(arg('port') ?? process.env.QF_PORT ?? config.port ?? 4455),
  host: arg('host') ?? config.host ?? '127.0.0.1',
  // With a config file (a real county) nothing is seeded unless asked: --seed-file FILE writes that directory on first start.
  seed: arg('seed') === 'demo' ? 'demo' : arg('seed-file') ? undefined : arg('seed') === 'none' || configFile ? false : 'demo',
  seedFile: arg('seed-file'),
  rendererDir: arg('renderer'),
  testClock: process.argv.includes('--test-clock'),
  passwordCost: process.argv.includes('--fast-hash') ? 1 << 10 : undefined,
  // Host names the server answers to besides loopback (the Host check against DNS rebinding).
  serverNames: arg('server-names') ? [...LOOPBACK_NAMES, ...arg('server-names')!.split(',')] : config.serverNames,
  // The key that signs audit tree heads lives outside the data folder (docs/deploy.md).
  signingKeyFile: arg('signing-key') ?? config.signingKeyPath,
  allowedOrigins: config.allowedOrigins ? ['app://qingfeng', ...config.allowedOrigins] : undefined,
  backup: config.backup,
  trustProxy: config.trustProxy,
  passwordPolicy: config.passwordPolicy,
  archiveAfterMs: config.archiveAfterDays ? config.archiveAfterDays * 86_400_000 : undefined,
  classifiedDocuments: process.argv.includes('--classified-documents')
})
console.log(`QF_SERVER_READY ${server.url}`)
const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
