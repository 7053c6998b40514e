/**
 * Collab server benchmark (issue 3): sustained audited updates per second and
 * edit→receipt latency between two clients, with 64 and 200 clients connected
 * on loopback. The server runs in its own process (as in production); the
 * clients are stock y-websocket providers in this process.
 *
 *   npx tsx bench/collab.bench.ts            # both sizes
 *   QF_BENCH_CLIENTS=64 npx tsx bench/collab.bench.ts
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { appendEvent, eventsArray, readServerState, receiptsMap, writeNewTask, type TaskEvent } from '../domain/task'

// Each stock y-websocket provider in Node adds a process 'exit' listener (to clear its presence);
// this process holds hundreds of them on purpose.
process.setMaxListeners(0)

const now = () => performance.timeOrigin + performance.now()

async function startServer(dir: string) {
  const child = spawn(process.execPath, [...(process.env.QF_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...(process.env.QF_BENCH_LOOP ? ['--import', '/tmp/loopstat.mjs'] : []), '--import', 'tsx', 'collab-server/cli.ts', '--data', dir, '--port', '0', '--fast-hash'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, QF_LOG: '0' } })
  const url = await new Promise<string>((ok) => child.stdout.on('data', (d: Buffer) => { const m = /QF_SERVER_READY (\S+)/.exec(d.toString()); if (m) ok(m[1]) }))
  return { child, url }
}

async function login(url: string, username: string) {
  const r = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo123' }) })
  return (await r.json()) as { token: string; user: { id: string; unitId: string } }
}

function provider(url: string, room: string, token: string, doc = new Y.Doc()) {
  const p = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true })
  return { doc, p, synced: new Promise<void>((r) => p.once('sync', () => r())) }
}

const pct = (xs: number[], q: number) => xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN

async function run(clients: number) {
  const dir = mkdtempSync(join(tmpdir(), 'qf-bench-'))
  const { child, url } = await startServer(dir)
  const units = ['qingquan', 'sanhua', 'bahe', 'zhuwa', 'wanggang', 'tuanpi', 'guankou', 'bailian', 'caihe', 'xima', 'dingsidang', 'lanxi', 'lvyang', 'kaifaqu', 'cehu', 'lvyangchachang']
  const leader = await login(url, 'xianzhang')
  const clerkSessions = await Promise.all(units.map((u) => login(url, `${u}.clerk`)))
  const pairs = clients / 2
  const rooms: { writer: ReturnType<typeof provider>; reader: ReturnType<typeof provider>; clerk: (typeof clerkSessions)[number]; id: string }[] = []
  for (let i = 0; i < pairs; i++) {
    const id = `bench${i}`
    const clerk = clerkSessions[i % units.length]
    const reader = provider(url, `task:${id}`, leader.token)
    await reader.synced
    writeNewTask(reader.doc, { id, title: `压测任务${i}`, requirement: '', taskClass: 'standard', leadUnitId: clerk.user.unitId, assistUnitIds: [], assignedBy: leader.user.id, assignedByUnitId: leader.user.unitId }, { id: `${id}-a`, type: 'assign', actorId: leader.user.id, unitId: leader.user.unitId, clientAt: now() })
    while (!readServerState(reader.doc)) await new Promise((r) => setTimeout(r, 5))
    const writer = provider(url, `task:${id}`, clerk.token)
    await writer.synced
    appendEvent(writer.doc, { id: `${id}-s`, type: 'sign', actorId: clerk.user.id, unitId: clerk.user.unitId, clientAt: now() })
    rooms.push({ writer, reader, clerk, id })
  }
  for (const r of rooms) while (!receiptsMap(r.reader.doc).has(`${r.id}-s`)) await new Promise((res) => setTimeout(res, 5))

  let seq = 0
  const latencies: number[] = []
  let received = 0
  for (const r of rooms) {
    eventsArray(r.reader.doc).observe((e) => {
      const t = now()
      for (const d of e.changes.delta) for (const ev of (d.insert ?? []) as TaskEvent[]) if (ev.type === 'progress') { latencies.push(t - ev.clientAt); received++ }
    })
  }
  const send = (r: (typeof rooms)[number]) => appendEvent(r.writer.doc, { id: `p${++seq}`, type: 'progress', actorId: r.clerk.user.id, unitId: r.clerk.user.unitId, clientAt: now(), payload: { text: '进展' } })

  // 1) Latency at a steady 1,000 updates/s for 5 s.
  const rate = 1000, seconds = 5
  const t0 = now()
  let sent = 0
  while (now() - t0 < seconds * 1000) {
    const due = Math.floor(((now() - t0) / 1000) * rate)
    while (sent < due) send(rooms[sent++ % rooms.length])
    await new Promise((r) => setTimeout(r, 1))
  }
  while (received < sent && now() - t0 < (seconds + 10) * 1000) await new Promise((r) => setTimeout(r, 5))
  const lat = latencies.slice().sort((a, b) => a - b)
  console.log(`[${clients} clients] latency @ ${rate}/s for ${seconds}s: sent ${sent}, received ${received}, p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms, max ${lat.at(-1)?.toFixed(2)} ms`)

  // 2) Throughput: every writer sends as fast as its socket allows, bounded in count and time.
  latencies.length = 0
  received = 0
  const total = 20_000
  const t1 = now()
  let burst = 0
  while (burst < total && now() - t1 < 30_000) {
    for (let k = 0; k < 200 && burst < total; k++) send(rooms[burst++ % rooms.length])
    await new Promise((r) => setImmediate(r))
  }
  while (received < burst && now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 5))
  const secs = (now() - t1) / 1000
  const lat2 = latencies.slice().sort((a, b) => a - b)
  console.log(`[${clients} clients] throughput: ${received} audited updates in ${secs.toFixed(2)} s = ${Math.round(received / secs)} updates/s (p50 ${pct(lat2, 0.5).toFixed(1)} ms, p99 ${pct(lat2, 0.99).toFixed(1)} ms under saturation)`)

  for (const r of rooms) { r.writer.p.destroy(); r.reader.p.destroy() }
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  rmSync(dir, { recursive: true, force: true })
}

export async function main() {
  const sizes = process.env.QF_BENCH_CLIENTS ? [Number(process.env.QF_BENCH_CLIENTS)] : [64, 200]
  for (const n of sizes) await run(n)
}

if (import.meta.url === `file://${process.argv[1]}`) main().then(() => process.exit(0))
