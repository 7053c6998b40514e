/**
 * The embedded store: one SQLite file holding the audit trail, which is also
 * the durable log of every room (rooms are rebuilt by replaying their
 * accepted updates). WAL + synchronous=NORMAL: a commit survives the process
 * being killed (-9); QF_SQLITE_SYNC=FULL also survives power loss at a cost.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../logger'

export type DB = Database.Database

/** The page cache of the server's connection, in KiB. */
export const PAGE_CACHE_KIB = 2048

/** `log` hears "schema migrated from N to M" when start-up applied steps (docs/deploy.md, "Upgrades"). */
export function openDatabase(dataDir: string, log?: Pick<Logger, 'info'>): DB {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'qingfeng.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${process.env.QF_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection; writes here are
  // appends, and reads of cold rooms come from the OS's file cache anyway. SQLite's own
  // default (2 MiB) keeps 10-25 MiB off the server's peak at no measured CPU cost
  // (docs/decisions.md, "Cost per update" → "Sixth pass").
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
  try {
    const m = applyMigrations(db)
    if (m.from !== m.to) log?.info(`schema migrated from ${m.from} to ${m.to}`, { from: m.from, to: m.to })
  } catch (e) {
    db.close()
    throw e
  }
  return db
}

/**
 * Numbered schema steps (docs/deploy.md, "Upgrades"). PRAGMA user_version
 * records how many have been applied; at start-up the missing ones run in one
 * transaction, so a failed upgrade leaves the file as it was. A file written
 * by newer code (a higher version than this list) is refused rather than
 * guessed at: roll the code forward, or restore the backup taken before.
 */
export const MIGRATIONS: readonly { name: string; up: (db: DB) => void }[] = [
  { name: 'base schema: audit trail, checkpoints, accounts, files, snapshots, settings', up: (db) => migrate(db) },
  {
    name: 'accounts: token generation, password change, expiry; refresh token families',
    up: (db) =>
      db.exec(`
        ALTER TABLE accounts ADD COLUMN token_gen INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN password_changed_at INTEGER;
        ALTER TABLE accounts ADD COLUMN expires_at INTEGER;
        CREATE TABLE refresh_families (
          family TEXT PRIMARY KEY,
          user_id TEXT NOT NULL,
          current_jti TEXT NOT NULL,
          revoked INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX refresh_families_user ON refresh_families(user_id);
      `)
  },
  {
    name: 'password history and login history',
    up: (db) =>
      db.exec(`
        CREATE TABLE password_history (
          user_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          password_hash TEXT NOT NULL
        );
        CREATE INDEX password_history_user ON password_history(user_id, at);
        CREATE TABLE login_history (
          id INTEGER PRIMARY KEY,
          user_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          address TEXT NOT NULL,
          outcome TEXT NOT NULL
        );
        CREATE INDEX login_history_user ON login_history(user_id, at);
      `)
  },
  {
    // Rows written before keep format 1 and verify as they always did (docs/protocol.md "Audit trail").
    name: 'audit rows: hash format version (v)',
    up: (db) => {
      // Idempotent: a file whose user_version was set back by hand may already have it.
      if (!(db.prepare('PRAGMA table_info(audit)').all() as { name: string }[]).some((c) => c.name === 'v'))
        db.exec('ALTER TABLE audit ADD COLUMN v INTEGER NOT NULL DEFAULT 1')
    }
  }
]

export const SCHEMA_VERSION = MIGRATIONS.length

export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(
      `数据库结构版本 ${found} 高于本程序支持的 ${SCHEMA_VERSION}：请使用更新的版本，或恢复升级前的备份 (database schema ${found} is newer than this code's ${SCHEMA_VERSION})`
    )
  }
}

export function applyMigrations(db: DB): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number
  if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from)
  if (from === SCHEMA_VERSION) {
    migrate(db) // idempotent; keeps tables added to the base block after a release
    return { from, to: from }
  }
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) MIGRATIONS[v].up(db)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
  return { from, to: SCHEMA_VERSION }
}

/** The base schema (migration 1). Every statement is IF NOT EXISTS, so it also runs on every start. */
function migrate(db: DB): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit (
      seq INTEGER PRIMARY KEY,
      room TEXT NOT NULL,
      room_seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      user_id TEXT,
      unit_id TEXT,
      at INTEGER NOT NULL,
      update_bytes BLOB,
      summary TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS audit_room_seq ON audit(room, room_seq);
    CREATE TABLE IF NOT EXISTS checkpoints (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      upto_seq INTEGER NOT NULL,
      heads TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS accounts (
      user_id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      disabled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS files (
      sha256 TEXT NOT NULL,
      room TEXT NOT NULL,
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      uploaded_by TEXT NOT NULL,
      at INTEGER NOT NULL,
      PRIMARY KEY (sha256, room)
    );
    CREATE TABLE IF NOT EXISTS room_snapshots (
      room TEXT PRIMARY KEY,
      room_seq INTEGER NOT NULL,
      state BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `)
  migrateSignedLog(db)
}

/**
 * The signed log (docs/protocol.md "the signed log"): completed Merkle
 * subtrees by (level, index) and the signed tree heads. The old `checkpoints`
 * table is no longer written; its rows stay and are still verified.
 */
function migrateSignedLog(db: DB): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit_tree (
      level INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      hash BLOB NOT NULL,
      PRIMARY KEY (level, idx)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tree_heads (
      size INTEGER PRIMARY KEY,
      root TEXT NOT NULL,
      at INTEGER NOT NULL,
      alg TEXT NOT NULL,
      key_id TEXT NOT NULL,
      sig TEXT NOT NULL
    );
  `)
}

export function getSetting(db: DB, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function setSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}
