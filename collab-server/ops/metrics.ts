/**
 * GET /metrics in the Prometheus text format (docs/deploy.md, "Monitoring"),
 * and the data behind GET /api/health. Counters only count; Prometheus turns
 * them into per-second rates. Nothing here reads history, so scraping costs
 * the same however long the county has run.
 */
import { accessSync, constants, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditLog } from '../audit/log'
import type { Hub } from '../rooms/hub'
import type { DB } from '../store/db'
import { lastBackup } from './backup'

/** Seconds; covers a group commit on a quiet SSD up to a stalled disk. */
export const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

export class Metrics {
  accepted = 0
  refused = 0
  events = 0
  commitCount = 0
  commitSum = 0
  readonly commitBuckets = COMMIT_BUCKETS.map(() => 0)

  observeCommit(seconds: number): void {
    this.commitCount++
    this.commitSum += seconds
    for (let i = 0; i < COMMIT_BUCKETS.length; i++) if (seconds <= COMMIT_BUCKETS[i]) this.commitBuckets[i]++
  }

  /** Counts what goes on the trail and times each commit, without changing either. */
  instrument(audit: AuditLog): void {
    const append = audit.append.bind(audit)
    audit.append = ((input: Parameters<AuditLog['append']>[0]) => {
      if (input.kind === 'client' || input.kind === 'server') this.accepted++
      else if (input.kind === 'refused') this.refused++
      else this.events++
      return append(input)
    }) as AuditLog['append']
    const end = audit.endBatch.bind(audit)
    audit.endBatch = () => {
      const t = process.hrtime.bigint()
      try {
        end()
      } finally {
        this.observeCommit(Number(process.hrtime.bigint() - t) / 1e9)
      }
    }
  }
}

export function dbBytes(dataDir: string): number {
  let n = 0
  for (const f of ['qingfeng.sqlite', 'qingfeng.sqlite-wal'])
    try {
      n += statSync(join(dataDir, f)).size
    } catch {
      /* no WAL yet */
    }
  return n
}

export function renderMetrics(m: Metrics, hub: Hub, dataDir: string): string {
  let conns = 0
  for (const r of hub.rooms.values()) conns += r.conns.size
  const last = lastBackup(dataDir)
  const lines = [
    '# HELP qingfeng_connections Open WebSocket connections.',
    '# TYPE qingfeng_connections gauge',
    `qingfeng_connections ${conns}`,
    '# HELP qingfeng_rooms Rooms loaded in memory.',
    '# TYPE qingfeng_rooms gauge',
    `qingfeng_rooms ${hub.rooms.size}`,
    '# HELP qingfeng_updates_accepted_total Updates accepted onto the audit trail (clients and server).',
    '# TYPE qingfeng_updates_accepted_total counter',
    `qingfeng_updates_accepted_total ${m.accepted}`,
    '# HELP qingfeng_updates_refused_total Updates refused by policy (kept as evidence).',
    '# TYPE qingfeng_updates_refused_total counter',
    `qingfeng_updates_refused_total ${m.refused}`,
    '# HELP qingfeng_audit_events_total Other audit events (logins, access refusals, admin changes).',
    '# TYPE qingfeng_audit_events_total counter',
    `qingfeng_audit_events_total ${m.events}`,
    '# HELP qingfeng_commit_seconds Time to commit one group-commit batch to SQLite.',
    '# TYPE qingfeng_commit_seconds histogram',
    ...COMMIT_BUCKETS.map((b, i) => `qingfeng_commit_seconds_bucket{le="${b}"} ${m.commitBuckets[i]}`),
    `qingfeng_commit_seconds_bucket{le="+Inf"} ${m.commitCount}`,
    `qingfeng_commit_seconds_sum ${m.commitSum}`,
    `qingfeng_commit_seconds_count ${m.commitCount}`,
    '# HELP qingfeng_db_bytes Size of the database file and its WAL.',
    '# TYPE qingfeng_db_bytes gauge',
    `qingfeng_db_bytes ${dbBytes(dataDir)}`,
    '# HELP qingfeng_last_backup_timestamp_seconds When the last verified backup finished (0 = never).',
    '# TYPE qingfeng_last_backup_timestamp_seconds gauge',
    `qingfeng_last_backup_timestamp_seconds ${last ? last.at / 1000 : 0}`
  ]
  return lines.join('\n') + '\n'
}

/** Storage writable (a probe file in the data folder, the database opened read-write) and backup lag. */
export function health(db: DB, dataDir: string, now: number, backupEveryMinutes: number | undefined) {
  let writable = !db.readonly
  try {
    accessSync(dataDir, constants.W_OK)
    const probe = join(dataDir, '.health-probe')
    writeFileSync(probe, String(now))
    unlinkSync(probe)
  } catch {
    writable = false
  }
  const last = lastBackup(dataDir)
  const behindMs = last ? Math.max(0, now - last.at) : null
  // Behind = no backup at all, or more than two scheduled periods since the last one.
  const backupLate = backupEveryMinutes ? behindMs === null || behindMs > 2 * backupEveryMinutes * 60_000 : false
  return {
    ok: writable && !backupLate,
    serverTime: now,
    storage: { writable },
    backup: { lastAt: last?.at ?? null, behindMs, scheduledEveryMinutes: backupEveryMinutes ?? null, late: backupLate }
  }
}
