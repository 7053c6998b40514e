/**
 * A synthetic five-year county, written through the server's own storage code
 * (openDatabase + AuditLog), kept between runs in bench/.data/ (git-ignored):
 *   BENCH history.head_bytes      — a signed tree head, serialised (constant whatever the history)
 *   BENCH history.startup_ms      — the real server process (collab-server/cli.ts) on a copy of the full folder: spawn until /api/health answers
 *   BENCH history.log_open_ms     — opening the log in-process on the full folder (no scan of history)
 *   BENCH history.cpu_ratio       — server CPU per update of the collab bench's legal edit (bench/collab.bench.ts `run`, 200 clients at
 *                                   1,000 updates/s), real server on a copy of the full folder ÷ on an empty one
 *   BENCH history.p99_1k          — p99 edit→peer latency of that run on the full folder
 *   BENCH history.disk_per_day    — bytes the full folder grew per accepted update × a busy day (docs/decisions.md, "A busy day")
 *   BENCH history.verify_rps      — audit:verify over every record
 *   BENCH history.append_ratio    — cost of an append on the full log ÷ on an empty one
 *
 *   npm run bench -- history
 *   QF_HISTORY_ROOMS=300000 QF_HISTORY_ROWS=3000000 npm run bench -- history   (the full county; ~1 GB, long to build)
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { AuditLog } from '../collab-server/audit/log'
import { signerFor } from '../collab-server/audit/signer'
import { verifyAudit } from '../collab-server/audit/verify'
import { openDatabase } from '../collab-server/store/db'
import { run, startOurs } from './collab.bench'

const ROOMS = Number(process.env.QF_HISTORY_ROOMS ?? 300_000)
const ROWS = Number(process.env.QF_HISTORY_ROWS ?? 3_000_000)
const YEARS_MS = 5 * 365 * 86_400_000
/** A busy day (docs/decisions.md, "A busy day"): accepted client updates, each with the server rows it causes. */
const BUSY_DAY_UPDATES = 50_000
const MiB = 1024 * 1024
const T0 = Date.parse('2021-01-01T00:00:00+08:00')

function build(dir: string) {
  // A bench fixture, not a deployment: the key is kept with the data so an interrupted build resumes with it.
  const keyFile = join(dir, 'key.pem')
  if (!existsSync(keyFile)) writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())
  const keyPem = readFileSync(keyFile, 'utf8')
  const db = openDatabase(dir)
  const log = new AuditLog(db, { signer: signerFor(createPrivateKey(keyPem)) })
  const update = new Uint8Array(120).fill(3)
  const t = performance.now()
  for (let i = log.lastSeq; i < ROWS; ) {
    log.transaction(() => {
      for (let j = 0; j < 2000 && i < ROWS; j++, i++) {
        // Rooms open and close over the years: room r is active around time r/ROOMS.
        const room = `task:h${Math.min(ROOMS - 1, Math.floor((i / ROWS) * ROOMS) + (i % 7))}`
        log.append({
          room,
          kind: i % 10 === 0 ? 'event' : 'client',
          userId: `u${i % 3000}`,
          unitId: `unit${i % 64}`,
          at: T0 + Math.floor((i / ROWS) * YEARS_MS),
          update: i % 10 === 0 ? null : update,
          summary: '反馈'
        })
      }
    })
    if (i % 100_000 === 0) {
      log.signHead(T0 + Math.floor((i / ROWS) * YEARS_MS))
      process.stdout.write(`  built ${i}/${ROWS} (${Math.round(i / ((performance.now() - t) / 1000))} rows/s)\r`)
    }
  }
  log.signHead(T0 + YEARS_MS)
  db.close()
  writeFileSync(join(dir, 'complete'), String(ROWS))
  console.log(`\n  built ${ROWS} rows in ${((performance.now() - t) / 1000).toFixed(0)} s`)
}

function appendCost(log: AuditLog, rooms: number, n = 3000): number {
  const t = performance.now()
  for (let k = 0; k < n; k++)
    log.transaction(() =>
      log.append({
        room: `task:h${(k * 7919) % rooms}`,
        kind: 'client',
        userId: 'u1',
        unitId: 'unit1',
        at: T0 + YEARS_MS + k,
        update: new Uint8Array(120),
        summary: '反馈'
      })
    )
  return (performance.now() - t) / n
}

/** Bytes of the SQLite files of a data folder (the database and its WAL). */
function folderBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith('qingfeng.sqlite'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

/** The real server process on `dir`: ms from spawn until /api/health answers 200; then stopped. */
async function startupMs(dir: string): Promise<number> {
  const t = performance.now()
  const server = await startOurs(dir)
  for (;;) {
    const res = await fetch(`${server.url}/api/health`).catch(() => null)
    if (res?.status === 200) break
    await new Promise((r) => setTimeout(r, 20))
  }
  const ms = performance.now() - t
  server.child.kill('SIGTERM')
  await new Promise((r) => server.child.once('exit', r))
  return ms
}

/** A scratch copy of the fixture for one server run (the run writes into it; the fixture stays as built). */
function scratchCopy(dir: string): string {
  const to = mkdtempSync(join(tmpdir(), 'qf-history-run-'))
  copyFileSync(join(dir, 'qingfeng.sqlite'), join(to, 'qingfeng.sqlite'))
  return to
}

async function serverRuns(dir: string): Promise<void> {
  const rounds = Number(process.env.QF_HISTORY_ROUNDS ?? 1)
  const starts: number[] = []
  const cpuFull: number[] = []
  const cpuEmpty: number[] = []
  const p99: number[] = []
  let grown = 0
  let updates = 0
  // Each round on fresh copies: the same task and event ids again would be resends.
  for (let i = 0; i < rounds; i++) {
    const full = scratchCopy(dir)
    const empty = mkdtempSync(join(tmpdir(), 'qf-history-empty-'))
    try {
      // First start on each folder seeds the demo directory (the fixture has no accounts): timed, and kept out of the disk figure.
      starts.push(await startupMs(full))
      await startupMs(empty)
      const before = folderBytes(full)
      const e = await run('ours', 200, empty)
      const f = await run('ours', 200, full)
      grown += folderBytes(full) - before
      // The run's accepted client updates: 100 tasks and their signs, 5 s at 1,000/s, then a burst of 20,000.
      updates += 200 + 5000 + 20_000 - f.lost
      cpuFull.push(f.cpuUs_1k)
      cpuEmpty.push(e.cpuUs_1k)
      p99.push(f.p99_1k)
    } finally {
      for (const d of [full, empty]) {
        rmSync(d, { recursive: true, force: true })
        rmSync(`${d}-keys`, { recursive: true, force: true })
      }
    }
  }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
  console.log(`BENCH history.startup_ms ${med(starts).toFixed(0)} ms`)
  console.log(`BENCH history.cpu_ratio ${(med(cpuFull) / med(cpuEmpty)).toFixed(2)} ratio`)
  console.log(`  server CPU per update ${med(cpuFull).toFixed(0)} us on ${ROWS} rows / ${ROOMS} rooms vs ${med(cpuEmpty).toFixed(0)} us empty`)
  console.log(`BENCH history.p99_1k ${med(p99).toFixed(2)} ms`)
  const perUpdate = grown / Math.max(1, updates)
  console.log(`BENCH history.disk_per_day ${((perUpdate * BUSY_DAY_UPDATES) / MiB).toFixed(1)} MiB`)
  console.log(`  ${perUpdate.toFixed(0)} bytes per accepted update (${updates} updates, ${(grown / MiB).toFixed(1)} MiB) × ${BUSY_DAY_UPDATES} a busy day`)
}

export async function main(): Promise<void> {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '.data', `history-${ROOMS}-${ROWS}`)
  mkdirSync(dir, { recursive: true })
  if (!existsSync(join(dir, 'complete'))) build(dir)
  const signer = signerFor(createPrivateKey(readFileSync(join(dir, 'key.pem'), 'utf8')))

  const t0 = performance.now()
  const db = openDatabase(dir)
  const log = new AuditLog(db, { signer })
  const startup = performance.now() - t0
  console.log(`BENCH history.log_open_ms ${startup.toFixed(1)} ms`)
  const head = log.latestHead()!
  console.log(`BENCH history.head_bytes ${Buffer.byteLength(JSON.stringify(head))} bytes`)

  // Append cost on the full log vs an empty one (in a scratch copy's transaction, rolled back so the fixture stays intact).
  const full = (() => {
    db.exec('BEGIN')
    try {
      return appendCost(log, ROOMS)
    } finally {
      db.exec('ROLLBACK')
    }
  })()
  db.close()
  const emptyDir = mkdtempSync(join(tmpdir(), 'qf-history-empty-'))
  const edb = openDatabase(emptyDir)
  const empty = appendCost(new AuditLog(edb, { signer }), ROOMS)
  edb.close()
  rmSync(emptyDir, { recursive: true, force: true })
  console.log(`BENCH history.append_ratio ${(full / empty).toFixed(2)} x`)
  console.log(`  append ${(full * 1000).toFixed(0)} us on ${ROWS} rows vs ${(empty * 1000).toFixed(0)} us on an empty log`)

  if (process.env.QF_HISTORY_SERVER !== '0') await serverRuns(dir)

  const ro = openDatabase(dir)
  const t1 = performance.now()
  const c1 = process.cpuUsage()
  const v = verifyAudit(ro, { publicKey: signer.publicKeyPem, requireSignedTail: true })
  const s = (performance.now() - t1) / 1000
  const cpu = process.cpuUsage(c1)
  console.log(`BENCH history.verify_rps ${Math.round(v.records / s)} rec/s`)
  console.log(`BENCH history.verify_rps_cpu ${Math.round(v.records / ((cpu.user + cpu.system) / 1e6))} rec/s`)
  console.log(
    `  ${v.ok ? 'intact' : `BROKEN ${JSON.stringify(v.firstBad)}`}: ${v.records} records, ${v.rooms} rooms, ${v.signedHeads} heads in ${s.toFixed(1)} s`
  )
  ro.close()
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main().then(() => process.exit(0))
}
