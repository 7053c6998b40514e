/**
 * The audit trail is tamper-evident. `npm run audit:verify` passes on
 * an intact folder and names the first bad record when the SQLite file is
 * edited directly (edit, delete, insert, reorder).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendEvent } from '@domain/task'
import { connectSynced, createTask, login, startServer, waitFor } from './harness'

const verify = (dir: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'collab-server/audit/verify-cli.ts', dir], { encoding: 'utf8' })
  return { code: r.status, out: r.stdout + r.stderr }
}

let dir: string
beforeEach(async () => {
  const server = await startServer()
  const leader = await login(server.url, 'xianzhang')
  const clerk = await login(server.url, 'qingquan.clerk')
  const { id } = await createTask(server.url, leader, { title: '审计测试' })
  const c = await connectSynced(server.url, `task:${id}`, clerk.token)
  appendEvent(c.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
  await waitFor(() => server.audit.trail(`task:${id}`).length >= 4)
  c.destroy()
  await server.close()
  dir = mkdtempSync(join(tmpdir(), 'qf-audit-'))
  cpSync(server.dataDir, dir, { recursive: true })
  // Closed above: only its folder is left to remove.
  rmSync(server.dataDir, { recursive: true, force: true })
})

// Each test tampers with its own copy; none is left behind in the temp folder.
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const tamper = (sql: string) => {
  const db = new Database(join(dir, 'qingfeng.sqlite'))
  db.exec(sql)
  db.close()
}
const target = () => {
  const db = new Database(join(dir, 'qingfeng.sqlite'), { readonly: true })
  const row = db.prepare("SELECT seq FROM audit WHERE kind = 'client' AND summary LIKE '%签收%'").get() as { seq: number }
  db.close()
  return row.seq
}

describe('audit:verify', () => {
  it('exits 0 with the record count and heads on an intact trail', () => {
    const r = verify(dir)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/intact: \d+ records/)
    expect(r.out).toMatch(/task:\S+\t#\d+\t[0-9a-f]{64}/)
  })

  it('names the edited record', () => {
    const seq = target()
    tamper(`UPDATE audit SET summary = replace(summary, '签收', '拒收') WHERE seq = ${seq}`)
    const r = verify(dir)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`seq=${seq}`)
  })

  it('detects a changed server time', () => {
    const seq = target()
    tamper(`UPDATE audit SET at = at - 86400000 WHERE seq = ${seq}`)
    expect(verify(dir).code).toBe(1)
  })

  it('detects a deleted record', () => {
    const seq = target()
    tamper(`DELETE FROM audit WHERE seq = ${seq}`)
    const r = verify(dir)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/BROKEN at record seq=\d+/)
  })

  it('detects an inserted record', () => {
    const seq = target()
    tamper(
      `INSERT INTO audit SELECT ${seq} + 100000, room, room_seq + 1000, kind, user_id, unit_id, at, update_bytes, summary, prev_hash, hash, v FROM audit WHERE seq = ${seq}`
    )
    expect(verify(dir).code).toBe(1)
  })

  it('detects reordered records', () => {
    const seq = target()
    tamper(
      `UPDATE audit SET seq = -1 WHERE seq = ${seq}; UPDATE audit SET seq = ${seq} WHERE seq = ${seq - 1}; UPDATE audit SET seq = ${seq - 1} WHERE seq = -1;`
    )
    expect(verify(dir).code).toBe(1)
  })

  it('detects the newest records deleted (via the newest signed tree head)', () => {
    tamper(`DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)`)
    const r = verify(dir)
    expect(r.code).toBe(1)
    expect(r.out).toContain('signed head')
  })
})
