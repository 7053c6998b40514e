/**
 * Running it in a county: schema migrations from every earlier version,
 * backup under load → restore drill, health and Prometheus metrics — all on
 * real SQLite files and a real server (docs/deploy.md).
 */
import Database from 'better-sqlite3'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { metaMap } from '@domain/task'
import { verifyAudit } from '@server/audit/verify'
import { MIGRATIONS, PAGE_CACHE_KIB, SCHEMA_VERSION, SchemaTooNewError, openDatabase } from '@server/store/db'
import { backup, restore, verifyBackup } from '@server/ops/backup'
import { parseConfig } from '@server/ops/config'
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../scripts/build-server.mjs'
import { connect, createTask, login, startServer, synced, waitFor } from './harness'

const root = join(import.meta.dirname, '..', '..')

const tmp: string[] = []
const dir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p))
  tmp.push(d)
  return d
}
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true })
})

describe('schema migrations', () => {
  it('a database from every earlier version opens, is upgraded in place, and keeps its rows', () => {
    for (let v = 0; v < SCHEMA_VERSION; v++) {
      const d = dir(`qf-mig${v}-`)
      const db = new Database(join(d, 'qingfeng.sqlite'))
      // Version 0 is a file from before numbered migrations: the base schema with user_version 0.
      for (let i = 0; i < Math.max(1, v); i++) MIGRATIONS[i].up(db)
      db.pragma(`user_version = ${v}`)
      db.prepare('INSERT INTO accounts(user_id, username, password_hash) VALUES (?,?,?)').run('u1', 'old.user', 'scrypt$x')
      db.close()
      const lines: string[] = []
      const up = openDatabase(d, { info: (msg) => lines.push(msg) })
      expect(up.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      // The operator sees the upgrade in the server's log (docs/deploy.md, "Upgrades").
      expect(lines).toEqual([`schema migrated from ${v} to ${SCHEMA_VERSION}`])
      const row = up.prepare('SELECT * FROM accounts WHERE user_id = ?').get('u1') as Record<string, unknown>
      expect(row).toMatchObject({ username: 'old.user', token_gen: 0, must_change: 0, disabled: 0 })
      expect(up.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('refresh_families','password_history','login_history')").get()).toEqual({
        n: 3
      })
      up.close()
      // Opening it again finds nothing to do and says nothing.
      const quiet: string[] = []
      openDatabase(d, { info: (msg) => quiet.push(msg) }).close()
      expect(quiet).toEqual([])
    }
  })

  it('a database written by newer code is refused and left untouched', () => {
    const d = dir('qf-new-')
    openDatabase(d).close()
    const db = new Database(join(d, 'qingfeng.sqlite'))
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => openDatabase(d)).toThrow(SchemaTooNewError)
    const after = new Database(join(d, 'qingfeng.sqlite'), { readonly: true })
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1)
    after.close()
  })

  it('a county server from before migrations starts on the new code: logins work, the trail verifies', async () => {
    const d = dir('qf-legacy-')
    const first = await startServer({ dataDir: d })
    const leader = await login(first.url, 'xianzhang')
    const t = await createTask(first.url, leader)
    t.client.destroy()
    await first.cleanup()
    // Turn the file back into what the previous release wrote.
    const db = new Database(join(d, 'qingfeng.sqlite'))
    db.exec(`DROP TABLE refresh_families; DROP TABLE password_history; DROP TABLE login_history;
      ALTER TABLE accounts DROP COLUMN token_gen; ALTER TABLE accounts DROP COLUMN must_change;
      ALTER TABLE accounts DROP COLUMN password_changed_at; ALTER TABLE accounts DROP COLUMN expires_at;`)
    db.pragma('user_version = 0')
    db.close()
    const again = await startServer({ dataDir: d })
    try {
      const s = await login(again.url, 'xianzhang')
      const c = connect(again.url, `task:${t.id}`, s.token)
      await synced(c)
      expect(metaMap(c.doc).get('title')).toBe('测试任务')
      c.destroy()
      expect(verifyAudit(again.db).ok).toBe(true)
    } finally {
      await again.cleanup()
    }
  })
})

describe('backup and restore drill', () => {
  it('backup while clients write; restore into an empty folder; every record seen before is there and verifies', async () => {
    const d = dir('qf-live-')
    const target = dir('qf-backups-')
    const server = await startServer({ dataDir: d })
    const leader = await login(server.url, 'xianzhang')
    const before = await createTask(server.url, leader, { title: '备份前的任务' })
    const seenBefore = server.db.prepare('SELECT seq, room, room_seq, hash FROM audit ORDER BY seq').all() as {
      seq: number
      room: string
      room_seq: number
      hash: string
    }[]
    // Writers keep going during the backup.
    let writing = true
    const writers = (async () => {
      let n = 0
      while (writing) {
        const t = await createTask(server.url, leader, { title: `并发任务${n++}` })
        t.client.destroy()
      }
      return n
    })()
    await waitFor(() => server.metrics.accepted > seenBefore.length + 2, 10_000, 'writes under way')
    const b = await backup(d, target, { db: server.db })
    writing = false
    const written = await writers
    expect(written).toBeGreaterThan(0)
    before.client.destroy()
    await server.cleanup()

    expect(verifyBackup(b.dir)).toMatchObject({ ok: true })
    const restored = dir('qf-restored-')
    restore(b.dir, restored)
    const again = await startServer({ dataDir: restored })
    try {
      const rows = new Map((again.db.prepare('SELECT seq, hash FROM audit').all() as { seq: number; hash: string }[]).map((r) => [r.seq, r.hash]))
      for (const r of seenBefore) expect(rows.get(r.seq)).toBe(r.hash)
      expect(verifyAudit(again.db).ok).toBe(true)
      const s = await login(again.url, 'xianzhang')
      const c = connect(again.url, `task:${before.id}`, s.token)
      await synced(c)
      expect(metaMap(c.doc).get('title')).toBe('备份前的任务')
      c.destroy()
    } finally {
      await again.cleanup()
    }
  })

  it('restore refuses a tampered backup (and says why) and never overwrites existing data', async () => {
    const d = dir('qf-src-')
    const server = await startServer({ dataDir: d })
    const target = dir('qf-bk-')
    const good = await backup(d, target, { db: server.db })
    await server.cleanup()
    const occupied = dir('qf-occupied-')
    openDatabase(occupied).close()
    expect(() => restore(good.dir, occupied)).toThrow(/目标目录已有数据/)

    const bad = join(target, 'tampered')
    cpSync(good.dir, bad, { recursive: true })
    const db = new Database(join(bad, 'qingfeng.sqlite'))
    db.prepare("UPDATE audit SET summary = summary || '（改）' WHERE seq = 1").run()
    db.close()
    const v = verifyBackup(bad)
    expect(v.ok).toBe(false)
    expect(!v.ok && v.problems.join()).toMatch(/审计链校验失败/)
    // The command a county technician runs.
    const empty = join(dir('qf-empty-'), 'data')
    let out = ''
    let code = 0
    try {
      execFileSync('npx', ['tsx', 'collab-server/ops/backup-cli.ts', 'restore', bad, empty], { encoding: 'utf8', stdio: 'pipe' })
    } catch (e) {
      const err = e as { status: number; stderr: string }
      code = err.status
      out = err.stderr
    }
    expect(code).toBe(1)
    expect(out).toMatch(/拒绝恢复.*\n.*审计链校验失败/)
    expect(existsSync(join(empty, 'qingfeng.sqlite'))).toBe(false)
  })
})

/** Minimal Prometheus text-format parser: enough to reject what a scraper would. */
function parseProm(text: string): Map<string, { type: string; samples: { labels: string; value: number }[] }> {
  const families = new Map<string, { type: string; samples: { labels: string; value: number }[] }>()
  for (const line of text.split('\n')) {
    if (line === '') continue
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line)
    if (m) {
      if (m[1] === 'TYPE') families.set(m[2], { type: m[3], samples: [] })
      continue
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (\S+)$/.exec(line)
    if (!m) throw new Error(`not Prometheus text: ${line}`)
    const value = Number(m[3] === '+Inf' ? Infinity : m[3])
    if (Number.isNaN(value)) throw new Error(`bad value: ${line}`)
    const fam = families.get(m[1]) ?? families.get(m[1].replace(/_(bucket|sum|count)$/, ''))
    if (!fam) throw new Error(`sample without TYPE: ${line}`)
    fam.samples.push({ labels: m[2] ?? '', value })
  }
  return families
}

describe('monitoring', () => {
  it('/metrics parses as Prometheus text and moves with the work; /api/health reports storage and backup lag', async () => {
    const d = dir('qf-mon-')
    const server = await startServer({ dataDir: d, backup: { target: join(d, '..', `${d.split('/').pop()}-bk`), everyMinutes: 60, keep: 2 } })
    tmp.push(join(d, '..', `${d.split('/').pop()}-bk`))
    try {
      const scrape = async () => parseProm(await (await fetch(`${server.url}/metrics`)).text())
      const m0 = await scrape()
      for (const name of [
        'qingfeng_connections',
        'qingfeng_rooms',
        'qingfeng_updates_accepted_total',
        'qingfeng_updates_refused_total',
        'qingfeng_commit_seconds',
        'qingfeng_db_bytes',
        'qingfeng_last_backup_timestamp_seconds'
      ])
        expect(m0.has(name), name).toBe(true)
      expect(m0.get('qingfeng_commit_seconds')!.type).toBe('histogram')
      const h0 = (await (await fetch(`${server.url}/api/health`)).json()) as {
        ok: boolean
        storage: { writable: boolean }
        backup: { lastAt: number | null; late: boolean }
      }
      expect(h0).toMatchObject({ ok: false, storage: { writable: true }, backup: { lastAt: null, late: true } })

      const leader = await login(server.url, 'xianzhang')
      const t = await createTask(server.url, leader)
      const m1 = await scrape()
      expect(m1.get('qingfeng_connections')!.samples[0].value).toBeGreaterThanOrEqual(1)
      expect(m1.get('qingfeng_updates_accepted_total')!.samples[0].value).toBeGreaterThan(m0.get('qingfeng_updates_accepted_total')!.samples[0].value)
      const buckets = m1.get('qingfeng_commit_seconds')!.samples.filter((s) => s.labels.startsWith('{le='))
      for (let i = 1; i < buckets.length; i++) expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value)
      expect(buckets.at(-1)!.value).toBeGreaterThan(0)
      t.client.destroy()

      await server.backupNow()
      const h1 = (await (await fetch(`${server.url}/api/health`)).json()) as { ok: boolean; backup: { lastAt: number | null; late: boolean } }
      expect(h1.ok).toBe(true)
      expect(h1.backup.lastAt).not.toBeNull()
      expect((await scrape()).get('qingfeng_last_backup_timestamp_seconds')!.samples[0].value).toBeGreaterThan(0)
    } finally {
      await server.cleanup()
    }
  })
})

describe('config file', () => {
  it('takes a full county config and names the key of any mistake', () => {
    const ok = parseConfig(
      JSON.stringify({
        port: 4455,
        serverNames: ['oa.example.gov.cn'],
        backup: { target: '/backup', everyMinutes: 360, keep: 28 },
        trustProxy: true,
        passwordPolicy: { minLength: 12 }
      })
    )
    expect(ok.backup?.keep).toBe(28)
    expect(() => parseConfig('{"prot": 4455}')).toThrow(/未知配置项 "prot"/)
    expect(() => parseConfig('{"port": "4455"}')).toThrow(/"port"/)
    expect(() => parseConfig('{"serverNames": "oa.example.gov.cn"}')).toThrow(/"serverNames" 应为字符串数组/)
    expect(() => parseConfig('{"backup": {"target": "/b", "everyMinutes": 0, "keep": 3}}')).toThrow(/"backup"/)
    expect(() => parseConfig('{port: 1}')).toThrow(/不是有效的 JSON/)
  })
})

describe('memory as deployed', () => {
  it('deploy.md, npm start and the benchmark run the bundle with the same node flags and environment, and this node accepts them', () => {
    const unit = readFileSync(join(root, 'docs', 'deploy.md'), 'utf8')
    expect(unit).toContain(`ExecStart=/usr/bin/node ${SERVER_NODE_FLAGS.join(' ')} out/server/cli.mjs `)
    for (const [k, v] of Object.entries(SERVER_ENV)) expect(unit).toMatch(new RegExp(`^Environment=.* ${k}=${v}$`, 'm'))
    for (const script of ['scripts/start.mjs', 'bench/collab.bench.ts'])
      for (const used of ['...SERVER_NODE_FLAGS', '...SERVER_ENV']) expect(readFileSync(join(root, script), 'utf8')).toContain(used)
    // A flag this node does not know stops it before the server starts ("bad option").
    const r = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' })
    expect({ status: r.status, out: r.stdout, err: r.stderr }).toEqual({ status: 0, out: 'ok', err: '' })
  })

  it("the server's SQLite page cache is SQLite's 2 MiB, not better-sqlite3's 16 MB", () => {
    const db = openDatabase(dir('qf-cache-'))
    expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB)
    expect(PAGE_CACHE_KIB).toBeLessThanOrEqual(2048)
    db.close()
  })
})
