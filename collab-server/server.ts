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
import { openDatabase, type DB } from './store/db'
import { startCheckpointer } from './store/checkpointer'
import { AuditLog } from './audit/log'
import { TokenService } from './auth/tokens'
import { LoginThrottle, type ThrottleLimits } from './auth/throttle'
import { Accounts } from './auth/accounts'
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './auth/password-policy'
import { pushReminder } from './indexer'
import { DirectoryService } from './directory'
import { Hub } from './rooms/hub'
import { onTaskAccepted } from './indexer'
import { createLogger, type Logger } from './logger'
import { DEMO_SEED_FILE, seedIfEmpty } from './seed/seed'
import { accountState, changePassword, login, refresh, type AuthDeps } from './http/auth-routes'
import { auditRoutes } from './http/audit-routes'
import { adminRoutes } from './http/admin-routes'
import { AccountAdmin } from './admin/accounts'
import { UnitAdmin } from './admin/units'
import { DirectoryImport } from './admin/import'
import { startBackupSchedule, type BackupResult, type BackupSchedule } from './ops/backup'
import { Metrics, health, renderMetrics } from './ops/metrics'
import { fileRoutes, unknownAttachments } from './http/file-routes'
import { apiError, readJson, sendJson } from './http/util'
import { serveStatic } from './http/static'
import { applyCors, isAllowedHost, isAllowedOrigin, DESKTOP_ORIGIN, LOOPBACK_NAMES } from './http/cors'
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
  /** Host names this server answers to (Host header check against DNS rebinding); loopback names and `host` by default. */
  serverNames?: string[]
  /** Login throttle limits (tests lower them). */
  throttle?: Partial<ThrottleLimits>
  passwordPolicy?: Partial<PasswordPolicy>
  /** Scheduled backups with retention (docs/deploy.md, "Backups"). */
  backup?: BackupSchedule
  /** Behind a reverse proxy on this machine: read the client address from X-Forwarded-For. */
  trustProxy?: boolean
}

export interface RunningServer {
  url: string
  port: number
  hub: Hub
  supervisor: Supervisor
  db: DB
  audit: AuditLog
  accounts: Accounts
  authDeps: AuthDeps
  metrics: Metrics
  /** Runs the scheduled backup now (when one is configured). */
  backupNow(): Promise<BackupResult | undefined>
  /** Moves the injected clock (tests). */
  clock: { now(): number; advance(ms: number): void; set(ms: number): void }
  close(): Promise<void>
}

export const MAX_MESSAGE_BYTES = 512 * 1024

export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger()
  const dataDir = resolve(opts.dataDir)
  const db = openDatabase(dataDir)
  const audit = new AuditLog(db)
  const metrics = new Metrics()
  metrics.instrument(audit)
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
  const accounts = new Accounts(db)
  const authDeps: AuthDeps = {
    db,
    tokens,
    throttle: new LoginThrottle(opts.throttle),
    accounts,
    policy: { ...DEFAULT_PASSWORD_POLICY, ...opts.passwordPolicy },
    directory: () => hub.deps.directory(),
    audit,
    clock,
    passwordCost,
    trustProxy: opts.trustProxy,
    alertAdmins: (title, body) => {
      const now = clock()
      hub.commit(() => {
        for (const p of hub.deps.directory().allPeople())
          if (p.roles.includes('admin')) pushReminder(hub, p.id, { id: `security-${now}-${p.id}`, at: now, kind: 'security', title, body })
      })
    }
  }
  const serverNames = (opts.serverNames ?? [...LOOPBACK_NAMES, ...(opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? [opts.host] : [])]).map((n) => n.toLowerCase())
  const accountAdmin = new AccountAdmin(hub, authDeps)
  const admin = adminRoutes(authDeps, { accounts: accountAdmin, units: new UnitAdmin(hub, authDeps), importer: new DirectoryImport(hub, authDeps) })
  const rendererDir = resolve(opts.rendererDir ?? join(process.cwd(), 'out', 'renderer'))
  const audits = auditRoutes({ audit, db, tokens, directory: () => hub.deps.directory(), clock })
  const files = fileRoutes({ db, hub, audit, tokens, directory: () => hub.deps.directory(), clock, dataDir })

  const origins = opts.allowedOrigins ?? [DESKTOP_ORIGIN]
  const http: Server = createHttpServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      if (!isAllowedHost(req, serverNames)) return apiError(res, 421, 'UNKNOWN_HOST', '服务器名称不符')
      if (url.pathname.startsWith('/api/') && applyCors(req, res, origins)) return
      if (url.pathname === '/api/health') {
        const h = health(db, dataDir, clock(), opts.backup?.everyMinutes)
        return sendJson(res, h.storage.writable ? 200 : 503, h)
      }
      if (url.pathname === '/metrics' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
        return void res.end(renderMetrics(metrics, hub, dataDir))
      }
      if (url.pathname === '/api/login' && req.method === 'POST') return await login(authDeps, req, res)
      if (url.pathname === '/api/token/refresh' && req.method === 'POST') return await refresh(authDeps, req, res)
      if (url.pathname === '/api/password' && req.method === 'POST') return await changePassword(authDeps, req, res)
      if (url.pathname === '/api/account' && req.method === 'GET') return accountState(authDeps, req, res)
      if (url.pathname.startsWith('/api/admin/')) return await admin(url, req, res)
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
    if (!url.pathname.startsWith('/ws/') || !isAllowedHost(req, serverNames)) return socket.destroy()
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
      if (!accounts.tokenLive(check.payload.sub, check.payload.gen)) return ws.close(CLOSE.UNAUTHORIZED, 'TOKEN_REVOKED')
      const actor = hub.deps.directory().actor(check.payload.sub)
      if (!actor) return ws.close(CLOSE.UNAUTHORIZED, 'UNKNOWN_USER')
      hub.attach(ws, actor, roomName, check.payload.exp)
    })
  })

  const backups = opts.backup ? startBackupSchedule(db, dataDir, opts.backup, logger) : undefined
  const timers = [
    setInterval(() => audit.checkpoint(clock()), 10_000),
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
  if (!opts.serverNames && (opts.host === '0.0.0.0' || opts.host === '::'))
    logger.warn('no serverNames configured: only loopback Host names are answered (docs/deploy.md, "Configuration")', { host: opts.host })

  return {
    url,
    port,
    hub,
    supervisor,
    db,
    audit,
    accounts,
    authDeps,
    metrics,
    backupNow: () => backups?.runNow() ?? Promise.resolve(undefined),
    clock: { now: clock, advance: (ms) => void (offset += ms), set: (ms) => void (offset = ms - base()) },
    async close() {
      for (const t of timers) clearInterval(t)
      backups?.stop()
      hub.closeAll()
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((ok) => http.close(() => ok()))
      http.closeAllConnections?.()
      audit.checkpoint(clock())
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
