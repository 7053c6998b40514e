/**
 * 通知公告 benchmark (npm run bench -- notices), a county of 64 units / 704 people:
 *   notices.publish64_p99  publish to all 64 units with 200 recipients' clients connected (their own and
 *                          their unit's board): p99 from the publish to each recipient's row (target < 500 ms)
 *   notices.receipt_p99    200 readers open and confirm within ten seconds: p99 from a
 *                          confirmation to the publisher's tally (target < 100 ms)
 *   notices.receipts_lost  confirmations missing from the tally once it settles (must be 0)
 * The server runs in its own process (this file with --serve), clients are stock
 * y-websocket providers here. Figures depend on the machine; nothing is asserted.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type { Directory, Person, Unit } from '../domain/directory'
import { noticeEvents, noticeItems, noticeRooms, readerRequests, receiptRows, writeNoticeMeta, type NoticeMeta } from '../domain/notice'

process.setMaxListeners(0)
const self = fileURLToPath(import.meta.url)
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : Number.NaN
}

/** 16 townships and 48 departments (one of them 县政府办公室), 11 people each, and a reviewer. */
function county(): Directory {
  const units: Unit[] = []
  const people: Person[] = []
  for (let i = 0; i < 64; i++) {
    const id = i === 16 ? 'zhengfuban' : `u${i}`
    units.push({ id, name: i === 16 ? '县政府办公室' : i < 16 ? `第${i}镇` : `县第${i}局`, kind: i < 16 ? 'township' : 'department', order: i })
    for (let p = 0; p < 11; p++) {
      const uid = p === 0 ? `${id}_clerk` : p === 1 ? `${id}_head` : `${id}_p${p}`
      people.push({ id: uid, username: uid, name: `人员${i}-${p}`, unitId: id, roles: p === 0 ? ['clerk'] : p === 1 ? ['head'] : [] })
    }
  }
  units.push({ id: 'jiwei', name: '县纪委监委', kind: 'discipline', order: 1 })
  people.push({ id: 'jiwei1', username: 'jiwei1', name: '纪检', unitId: 'jiwei', roles: ['reviewer'] })
  return { units, people }
}

async function serve(dir: string, seedFile: string) {
  const { createServer } = await import('../collab-server/server')
  const { createLogger } = await import('../collab-server/logger')
  const server = await createServer({
    dataDir: dir,
    seed: 'demo',
    seedFile,
    port: 0,
    passwordCost: 1 << 10,
    logger: createLogger(false),
    rendererDir: join(dir, 'none')
  })
  console.log(`QF_SERVER_READY ${server.url}`)
  process.on('SIGTERM', async () => {
    await server.close()
    process.exit(0)
  })
}

async function login(url: string, username: string) {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' })
  })
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`)
  return (await r.json()) as { token: string; user: { id: string; unitId: string } }
}

function provider(url: string, room: string, token: string) {
  const doc = new Y.Doc()
  const p = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true })
  return { doc, p, synced: new Promise<void>((r) => p.once('sync', () => r())) }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const t0 = now()
  while (!cond()) {
    if (now() - t0 > ms) return false
    await sleep(2)
  }
  return true
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qf-bench-notices-'))
  const seedFile = join(dir, 'county.json')
  const dirData = county()
  writeFileSync(seedFile, JSON.stringify({ county: '压测县', ...dirData }))
  const child = spawn(
    process.execPath,
    [...(process.env.QF_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-notices'] : []), '--import', 'tsx', self, '--serve', join(dir, 'data'), seedFile],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, QF_LOG: '0' } }
  )
  const url = await new Promise<string>((ok) =>
    child.stdout.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) ok(m[1])
    })
  )
  const closers: (() => void)[] = []
  try {
    const office = await login(url, 'zhengfuban_clerk')
    // 200 distinct recipients spread over the 64 units (10 is coprime with the 693 people outside the office).
    const audience = dirData.people.filter((p) => p.unitId !== 'jiwei' && p.unitId !== 'zhengfuban')
    const chosen = Array.from({ length: 200 }, (_, i) => audience[(i * 10) % audience.length])
    const sessions = await Promise.all(chosen.map((p) => login(url, p.username)))
    // Each client keeps its own board and its unit's board open, as the app does (the registry's keepOpen);
    // a notice to whole units arrives on the unit board (docs/decisions.md).
    const boards = sessions.map((s) => provider(url, noticeRooms.unitBoard(s.user.unitId), s.token))
    const own = sessions.map((s) => provider(url, noticeRooms.board(s.user.id), s.token))
    closers.push(...[...boards, ...own].map((b) => () => b.p.destroy()))
    await Promise.all([...boards, ...own].map((b) => b.synced))

    // 1) Publish to all 64 units, ten times.
    const publishLat: number[] = []
    const warmLat: number[] = []
    const publishAll: number[] = []
    for (let k = 0; k < 10; k++) {
      const id = `pub${k}`
      const pub = provider(url, noticeRooms.notice(id), office.token)
      await pub.synced
      const meta: NoticeMeta = {
        id,
        title: `压测通知${k}`,
        publisherUnitId: 'zhengfuban',
        authorId: office.user.id,
        audience: [
          { type: 'group', group: 'townships' },
          { type: 'group', group: 'departments' }
        ],
        receipt: { required: true, text: 'optional', attachment: 'none' },
        pinned: false
      }
      writeNoticeMeta(pub.doc, meta)
      await sleep(50)
      const seen = new Array<number>(boards.length).fill(0)
      const offs = boards.map((b, i) => {
        const m = noticeItems(b.doc)
        const f = () => {
          if (!seen[i] && m.has(id)) seen[i] = now()
        }
        m.observe(f)
        return () => m.unobserve(f)
      })
      const t0 = now()
      noticeEvents(pub.doc).push([{ id: `${id}-p`, type: 'publish', actorId: office.user.id, clientAt: Date.now() }])
      await until(() => seen.every((s) => s > 0), 30_000)
      for (const s of seen) if (s) publishLat.push(s - t0), k > 0 && warmLat.push(s - t0)
      publishAll.push(Math.max(...seen) - t0)
      for (const o of offs) o()
      pub.p.destroy()
    }
    console.log(`BENCH notices.publish64_p99 ${pct(publishLat, 0.99).toFixed(1)} ms`)
    console.log(`BENCH notices.publish64_p50 ${pct(publishLat, 0.5).toFixed(1)} ms`)
    // Once the 64 unit boards are in the server's memory (they are never swept: index rooms).
    console.log(`BENCH notices.publish64_warm_p99 ${pct(warmLat, 0.99).toFixed(1)} ms`)
    // Until the last connected recipient has it, per publish; the first one also creates every unit's board room.
    console.log(`# per publish, until all 200 have it: ${publishAll.map((x) => x.toFixed(0)).join(' ')} ms`)
    for (const b of [...boards, ...own]) b.p.destroy()

    // 2) 200 readers open and confirm within ten seconds; the publisher watches the tally.
    const id = 'pub0'
    const tally = provider(url, noticeRooms.receipts(id), office.token)
    closers.push(() => tally.p.destroy())
    await tally.synced
    const readers = sessions.map((s) => ({ s, c: provider(url, noticeRooms.reader(id, s.user.id), s.token) }))
    closers.push(...readers.map((r) => () => r.c.p.destroy()))
    await Promise.all(readers.map((r) => r.c.synced))
    const sentAt = new Map<string, number>()
    const lat: number[] = []
    const rows = receiptRows(tally.doc)
    rows.observe((e) => {
      const t = now()
      for (const k of e.keysChanged) {
        const s = sentAt.get(k)
        if (s !== undefined && rows.get(k)?.confirmedAt !== undefined) lat.push(t - s), sentAt.delete(k)
      }
    })
    const start = now()
    await Promise.all(
      readers.map(async (r, i) => {
        await sleep((i / readers.length) * 10_000)
        readerRequests(r.c.doc).push([{ id: 'r', type: 'read', clientAt: Date.now() }])
        await sleep(20)
        sentAt.set(r.s.user.id, now())
        readerRequests(r.c.doc).push([{ id: 'c', type: 'confirm', clientAt: Date.now(), text: '收到' }])
      })
    )
    await until(() => [...rows.values()].filter((x) => x.confirmedAt !== undefined).length >= readers.length, 15_000)
    const confirmed = [...rows.values()].filter((x) => x.confirmedAt !== undefined).length
    console.log(`BENCH notices.receipt_p99 ${pct(lat, 0.99).toFixed(1)} ms`)
    console.log(`BENCH notices.receipt_p50 ${pct(lat, 0.5).toFixed(1)} ms`)
    console.log(`BENCH notices.receipts_lost ${readers.length - confirmed} count`)
    console.log(`BENCH notices.receipt_window ${((now() - start) / 1000).toFixed(1)} s`)
  } finally {
    for (const c of closers) c()
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4])
else if (process.argv[1] === self) {
  await main()
  process.exit(0)
}
