/**
 * WAL checkpoints off the main thread. SQLite's automatic checkpoint runs
 * inside a commit and fsyncs the database file, stalling every client of the
 * event loop for tens of milliseconds; here a worker with its own connection
 * checkpoints (PASSIVE: never blocks writers) once a second instead.
 */
import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import type { DB } from './db'

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch (e) { parentPort.postMessage(String(e)) } }, workerData.intervalMs)
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); try { db.pragma('wal_checkpoint(TRUNCATE)') } catch {} db.close(); process.exit(0) } })
`

export interface Checkpointer {
  stop(): Promise<void>
}

export function startCheckpointer(db: DB, intervalMs = 1000): Checkpointer {
  const file = db.name
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  db.pragma('wal_autocheckpoint = 0')
  // The worker runs one pragma a second: a small heap is plenty, and a default
  // one reserved tens of MiB of RSS (docs/decisions.md, "Memory").
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, module, intervalMs },
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 8, stackSizeMb: 1 }
  })
  worker.unref()
  // If the worker dies, fall back to SQLite's own checkpoints so the WAL cannot grow without bound.
  const fallback = () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000')
  }
  worker.on('error', fallback)
  worker.on('exit', (code) => code !== 0 && fallback())
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve())
        worker.postMessage('stop')
        setTimeout(() => void worker.terminate().then(() => resolve()), 2000).unref()
      })
  }
}
