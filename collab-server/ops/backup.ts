/**
 * Backups (docs/deploy.md, "Backups"): SQLite's online backup API (safe while
 * the server writes), the attachments, and a manifest; then the copy is
 * verified — audit chain through the audit module's own verifier, every
 * attachment's SHA-256, every registered attachment present — before it
 * counts. Restore refuses a backup that does not verify and says why.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import * as auditVerify from '../audit/verify'
import { SCHEMA_VERSION, type DB } from '../store/db'
import type { Logger } from '../logger'

export const DB_FILE = 'qingfeng.sqlite'
export const MANIFEST = 'manifest.json'
const LAST_BACKUP = 'last-backup.json'
const PREFIX = 'qingfeng-backup-'

export interface Manifest {
  format: 1
  createdAt: string
  schemaVersion: number
  records: number
  files: { name: string; size: number; sha256: string }[]
  extras: string[]
}

export interface BackupResult {
  dir: string
  manifest: Manifest
  ms: number
}

export type VerifyOutcome = { ok: true; records: number; files: number } | { ok: false; problems: string[] }

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')
}

/**
 * Backs up a data folder into a new folder under `targetRoot`. `source` is the
 * running server's open connection when there is one (backup runs alongside
 * writers), else the folder's file is opened read-only.
 */
export async function backup(dataDir: string, targetRoot: string, opts: { db?: DB; now?: number; logger?: Logger } = {}): Promise<BackupResult> {
  const started = Date.now()
  const now = opts.now ?? started
  const dbFile = join(dataDir, DB_FILE)
  if (!opts.db && !existsSync(dbFile)) throw new Error(`数据目录中没有 ${DB_FILE}：${dataDir}`)
  mkdirSync(targetRoot, { recursive: true })
  let name = `${PREFIX}${stamp(now)}`
  for (let i = 2; existsSync(join(targetRoot, name)) || existsSync(join(targetRoot, `${name}.partial`)); i++) name = `${PREFIX}${stamp(now)}-${i}`
  const partial = join(targetRoot, `${name}.partial`)
  mkdirSync(join(partial, 'files'), { recursive: true })
  const src = opts.db ?? new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    await src.backup(join(partial, DB_FILE))
  } finally {
    if (!opts.db) src.close()
  }
  // Attachments are content-addressed and never rewritten: copying after the database means every row the copy names exists.
  const files: Manifest['files'] = []
  const fdir = join(dataDir, 'files')
  if (existsSync(fdir))
    for (const f of readdirSync(fdir)) {
      if (!/^[0-9a-f]{64}$/.test(f)) continue
      copyFileSync(join(fdir, f), join(partial, 'files', f))
      files.push({ name: f, size: statSync(join(partial, 'files', f)).size, sha256: sha256File(join(partial, 'files', f)) })
    }
  const extras: string[] = []
  for (const f of ['token-secret.key', 'witness.key', 'signing.key'])
    if (existsSync(join(dataDir, f))) {
      copyFileSync(join(dataDir, f), join(partial, f))
      extras.push(f)
    }
  const copy = new Database(join(partial, DB_FILE), { readonly: true })
  const records = (copy.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n
  const schemaVersion = copy.pragma('user_version', { simple: true }) as number
  copy.close()
  const manifest: Manifest = { format: 1, createdAt: new Date(now).toISOString(), schemaVersion, records, files, extras }
  writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 1))
  const v = verifyBackup(partial)
  if (!v.ok) {
    opts.logger?.error('backup failed verification', { dir: partial, problems: v.problems })
    throw new Error(`备份校验失败 backup did not verify: ${v.problems.join('; ')}`)
  }
  const dir = join(targetRoot, name)
  renameSync(partial, dir)
  const ms = Date.now() - started
  writeFileSync(join(dataDir, LAST_BACKUP), JSON.stringify({ at: now, dir, records, ms }))
  opts.logger?.info('backup written', { dir, records, files: files.length, ms })
  return { dir, manifest, ms }
}

/** Checks a backup folder on its own: manifest, audit chain, attachment hashes and completeness. */
export function verifyBackup(dir: string): VerifyOutcome {
  const problems: string[] = []
  if (!existsSync(join(dir, MANIFEST))) return { ok: false, problems: [`缺少清单 ${MANIFEST}（不是完整的备份）`] }
  if (!existsSync(join(dir, DB_FILE))) return { ok: false, problems: [`缺少数据库文件 ${DB_FILE}`] }
  let m: Manifest
  try {
    m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'))
  } catch {
    return { ok: false, problems: ['清单无法解析'] }
  }
  if (m.schemaVersion > SCHEMA_VERSION) problems.push(`备份的数据库结构版本 ${m.schemaVersion} 高于本程序的 ${SCHEMA_VERSION}`)
  let db: DB | undefined
  try {
    db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true })
    const integrity = db.pragma('quick_check', { simple: true })
    if (integrity !== 'ok') problems.push(`数据库文件损坏：${String(integrity)}`)
    const r = auditVerify.verifyAudit(db)
    if (!r.ok) problems.push(`审计链校验失败：记录 seq=${r.firstBad?.seq} ${r.firstBad?.room}#${r.firstBad?.roomSeq}：${r.firstBad?.reason}`)
    if (r.records !== m.records) problems.push(`审计记录数 ${r.records} 与清单中的 ${m.records} 不符`)
    const named = db.prepare('SELECT DISTINCT sha256 FROM files').all() as { sha256: string }[]
    const have = new Set(m.files.map((f) => f.name))
    for (const { sha256 } of named) if (!have.has(sha256)) problems.push(`附件 ${sha256.slice(0, 12)}… 在数据库中登记但备份中缺失`)
  } catch (e) {
    problems.push(`数据库无法打开：${(e as Error).message}`)
  } finally {
    db?.close()
  }
  for (const f of m.files) {
    const p = join(dir, 'files', f.name)
    if (!existsSync(p)) problems.push(`附件 ${f.name.slice(0, 12)}… 缺失`)
    else {
      const h = sha256File(p)
      if (h !== f.sha256 || h !== f.name) problems.push(`附件 ${f.name.slice(0, 12)}… 内容与哈希不符（被修改或损坏）`)
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, records: m.records, files: m.files.length }
}

/** Restores a verified backup into an empty data folder. Throws with the reasons when it will not. */
export function restore(backupDir: string, dataDir: string): { records: number; files: number } {
  const v = verifyBackup(backupDir)
  if (!v.ok) throw new Error(`拒绝恢复：备份未通过校验 refusing to restore, backup does not verify:\n  - ${v.problems.join('\n  - ')}`)
  if (existsSync(join(dataDir, DB_FILE)))
    throw new Error(`拒绝恢复：目标目录已有数据 ${join(dataDir, DB_FILE)}（请指定空目录，或先移走现有数据） refusing to overwrite existing data`)
  mkdirSync(join(dataDir, 'files'), { recursive: true })
  const m = JSON.parse(readFileSync(join(backupDir, MANIFEST), 'utf8')) as Manifest
  for (const f of m.files) copyFileSync(join(backupDir, 'files', f.name), join(dataDir, 'files', f.name))
  for (const f of m.extras) copyFileSync(join(backupDir, f), join(dataDir, f))
  copyFileSync(join(backupDir, DB_FILE), join(dataDir, DB_FILE))
  return { records: v.records, files: v.files }
}

export function lastBackup(dataDir: string): { at: number; dir: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, LAST_BACKUP), 'utf8'))
  } catch {
    return undefined
  }
}

/**
 * How many backups a schedule keeps: the newest `keep`, and the newest of
 * each of the last `daily` days, `weekly` ISO weeks and `monthly` months
 * (Asia/Shanghai calendar), e.g. 7 daily, 4 weekly, 12 monthly. A backup
 * any rule keeps stays.
 */
export interface Retention {
  keep?: number
  daily?: number
  weekly?: number
  monthly?: number
}

/** The backup's time from its folder name (qingfeng-backup-20261130-020000Z[-2]); undefined for other names. */
function backupTime(name: string): number | undefined {
  const m = /^qingfeng-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z/.exec(name)
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined
}

const SHANGHAI_MS = 8 * 3600_000
const dayKey = (t: number) => new Date(t + SHANGHAI_MS).toISOString().slice(0, 10)
const monthKey = (t: number) => new Date(t + SHANGHAI_MS).toISOString().slice(0, 7)
/** The Monday that starts the ISO week of the Shanghai date. */
function weekKey(t: number): string {
  const d = new Date(t + SHANGHAI_MS)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}

/** Which of these finished backup names the rule keeps (pure; names sort by time). */
export function retained(names: readonly string[], r: Retention): Set<string> {
  const dated = names
    .map((n) => ({ n, t: backupTime(n) }))
    .filter((x): x is { n: string; t: number } => x.t !== undefined)
    .sort((a, b) => b.t - a.t || b.n.localeCompare(a.n))
  const keep = new Set(dated.slice(0, r.keep ?? 0).map((x) => x.n))
  const newestPer = (count: number | undefined, key: (t: number) => string) => {
    const seen = new Set<string>()
    for (const x of dated) {
      if (seen.size >= (count ?? 0)) break
      const k = key(x.t)
      if (seen.has(k)) continue
      seen.add(k)
      keep.add(x.n)
    }
  }
  newestPer(r.daily, dayKey)
  newestPer(r.weekly, weekKey)
  newestPer(r.monthly, monthKey)
  // Names without a time (renamed by hand) are not ours to remove.
  for (const n of names) if (backupTime(n) === undefined) keep.add(n)
  return keep
}

/** Applies the retention under `targetRoot` (and drops abandoned partial ones); returns what it removed and kept. */
export function prune(targetRoot: string, rule: Retention | number): { removed: string[]; kept: string[] } {
  const r = typeof rule === 'number' ? { keep: rule } : rule
  if (!existsSync(targetRoot)) return { removed: [], kept: [] }
  const all = readdirSync(targetRoot).filter((f) => f.startsWith(PREFIX))
  const removed: string[] = []
  for (const f of all.filter((f) => f.endsWith('.partial'))) {
    rmSync(join(targetRoot, f), { recursive: true, force: true })
    removed.push(f)
  }
  const done = all.filter((f) => !f.endsWith('.partial')).sort()
  const keep = retained(done, r)
  for (const f of done.filter((f) => !keep.has(f))) {
    rmSync(join(targetRoot, f), { recursive: true, force: true })
    removed.push(basename(f))
  }
  return { removed, kept: done.filter((f) => keep.has(f)) }
}

export interface BackupSchedule extends Retention {
  target: string
  everyMinutes: number
}

/** Scheduled backups of the running server, with retention; every run and failure is logged. */
export function startBackupSchedule(db: DB, dataDir: string, s: BackupSchedule, logger: Logger): { stop(): void; runNow(): Promise<BackupResult | undefined> } {
  let running: Promise<BackupResult | undefined> | undefined
  const runNow = () =>
    (running ??= backup(dataDir, s.target, { db, logger })
      .then((r) => {
        const { keep, daily, weekly, monthly } = s
        const { removed, kept } = prune(s.target, { keep, daily, weekly, monthly })
        logger.info('backup retention applied', { rule: { keep, daily, weekly, monthly }, kept: kept.length, removed })
        return r
      })
      .catch((e) => {
        logger.error('scheduled backup failed', { error: String(e) })
        return undefined
      })
      .finally(() => (running = undefined)))
  const t = setInterval(() => void runNow(), s.everyMinutes * 60_000)
  t.unref()
  return { stop: () => clearInterval(t), runNow }
}
