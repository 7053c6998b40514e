/**
 * The collab server: HTTP API + y-websocket rooms + audit log on SQLite.
 * `createServer` is what tests, the CLI and benchmarks all start.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { WebSocketServer } from 'ws'
import { createWorkCalendar, readCalendarRoom, type CalendarData } from '../domain/calendar'
import { DEFAULT_TASK_RULES, type TaskContext, type TaskRules } from '../domain/task'
import { openDatabase, setSetting, type DB } from './store/db'
import { startCheckpointer } from './store/checkpointer'
import { AuditLog } from './audit/log'
import { defaultKeyFile, loadSigner } from './audit/signer'
import { TokenService } from './auth/tokens'
import { LoginThrottle } from './auth/throttle'
import { DirectoryService } from './directory'
import { Hub } from './rooms/hub'
import { onTaskAccepted } from './indexer'
import { createLogger, type Logger } from './logger'
import { DEMO_SEED_FILE, seedIfEmpty } from './seed/seed'
import { login, refresh, type AuthDeps } from './http/auth-routes'
import { auditRoutes } from './http/audit-routes'
import { fileRoutes, unknownAttachments } from './http/file-routes'
import { apiError, readJson, sendJson } from './http/util'
import { serveStatic } from './http/static'
import { applyCors, isAllowedOrigin, DESKTOP_ORIGIN } from './http/cors'
import { CLOSE } from './ws/protocol'
import { Supervisor } from './supervision/supervisor'
import type { ConnLimits } from './ws/conn'

export interface ServerOptions {
  dataDir: string
  port?: number
  host?: string
  /** Seed the demo county (with demo passwords) on first start. */
  seed?: 'demo' | false
  /** A directory file to seed from instead of the demo county. */
  seedFile?: string
  /** Injected clock; defaults to the machine's. Tests drive it. */
  clock?: () => number
  /** Expose POST /api/test/clock so an e2e run can move server time. Never in production. */
  testClock?: boolean
  /** scrypt cost (N); lower only in tests. */
  passwordCost?: number
  rendererDir?: string
  limits?: ConnLimits
  maxMessageBytes?: number
  rules?: TaskRules
  tokenTtlMs?: { access: number; refresh: number }
  logger?: Logger
  supervisionIntervalMs?: number
  /** Page origins besides the server's own that may call the API (the desktop shell's app://qingfeng by default). */
  allowedOrigins?: string[]
  /** PEM private key (Ed25519 or SM2) signing audit tree heads; must be outside dataDir. Default: QF_SIGNING_KEY_FILE, else one generated in `<data>-keys/` beside the data folder. */
  signingKeyFile?: string
}

export interface RunningServer {
  url: string
  port: number
  hub: Hub
  supervisor: Supervisor
  db: DB
  audit: AuditLog
  /** Moves the injected clock (tests). */
  clock: { now(): number; advance(ms: number): void; set(ms: number): void }
  close(): Promise<void>
}

export const MAX_MESSAGE_BYTES = 512 * 1024

export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger()
  const dataDir = resolve(opts.dataDir)
  const db = openDatabase(dataDir)
  const configuredKey = opts.signingKeyFile ?? process.env.QF_SIGNING_KEY_FILE
  const signer = loadSigner(dataDir, resolve(configuredKey ?? defaultKeyFile(dataDir)), !configuredKey)
  if (signer.generated) logger.info('generated an audit signing key outside the data folder', { keyFile: signer.keyFile, keyId: signer.keyId })
  setSetting(db, 'audit.publicKey', signer.publicKeyPem)
  // Under the e2e test clock tests set server time back after the seed; the log then records what they set.
  const audit = new AuditLog(db, { signer, monotonicAt: !opts.testClock })
  const checkpointer = startCheckpointer(db)
  const base = opts.clock ?? Date.now
  let offset = 0
  const clock = () => base() + offset
  const passwordCost = opts.passwordCost ?? 1 << 15
  const rules = opts.rules ?? DEFAULT_TASK_RULES

  let directory: DirectoryService | undefined
  let taskCtx: TaskContext | undefined
  // eslint-disable-next-line prefer-const -- assigned once the hub exists
  let supervisor: Supervisor
  const hub: Hub = new Hub({
    audit,
    clock,
    logger,
    limits: opts.limits,
    directory: () => (directory ??= new DirectoryService(hub.getRoom('directory').doc)),
    taskContext: () => (taskCtx ??= { cal: createWorkCalendar(readCalendar(hub)), rules: readRules(hub, rules), workingUnitIds: hub.deps.directory().workingUnitIds }),
    onTaskAccepted,
    unknownAttachments: (room, ids) => unknownAttachments(db, room, ids),
    onCalendarChanged: (_hub, why) => {
      taskCtx = undefined // the next use builds a calendar from the new data
      supervisor.recomputeProvisional(why)
    }
  })
  if (opts.seed !== false && (opts.seed === 'demo' || opts.seedFile))
    await seedIfEmpty(db, hub, opts.seedFile ?? DEMO_SEED_FILE, { demo: opts.seed === 'demo', passwordCost })
  // The directory doc instance changes on reload; rebuild lookups from whatever is current.
  directory = new DirectoryService(hub.getRoom('directory').doc)

  supervisor = new Supervisor(hub, db)
  const tokens = new TokenService(loadSecret(dataDir), opts.tokenTtlMs?.access, opts.tokenTtlMs?.refresh)
  const authDeps: AuthDeps = { db, tokens, throttle: new LoginThrottle(), directory: () => hub.deps.directory(), audit, clock, passwordCost }
  const rendererDir = resolve(opts.rendererDir ?? join(process.cwd(), 'out', 'renderer'))
  const audits = auditRoutes({ audit, db, tokens, directory: () => hub.deps.directory(), clock })
  const files = fileRoutes({ db, hub, audit, tokens, directory: () => hub.deps.directory(), clock, dataDir })

  const origins = opts.allowedOrigins ?? [DESKTOP_ORIGIN]
  const http: Server = createHttpServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname.startsWith('/api/') && applyCors(req, res, origins)) return
      if (url.pathname === '/api/health') return sendJson(res, 200, { ok: true, serverTime: clock() })
      if (url.pathname === '/api/login' && req.method === 'POST') return await login(authDeps, req, res)
      if (url.pathname === '/api/token/refresh' && req.method === 'POST') return await refresh(authDeps, req, res)
      if (url.pathname.startsWith('/api/audit/')) return await audits(url, req, res)
      if (url.pathname === '/api/files' || url.pathname.startsWith('/api/files/')) return await files(url, req, res)
      if (url.pathname === '/api/test/clock' && opts.testClock && req.method === 'POST') {
        const body = (await readJson(req)) as { advanceMs?: number; setMs?: number } | null
        if (typeof body?.advanceMs === 'number') offset += body.advanceMs
        if (typeof body?.setMs === 'number') offset = body.setMs - base()
        const tick = supervisor.tick()
        return sendJson(res, 200, { serverTime: clock(), tick })
      }
      if (url.pathname.startsWith('/api/')) return apiError(res, 404, 'NOT_FOUND', '接口不存在')
      if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
      serveStatic(rendererDir, req, res)
    } catch (e) {
      logger.error('http handler failed', { error: String(e) })
      if (!res.headersSent) apiError(res, 500, 'INTERNAL', '服务器内部错误')
      else res.end()
    }
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes ?? MAX_MESSAGE_BYTES })
  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (!url.pathname.startsWith('/ws/')) return socket.destroy()
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate())
      if (!isAllowedOrigin(req, origins)) return ws.close(CLOSE.FORBIDDEN, 'origin not allowed')
      let roomName: string
      try {
        roomName = decodeURIComponent(url.pathname.slice(4))
      } catch {
        return ws.close(CLOSE.NOT_FOUND, 'unknown room')
      }
      // Refused before any document byte is sent.
      const check = tokens.verify(url.searchParams.get('token'), 'access', clock())
      if (!check.ok) return ws.close(CLOSE.UNAUTHORIZED, check.code)
      const actor = hub.deps.directory().actor(check.payload.sub)
      if (!actor) return ws.close(CLOSE.UNAUTHORIZED, 'UNKNOWN_USER')
      hub.attach(ws, actor, roomName, check.payload.exp)
    })
  })

  const timers = [
    setInterval(() => audit.signHead(clock()), 60_000), // and on demand: GET /api/audit/head signs when records were added
    setInterval(() => hub.sweepIdle(10 * 60_000), 60_000),
    setInterval(() => {
      try {
        supervisor.tick()
      } catch (e) {
        logger.error('supervision tick failed', { error: String(e) })
      }
    }, opts.supervisionIntervalMs ?? 60_000)
  ]
  for (const t of timers) t.unref()

  await new Promise<void>((ok, fail) => {
    http.once('error', fail)
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok())
  })
  const port = (http.address() as { port: number }).port
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`
  logger.info('collab server listening', { url, dataDir })

  return {
    url,
    port,
    hub,
    supervisor,
    db,
    audit,
    clock: { now: clock, advance: (ms) => void (offset += ms), set: (ms) => void (offset = ms - base()) },
    async close() {
      for (const t of timers) clearInterval(t)
      hub.closeAll()
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((ok) => http.close(() => ok()))
      http.closeAllConnections?.()
      audit.signHead(clock())
      await checkpointer.stop()
      db.close()
    }
  }
}

function loadSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'token-secret.key')
  if (existsSync(file)) return readFileSync(file)
  const s = randomBytes(32)
  writeFileSync(file, s, { mode: 0o600 })
  return s
}

/** County rules: the defaults, with the 代办件 table an administrator maintains in the calendar room. */
function readRules(hub: Hub, base: TaskRules): TaskRules {
  const table = readCalendarRoom(hub.getRoom('calendar').doc).agencyTypes
  return table ? { ...base, agencyTypes: table } : base
}

function readCalendar(hub: Hub): CalendarData {
  const { overrides, officialYears } = readCalendarRoom(hub.getRoom('calendar').doc)
  return { overrides, officialYears }
}
