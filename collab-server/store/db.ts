/**
 * The embedded store: one SQLite file holding the audit trail, which is also
 * the durable log of every room (rooms are rebuilt by replaying their
 * accepted updates). WAL + synchronous=NORMAL: a commit survives the process
 * being killed (-9); QF_SQLITE_SYNC=FULL also survives power loss at a cost.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export type DB = Database.Database

export function openDatabase(dataDir: string): DB {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'qingfeng.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${process.env.QF_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

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
