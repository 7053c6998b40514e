/**
 * The reviewer's client as a witness of the audit log (docs/protocol.md "the
 * signed log"): the reviewer visits 督查督办 twice and the client keeps the
 * server's signed heads; the operator stops the server, cuts the tail of the
 * log in the SQLite file (rows, tree and the newest heads) and restarts it on
 * the same port with the real signing key; the reviewer's next visit shows the
 * red alarm. The exported heads make `audit:verify --heads` fail on the folder too.
 */
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, loginAs, startServerProcess, test } from './fixtures'
import { assignTask } from './helpers'

test('a cut audit log raises the witness alarm on the reviewer’s next visit', async ({ browser }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-e2e-witness-'))
  // The real clock throughout: the session outlives the restart, and server time never goes back.
  let server = await startServerProcess({ dataDir })
  try {
    const ctx = await browser.newContext({ acceptDownloads: true })
    await ctx.addInitScript(() => {
      const w = window as unknown as { __printed: string[]; print: () => void }
      w.__printed = []
      w.print = () => void w.__printed.push(document.body.className)
    })
    const jw = await ctx.newPage()
    await loginAs(jw, server.url, 'jiwei1')
    await jw.getByTestId('nav-oversight').click()
    await expect(jw.getByTestId('witness-ok')).toContainText('已记录服务器签名公钥')
    const firstSize = Number(await jw.getByTestId('witness-ok').getAttribute('data-size'))

    // Work happens; the reviewer comes back and the log is proven to extend the head held.
    const leaderCtx = await browser.newContext()
    const leader = await leaderCtx.newPage()
    await loginAs(leader, server.url, 'xianzhang')
    await assignTask(leader, { title: '核查扶贫资金使用情况', lead: '清泉镇' })
    await leaderCtx.close()
    await jw.reload()
    await jw.getByTestId('nav-oversight').click()
    await expect(jw.getByTestId('witness-ok')).toContainText('与本机保存的 2 个签名树头一致')
    const held = Number(await jw.getByTestId('witness-ok').getAttribute('data-size'))
    expect(held).toBeGreaterThan(firstSize)

    // The 存证单 prints with the current head; the heads export as a file.
    await jw.getByTestId('witness-print').click()
    await expect.poll(() => jw.evaluate(() => (window as unknown as { __printed: string[] }).__printed)).toEqual([expect.stringContaining('qf-print-cert')])
    await expect(jw.getByTestId('witness-cert')).toContainText(String(held))
    const [file] = await Promise.all([jw.waitForEvent('download'), jw.getByTestId('witness-export').click()])
    const exported = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { heads: { size: number }[] }
    expect(exported.heads.map((h) => h.size)).toEqual([firstSize, held])

    // The operator cuts the tail and restarts with the same key, on the same address.
    const port = Number(new URL(server.url).port)
    await server.stop()
    const db = new Database(join(dataDir, 'qingfeng.sqlite'))
    db.prepare('DELETE FROM audit WHERE seq > ?').run(firstSize + 1)
    db.exec('DELETE FROM audit_tree; DELETE FROM tree_heads; DELETE FROM checkpoints;')
    db.close()
    server = await startServerProcess({ dataDir, port })

    // Same server address, so the same session, local database and the heads it holds.
    await jw.reload()
    await jw.getByTestId('nav-oversight').click()
    const alarm = jw.getByTestId('witness-alarm')
    await expect(alarm).toBeVisible()
    await expect(alarm).toContainText('审计日志与本机保存的签名树头不一致')
    await expect(alarm).toContainText(/日志变短了|无法证明/)

    // The exported heads convict the folder offline as well.
    const headsFile = (await file.path())!
    const v = spawnSync(process.execPath, ['--import', 'tsx', 'collab-server/audit/verify-cli.ts', dataDir, '--heads', headsFile, '--allow-unsigned-tail'], {
      encoding: 'utf8'
    })
    expect(v.status).toBe(1)
    expect(v.stdout + v.stderr).toContain('witness head')
    await ctx.close()
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(`${dataDir}-keys`, { recursive: true, force: true })
  }
})
