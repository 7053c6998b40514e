/**
 * A synthetic five-year county, written through the server's own storage code
 * (openDatabase + AuditLog), kept between runs in bench/.data/ (git-ignored):
 *   BENCH history.head_bytes      — a signed tree head, serialised (constant whatever the history)
 *   BENCH history.startup_ms      — opening the log on the full folder (no scan of history)
 *   BENCH history.verify_rps      — audit:verify over every record
 *   BENCH history.append_ratio    — cost of an append on the full log ÷ on an empty one
 *
 *   npm run bench -- history
 *   QF_HISTORY_ROOMS=300000 QF_HISTORY_ROWS=3000000 npm run bench -- history   (the full county; ~1 GB, long to build)
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { AuditLog } from '../collab-server/audit/log'
import { signerFor } from '../collab-server/audit/signer'
import { verifyAudit } from '../collab-server/audit/verify'
import { openDatabase } from '../collab-server/store/db'

const ROOMS = Number(process.env.QF_HISTORY_ROOMS ?? 300_000)
const ROWS = Number(process.env.QF_HISTORY_ROWS ?? 3_000_000)
const YEARS_MS = 5 * 365 * 86_400_000
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

export async function main(): Promise<void> {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '.data', `history-${ROOMS}-${ROWS}`)
  mkdirSync(dir, { recursive: true })
  if (!existsSync(join(dir, 'complete'))) build(dir)
  const signer = signerFor(createPrivateKey(readFileSync(join(dir, 'key.pem'), 'utf8')))

  const t0 = performance.now()
  const db = openDatabase(dir)
  const log = new AuditLog(db, { signer })
  const startup = performance.now() - t0
  console.log(`BENCH history.startup_ms ${startup.toFixed(1)} ms`)
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
  void main()
}
