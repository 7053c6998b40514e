/**
 * The signed audit log (docs/protocol.md "the signed log"):
 *   BENCH trust.proof_ms   — one inclusion proof from the SQLite tree (target < 1 ms)
 *   BENCH trust.verify_rps — `audit:verify` throughput over every record, tree and head (target ≥ 100,000 rec/s)
 *   BENCH trust.verify_rps_cpu — the same per second of CPU time (what wall time shows on an idle core)
 *   BENCH trust.append_us  — one append (record + tree rows), grouped 500 per transaction
 *
 *   npm run bench -- trust            QF_BENCH_RECORDS=500000 npm run bench -- trust
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { AuditLog } from '../collab-server/audit/log'
import { signerFor } from '../collab-server/audit/signer'
import { verifyAudit } from '../collab-server/audit/verify'
import { openDatabase } from '../collab-server/store/db'

const RECORDS = Number(process.env.QF_BENCH_RECORDS ?? 200_000)
const ROOMS = 2_000

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qf-trust-bench-'))
  try {
    const db = openDatabase(dir)
    const signer = signerFor(generateKeyPairSync('ed25519').privateKey)
    const log = new AuditLog(db, { signer })
    const update = new Uint8Array(160).fill(7) // a typical small Yjs update
    const t0 = performance.now()
    for (let i = 0; i < RECORDS; ) {
      log.transaction(() => {
        for (let j = 0; j < 500 && i < RECORDS; j++, i++)
          log.append({ room: `task:t${i % ROOMS}`, kind: 'client', userId: 'u1', unitId: 'qingquan', at: 1_700_000_000_000 + i, update, summary: `反馈 ${i}` })
      })
      if (i % 20_000 === 0) log.signHead(1_700_000_000_000 + i)
    }
    const appendMs = performance.now() - t0
    const head = log.signHead(1_700_000_000_000 + RECORDS)!
    console.log(`BENCH trust.append_us ${((appendMs * 1000) / RECORDS).toFixed(1)} us`)

    const N = 2_000
    const seqs = Array.from({ length: N }, (_, k) => 1 + ((k * 7919) % head.size))
    log.inclusionProof(seqs[0]!, head.size) // warm the statements
    const t1 = performance.now()
    for (const s of seqs) log.inclusionProof(s, head.size)
    const proofMs = (performance.now() - t1) / N
    console.log(`BENCH trust.proof_ms ${proofMs.toFixed(3)} ms`)
    const t2 = performance.now()
    const c = log.consistencyProof(Math.floor(head.size / 3), head.size)
    console.log(`  consistency proof ${(head.size / 3) | 0}→${head.size}: ${c.length} hashes in ${(performance.now() - t2).toFixed(3)} ms`)
    db.close()

    const ro = openDatabase(dir)
    const t3 = performance.now()
    const c3 = process.cpuUsage()
    const v = verifyAudit(ro, { publicKey: signer.publicKeyPem, requireSignedTail: true })
    const verifyS = (performance.now() - t3) / 1000
    const cpu = process.cpuUsage(c3)
    if (!v.ok) console.log(`  verify FAILED: ${JSON.stringify(v.firstBad)}`)
    console.log(`BENCH trust.verify_rps ${Math.round(v.records / verifyS)} rec/s`)
    // On a shared machine wall time includes waiting for a core; CPU time is what verification itself costs.
    console.log(`BENCH trust.verify_rps_cpu ${Math.round(v.records / ((cpu.user + cpu.system) / 1e6))} rec/s`)
    console.log(`  ${v.records} records, ${v.rooms} rooms, ${v.signedHeads} signed heads verified in ${verifyS.toFixed(2)} s`)
    ro.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main()
}
