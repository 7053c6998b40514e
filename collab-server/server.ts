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
import { DEFAULT_TASK_RULES, formatTaskNumber, numberYearOf, type TaskContext, type TaskRules } from '../domain/task'
import { getSetting, openDatabase, setSetting, type DB } from './store/db'
import { startCheckpointer } from './store/checkpointer'
import { AuditLog } from './audit/log'
import { defaultKeyFile, loadSigner } from './audit/signer'
import { TokenService } from './auth/tokens'
import { LoginThrottle, type ThrottleLimits } from './auth/throttle'
import { Accounts } from './auth/accounts'
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './auth/password-policy'
import { pushReminder } from './indexer'
import { DirectoryService } from './directory'
import { ensureCounty, readCounty } from './county'
import { updateRoutes } from './http/update-routes'
import { Hub } from './rooms/hub'
import { SqliteEventLog, type EventLog } from './rooms/event-log'
import { LocalRoomBus, type RoomBus } from './rooms/room-bus'
import type { KindPlugin } from './rooms/kind-plugin'
import { taskPlugin } from './policy/task'
import { LEGACY_OVERSIGHT, migrateLegacyOversight } from './indexer'
import { calendarPlugin } from './policy/calendar'
import { announceDocumentDeployment, documentPlugins, migrateDocumentBoxes, migrateDocumentDeadlines } from './policy/documents'
import { unitsMap } from '../domain/index-rooms'
import { adminDuties } from '../domain/directory'
import { noticePlugins } from './policy/notice'
import { createLogger, type Logger } from './logger'
import { DEMO_SEED_FILE, seedIfEmpty } from './seed/seed'
import { accountState, changePassword, login, PASSWORD_CHANGE_REQUIRED, refresh, sessionRefusal, type AuthDeps } from './http/auth-routes'
import { auditRoutes } from './http/audit-routes'
import { adminRoutes } from './http/admin-routes'
import { AccountAdmin } from './admin/accounts'
import { UnitAdmin } from './admin/units'
import { DirectoryImport } from './admin/import'
import { startBackupSchedule, type BackupResult, type BackupSchedule } from './ops/backup'
import { Metrics, health, renderMetrics } from './ops/metrics'
import { fileRoutes, shareAttachments, unknownAttachments } from './http/file-routes'
import { apiError, HttpError, readJson, sendJson } from './http/util'
import { serveStatic } from './http/static'
import { applyCors, isAllowedHost, isAllowedOrigin, DESKTOP_ORIGIN, LOOPBACK_NAMES } from './http/cors'
import { CLOSE, MAX_MESSAGE_BYTES, testClockRequestSchema } from '../domain/wire'
import { Supervisor } from './supervision/supervisor'
import { Archive, archiveGuard, DEFAULT_ARCHIVE_AFTER_MS, taskArchiver } from './archive/archive'
import { buildClosedOnce, cleanArchivedDocumentListsOnce, KIND_ARCHIVERS, trackClosed } from './archive/kinds'
import { archiveRoutes } from './archive/routes'
import { buildNoticeDeadlinesOnce, openNoticeDeadlines, trackNoticeDeadlines } from './supervision/open-notices'
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
  /** 归档: records closed this long are archived (docs/deploy.md, `archiveAfterDays`; default one year). */
  archiveAfterMs?: number
  /** How often the archive job runs (default hourly). */
  archiveIntervalMs?: number
  /** The folder the admin fills with client installers and latest*.yml (default <dataDir>/updates; docs/desktop.md). */
  updatesDir?: string
  /** Page origins besides the server's own that may call the API (the desktop shell's app://qingfeng by default). */
  allowedOrigins?: string[]
  /** Plugins of further room kinds registered in domain/kinds (docs/architecture.md, "Adding a record kind"). */
  plugins?: KindPlugin[]
  /** Deployment on a network approved for classified information: 公文 may carry 密级 and 份号 (off: refused). */
  classifiedDocuments?: boolean
  /** The room bus (in-process by default). */
  bus?: RoomBus
  /** Host names this server answers to (Host header check against DNS rebinding); loopback names and `host` by default. */
  serverNames?: string[]
  /** Login throttle limits (tests lower them). */
  throttle?: Partial<ThrottleLimits>
  passwordPolicy?: Partial<PasswordPolicy>
  /** Scheduled backups with retention (docs/deploy.md, "Backups"). */
  backup?: BackupSchedule
  /** Behind a reverse proxy on this machine: read the client address from X-Forwarded-For. */
  trustProxy?: boolean
  /** PEM private key (Ed25519 or SM2) signing audit tree heads; must be outside dataDir. Default: QF_SIGNING_KEY_FILE, else one generated in `<data>-keys/` beside the data folder. */
  signingKeyFile?: string
}

export interface RunningServer {
  url: string
  port: number
  hub: Hub
  supervisor: Supervisor
  archive: Archive
  db: DB
  audit: AuditLog
  log: EventLog
  directory(): DirectoryService
  accounts: Accounts
  authDeps: AuthDeps
  metrics: Metrics
  /** Runs the scheduled backup now (when one is configured). */
  backupNow(): Promise<BackupResult | undefined>
  /** Moves the injected clock (tests). */
  clock: { now(): number; advance(ms: number): void; set(ms: number): void }
  close(): Promise<void>
}

export { MAX_MESSAGE_BYTES }

export async function createServer(opts: ServerOptions): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger()
  const dataDir = resolve(opts.dataDir)
  const db = openDatabase(dataDir, logger)
  const configuredKey = opts.signingKeyFile ?? process.env.QF_SIGNING_KEY_FILE
  const signer = loadSigner(dataDir, resolve(configuredKey ?? defaultKeyFile(dataDir)), !configuredKey)
  if (signer.generated) logger.info('generated an audit signing key outside the data folder', { keyFile: signer.keyFile, keyId: signer.keyId })
  setSetting(db, 'audit.publicKey', signer.publicKeyPem)
  // Under the e2e test clock tests may set server time back; the log then records what they set.
  const audit = new AuditLog(db, { signer, monotonicAt: !opts.testClock })
  const unsigned = audit.noteUnsignedTail((opts.clock ?? Date.now)())
  if (unsigned) logger.warn('records not covered by a signed head at start-up: noted in the audit trail, then signed', unsigned)
  const metrics = new Metrics()
  metrics.instrument(audit)
  const checkpointer = startCheckpointer(db)
  const base = opts.clock ?? Date.now
  let offset = 0
  const clock = () => base() + offset
  const passwordCost = opts.passwordCost ?? 1 << 15
  const rules = opts.rules ?? DEFAULT_TASK_RULES

  const log = new SqliteEventLog(audit, db)

  let directory: DirectoryService | undefined
  let taskCtx: TaskContext | undefined
  const dirOf = (): DirectoryService => (directory ??= new DirectoryService(hub.doc('directory')))
  const taskContext = (): TaskContext =>
    (taskCtx ??= {
      cal: createWorkCalendar(readCalendar(hub)),
      rules: readRules(hub, rules),
      workingUnitIds: dirOf().workingUnitIds,
      personOf: (id) => dirOf().actor(id)
    })
  const supervisionIntervalMs = opts.supervisionIntervalMs ?? 60_000
  // eslint-disable-next-line prefer-const -- assigned once the hub exists
  let supervisor: Supervisor
  const hub: Hub = new Hub({
    log,
    bus: opts.bus ?? new LocalRoomBus(),
    clock,
    logger,
    limits: opts.limits,
    label: (userId) => dirOf().label(userId),
    plugins: [
      taskPlugin({
        directory: dirOf,
        taskContext,
        unknownAttachments: (room, ids) => unknownAttachments(db, room, ids),
        supervisor: () => supervisor,
        supervisionIntervalMs,
        allocateTaskNumber: (at) => allocateTaskNumber(db, at)
      }),
      calendarPlugin({
        directory: dirOf,
        changed: (w, why, dates) => {
          taskCtx = undefined // the next use builds a calendar from the new data
          supervisor.recomputeAfterCalendarChange(w, why, dates)
        }
      }),
      ...documentPlugins({
        directory: dirOf,
        units: () => [...unitsMap(hub.doc('directory')).values()],
        calendar: () => taskContext().cal,
        classifiedAllowed: opts.classifiedDocuments === true,
        unknownAttachments: (room, ids) => unknownAttachments(db, room, ids),
        shareAttachments: (from, to, ids) => shareAttachments(db, from, to, ids),
        trail: (room) => audit.trail(room),
        sweepIntervalMs: supervisionIntervalMs
      }),
      ...trackNoticeDeadlines(
        noticePlugins({
          directory: dirOf,
          openDeadlines: () => (supervisor ? openNoticeDeadlines(supervisor.book) : undefined),
          calendar: () => taskContext().cal,
          doc: (room) => hub.doc(room),
          unknownAttachments: (room, ids) => unknownAttachments(db, room, ids),
          intervalMs: supervisionIntervalMs
        }),
        () => supervisor?.book
      ),
      ...(opts.plugins ?? [])
    ]
      // 公文 and 通知 wait for the archive from when they close; an archived record is read-only, whatever its kind (collab-server/archive)
      .map((p) =>
        archiveGuard(
          trackClosed(
            p,
            () => supervisor?.book,
            (room) => hub.doc(room)
          )
        )
      )
  })
  // Server time for every other audited writer: the hub's, so `at` never goes backwards.
  const now = () => hub.now()
  if (opts.seed !== false && (opts.seed === 'demo' || opts.seedFile))
    await seedIfEmpty(db, hub, opts.seedFile ?? DEMO_SEED_FILE, { demo: opts.seed === 'demo', passwordCost })
  // The county block (name, 发文机关标志) from the file the directory was seeded from; the demo's only for a demo server.
  const countySource = opts.seedFile ?? (getSetting(db, 'demo') === '1' ? DEMO_SEED_FILE : undefined)
  if (countySource) ensureCounty(hub, countySource, (m) => logger.warn(m))
  announceDocumentDeployment(hub, opts.classifiedDocuments === true)
  // A data folder from before the 公文 deadline index was split by year (docs/decisions.md).
  migrateDocumentDeadlines(hub)
  // The directory doc instance changes on reload; rebuild lookups from whatever is current.
  directory = new DirectoryService(hub.doc('directory'))
  // A data folder from before the oversight index was split by year (docs/decisions.md).
  const legacy = log.loadRoom(LEGACY_OVERSIGHT)
  if (legacy.updates.length > 0 || legacy.snapshot) {
    const moved = hub.step((w) => migrateLegacyOversight(w, legacy))
    if (moved) logger.info('oversight index split by year', { moved })
  }

  supervisor = new Supervisor({ steps: hub, db, directory: dirOf, taskContext })
  buildNoticeDeadlinesOnce(db, hub, supervisor.book)
  buildClosedOnce(db, hub, supervisor.book) // 公文 and 通知 closed before they were archived (collab-server/archive/kinds.ts)
  // After the list above: it reads closed 公文 from the boxes, which this moves to the per-year lists.
  migrateDocumentBoxes(hub)
  const archive = new Archive(db, supervisor.book, opts.archiveAfterMs ?? DEFAULT_ARCHIVE_AFTER_MS, [taskArchiver, ...KIND_ARCHIVERS])
  // A folder from before archived 公文 left their unit's lists of closed 公文 (once; collab-server/archive/kinds.ts).
  const cleaned = cleanArchivedDocumentListsOnce(db, hub)
  if (cleaned) logger.info('archived 公文 removed from the lists of closed 公文', { cleaned })
  const tokens = new TokenService(loadSecret(dataDir), opts.tokenTtlMs?.access, opts.tokenTtlMs?.refresh)
  const accounts = new Accounts(db)
  const authDeps: AuthDeps = {
    db,
    tokens,
    throttle: new LoginThrottle(opts.throttle),
    accounts,
    policy: { ...DEFAULT_PASSWORD_POLICY, ...opts.passwordPolicy },
    directory: dirOf,
    audit,
    clock: now,
    passwordCost,
    trustProxy: opts.trustProxy,
    alertAdmins: (title, body) => {
      // The words are the alert's own (Chinese, like the trail); the client shows them under its security heading.
      hub.step((w) => {
        for (const p of dirOf().allPeople())
          if (adminDuties(p).secure)
            pushReminder(w, p.id, { id: `security-${w.now}-${p.id}`, at: w.now, kind: 'security', code: 'security.alert', params: { title, body } })
      })
    }
  }
  const serverNames = (opts.serverNames ?? [...LOOPBACK_NAMES, ...(opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? [opts.host] : [])]).map((n) =>
    n.toLowerCase()
  )
  const accountAdmin = new AccountAdmin(hub, authDeps)
  const admin = adminRoutes(authDeps, { accounts: accountAdmin, units: new UnitAdmin(hub, authDeps), importer: new DirectoryImport(hub, authDeps) })
  const rendererDir = resolve(opts.rendererDir ?? join(process.cwd(), 'out', 'renderer'))
  const audits = auditRoutes({ log, tokens, directory: dirOf, clock: now })
  const archives = archiveRoutes({ archive, tokens, directory: dirOf, access: (actor, room) => hub.accessFor(actor, room), clock: now })
  const files = fileRoutes({ db, access: (actor, room) => hub.accessFor(actor, room), audit, tokens, directory: dirOf, clock: now, dataDir })

  const updates = updateRoutes({ dir: opts.updatesDir ?? join(dataDir, 'updates'), logger })
  const origins = opts.allowedOrigins ?? [DESKTOP_ORIGIN]
  const http: Server = createHttpServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      if (!isAllowedHost(req, serverNames)) return apiError(res, 421, 'UNKNOWN_HOST', '服务器名称不符')
      if (url.pathname.startsWith('/api/') && applyCors(req, res, origins)) return
      if (url.pathname === '/api/health') {
        const h = health(db, dataDir, now(), opts.backup?.everyMinutes)
        return sendJson(res, h.storage.writable ? 200 : 503, { ...h, county: readCounty(hub.doc('directory')) })
      }
      if (url.pathname === '/metrics' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' })
        return void res.end(renderMetrics(metrics, hub, dataDir))
      }
      if (url.pathname === '/updates' || url.pathname.startsWith('/updates/')) return await updates(url, req, res)
      if (url.pathname === '/api/login' && req.method === 'POST') return await login(authDeps, req, res)
      if (url.pathname === '/api/token/refresh' && req.method === 'POST') return await refresh(authDeps, req, res)
      if (url.pathname === '/api/password' && req.method === 'POST') return await changePassword(authDeps, req, res)
      if (url.pathname === '/api/account' && req.method === 'GET') return accountState(authDeps, req, res)
      // Revoked tokens, and accounts that must change their password first, stop here (docs/protocol.md).
      const refused = url.pathname.startsWith('/api/') ? sessionRefusal(authDeps, req) : null
      if (refused) return apiError(res, refused.status, refused.code, refused.message)
      if (url.pathname.startsWith('/api/admin/')) return await admin(url, req, res)
      if (url.pathname.startsWith('/api/audit/')) return await audits(url, req, res)
      if (url.pathname.startsWith('/api/archive/')) return await archives(url, req, res)
      if (url.pathname === '/api/files' || url.pathname.startsWith('/api/files/')) return await files(url, req, res)
      if (url.pathname === '/api/test/clock' && opts.testClock && req.method === 'POST') {
        const body = testClockRequestSchema.safeParse(await readJson(req))
        if (!body.success) return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
        if (body.data.advanceMs !== undefined) offset += body.data.advanceMs
        if (body.data.setMs !== undefined) offset = body.data.setMs - base()
        const tick = supervisor.tick()
        hub.runTimers()
        const archived = archive.run(hub) // as the hourly job would on reaching this time
        return sendJson(res, 200, { serverTime: now(), tick, archived })
      }
      if (url.pathname.startsWith('/api/')) return apiError(res, 404, 'NOT_FOUND', '接口不存在')
      if (req.method !== 'GET' && req.method !== 'HEAD') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
      serveStatic(rendererDir, req, res)
    } catch (e) {
      if (e instanceof HttpError) {
        if (!res.headersSent) sendJson(res, e.status, { code: e.code, message: e.message }, { connection: 'close' })
        return
      }
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
      if (accounts.mustChangePassword(check.payload.sub, now(), authDeps.policy.maxAgeDays)) return ws.close(CLOSE.FORBIDDEN, PASSWORD_CHANGE_REQUIRED)
      const actor = dirOf().actor(check.payload.sub)
      if (!actor) return ws.close(CLOSE.UNAUTHORIZED, 'UNKNOWN_USER')
      hub.attach(ws, actor, roomName, check.payload.exp)
    })
  })

  const backups = opts.backup ? startBackupSchedule(db, dataDir, opts.backup, logger) : undefined
  const timers = [
    setInterval(() => audit.signHead(now()), 60_000), // and on demand: GET /api/audit/head signs when records were added
    setInterval(() => hub.sweepIdle(10 * 60_000), 60_000),
    setInterval(() => {
      try {
        archive.run(hub)
      } catch (e) {
        logger.error('archive job failed', { error: String(e) })
      }
    }, opts.archiveIntervalMs ?? 3_600_000)
  ]
  for (const t of timers) t.unref()
  const stopKindTimers = hub.startTimers()

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
    archive,
    db,
    audit,
    log,
    directory: dirOf,
    accounts,
    authDeps,
    metrics,
    backupNow: () => backups?.runNow() ?? Promise.resolve(undefined),
    clock: { now: clock, advance: (ms) => void (offset += ms), set: (ms) => void (offset = ms - base()) },
    async close() {
      for (const t of timers) clearInterval(t)
      stopKindTimers()
      backups?.stop()
      hub.closeAll()
      for (const c of wss.clients) c.terminate()
      // Stop listening, then drop every open connection at once: close() alone waits for them, and a
      // browser holding a request open kept a stopping server (and the e2e teardown) waiting minutes.
      const closed = new Promise<void>((ok) => http.close(() => ok()))
      http.closeAllConnections?.()
      await closed
      await hub.drain()
      audit.signHead(now())
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
  const table = readCalendarRoom(hub.doc('calendar')).agencyTypes
  return table ? { ...base, agencyTypes: table } : base
}

function readCalendar(hub: Hub): CalendarData {
  const { overrides, officialYears } = readCalendarRoom(hub.doc('calendar'))
  return { overrides, officialYears }
}

/**
 * 交办〔year〕n号: a counter per Shanghai year in the settings table. Called inside the
 * commit of the record's creation, so a refused or failed creation takes its number back
 * with it: the numbers have no gaps and are never given twice (docs/decisions.md).
 */
function allocateTaskNumber(db: DB, at: number): string {
  const year = numberYearOf(at)
  const key = `task-number:${year}`
  const next = Number(getSetting(db, key) ?? '0') + 1
  setSetting(db, key, String(next))
  return formatTaskNumber(year, next)
}
