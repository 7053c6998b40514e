/**
 * Collab server benchmark: this server against the stock y-websocket server
 * (@y/websocket-server 0.1.1, in memory, no auth, no checks, no audit) in the
 * same run, with the same clients and the same ~210-byte legal edit: a signed
 * clerk appending `progress` events, observed by the leader. Runs alternate
 * (stock, ours, ours, stock, …) and the figures are medians, because a figure
 * measured alone on a shared machine tells little; a ratio measured in the
 * same sitting does. Each server runs in its own process; its CPU time and
 * peak RSS are read from /proc. Before each run a fixed CPU burn is timed, so
 * the output says how busy the machine was (burn = 1.00 is the quietest seen).
 *
 *   npm run bench -- collab
 *   QF_BENCH_CLIENTS=64 QF_BENCH_ROUNDS=1 npx tsx bench/collab.bench.ts
 *   QF_BENCH_ONLY=ours QF_BENCH_PROF=1 …   # one server, with --cpu-prof into /tmp/prof
 *   QF_BENCH_TSX=1 …                       # our server from the sources (tsx) instead of the bundle
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { appendEvent, eventsArray, readServerState, receiptsMap, writeNewTask, type TaskEvent } from '../domain/task'
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../scripts/build-server.mjs'

// Each stock y-websocket provider in Node adds a process 'exit' listener (to clear its presence);
// this process holds hundreds of them on purpose.
process.setMaxListeners(0)

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
type Flavour = 'ours' | 'stock'

interface Server {
  child: ChildProcess
  url: string
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

let bundle: Promise<string> | undefined
/** Builds out/server/cli.mjs once per bench run if a source is newer. */
function serverBundle(): Promise<string> {
  bundle ??= import('../scripts/build-server.mjs').then((m) => m.buildServer())
  return bundle
}

export async function startOurs(dir: string): Promise<Server> {
  const prof = [
    ...(process.env.QF_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    ...(process.env.QF_BENCH_IMPORT ? ['--import', process.env.QF_BENCH_IMPORT] : [])
  ]
  // As deployed: the bundle run by plain node (scripts/build-server.mjs); QF_BENCH_TSX=1 runs the sources through tsx;
  // QF_BENCH_BUNDLE=<file> runs another build (an older tree's bundle, for before/after pairs in one sitting);
  // it runs with the deployed node flags and environment (SERVER_NODE_FLAGS, SERVER_ENV); QF_BENCH_NODE_FLAGS adds more after them
  // (a later V8 flag wins), to try a CPU/RSS trade-off.
  const bundled = process.env.QF_BENCH_BUNDLE ?? (await serverBundle())
  const entry = process.env.QF_BENCH_TSX ? ['--import', 'tsx', 'collab-server/cli.ts'] : [bundled]
  const flags = [...SERVER_NODE_FLAGS, ...(process.env.QF_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)]
  const child = spawn(process.execPath, [...flags, ...prof, ...entry, '--data', dir, '--port', '0', '--fast-hash'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...SERVER_ENV, QF_LOG: '0' }
  })
  const url = await new Promise<string>((ok) =>
    child.stdout!.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) ok(m[1])
    })
  )
  return { child, url }
}

async function startStock(): Promise<Server> {
  const port = await freePort()
  const script = createRequire(import.meta.url)
    .resolve('@y/websocket-server/package.json')
    .replace(/package\.json$/, 'src/server.js')
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) } })
  await new Promise<void>((ok) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('running at') && ok()))
  return { child, url: `http://127.0.0.1:${port}` }
}

/** utime + stime of a process in ms, and its peak RSS in MiB (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // fields 14, 15; USER_HZ is 100 on Linux
}
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

/** A fixed single-threaded CPU burn (SHA-256 over 64 MiB); slower than the quietest burn = a busy machine. */
function burnMs(): number {
  const buf = Buffer.alloc(1 << 20, 7)
  const t = now()
  for (let i = 0; i < 64; i++) createHash('sha256').update(buf).digest()
  return now() - t
}

async function login(url: string, username: string) {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' })
  })
  return (await r.json()) as { token: string; user: { id: string; unitId: string } }
}

function provider(url: string, room: string, token: string) {
  const doc = new Y.Doc()
  const p = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true })
  return { doc, p, synced: new Promise<void>((r) => p.once('sync', () => r())) }
}

const pct = (xs: number[], q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN)
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export interface RunResult {
  flavour: Flavour
  clients: number
  burnMs: number
  load1: number
  p50_1k: number
  p99_1k: number
  cpuUs_1k: number
  satPerSec: number
  satP99: number
  clientBusy: number
  serverBusy: number
  cpuUs_sat: number
  rssPeakMiB: number
  lost: number
}

const UNITS = [
  'qingquan',
  'sanhua',
  'bahe',
  'zhuwa',
  'wanggang',
  'tuanpi',
  'guankou',
  'bailian',
  'caihe',
  'xima',
  'dingsidang',
  'lanxi',
  'lvyang',
  'kaifaqu',
  'cehu',
  'lvyangchachang'
]

/** One measured run; `dataDir`: our server on that folder (kept), e.g. a long history (bench/history.bench.ts). */
export async function run(flavour: Flavour, clients: number, dataDir?: string): Promise<RunResult> {
  const burn = burnMs()
  const load1 = loadavg()[0]
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'qf-bench-'))
  const server = flavour === 'ours' ? await startOurs(dir) : await startStock()
  const { url } = server
  const pid = server.child.pid!
  // The stock server has no accounts: the same people, made up, and no token.
  const leader = flavour === 'ours' ? await login(url, 'xianzhang') : { token: '', user: { id: 'xianzhang', unitId: 'county' } }
  const clerkSessions = await Promise.all(
    UNITS.map((u) => (flavour === 'ours' ? login(url, `${u}.clerk`) : Promise.resolve({ token: '', user: { id: `${u}-clerk`, unitId: u } })))
  )
  const pairs = clients / 2
  const rooms: { writer: ReturnType<typeof provider>; reader: ReturnType<typeof provider>; clerk: (typeof clerkSessions)[number]; id: string }[] = []
  for (let i = 0; i < pairs; i++) {
    const id = `bench${i}`
    const clerk = clerkSessions[i % UNITS.length]
    const reader = provider(url, `task:${id}`, leader.token)
    await reader.synced
    writeNewTask(
      reader.doc,
      {
        id,
        title: `压测任务${i}`,
        requirement: '',
        taskClass: 'standard',
        leadUnitId: clerk.user.unitId,
        assistUnitIds: [],
        assignedBy: leader.user.id,
        assignedByUnitId: leader.user.unitId
      },
      { id: `${id}-a`, type: 'assign', actorId: leader.user.id, unitId: leader.user.unitId, clientAt: now() }
    )
    if (flavour === 'ours') while (!readServerState(reader.doc)) await sleep(5)
    const writer = provider(url, `task:${id}`, clerk.token)
    await writer.synced
    appendEvent(writer.doc, { id: `${id}-s`, type: 'sign', actorId: clerk.user.id, unitId: clerk.user.unitId, clientAt: now() })
    rooms.push({ writer, reader, clerk, id })
  }
  const signed = (r: (typeof rooms)[number]) => (flavour === 'ours' ? receiptsMap(r.reader.doc).has(`${r.id}-s`) : eventsArray(r.reader.doc).length >= 2)
  for (const r of rooms) while (!signed(r)) await sleep(5)

  let seq = 0
  const latencies: number[] = []
  let received = 0
  for (const r of rooms) {
    eventsArray(r.reader.doc).observe((e) => {
      const t = now()
      for (const d of e.changes.delta)
        for (const ev of (d.insert ?? []) as TaskEvent[])
          if (ev.type === 'progress') {
            latencies.push(t - ev.clientAt)
            received++
          }
    })
  }
  const send = (r: (typeof rooms)[number]) =>
    appendEvent(r.writer.doc, {
      id: `p${++seq}`,
      type: 'progress',
      actorId: r.clerk.user.id,
      unitId: r.clerk.user.unitId,
      clientAt: now(),
      payload: { text: '进展' }
    })

  // 1) A steady 1,000 updates/s for 5 s: latency edit → peer, and server CPU per update.
  const rate = 1000
  const seconds = 5
  const cpu0 = cpuMs(pid)
  const t0 = now()
  let sent = 0
  while (now() - t0 < seconds * 1000) {
    const due = Math.floor(((now() - t0) / 1000) * rate)
    while (sent < due) send(rooms[sent++ % rooms.length])
    await sleep(1)
  }
  while (received < sent && now() - t0 < (seconds + 10) * 1000) await sleep(5)
  const cpu1k = cpuMs(pid) - cpu0
  const lat = latencies.slice().sort((a, b) => a - b)
  const lost1 = sent - received

  // 2) Saturation: every writer sends as fast as its socket allows, bounded in count and time.
  latencies.length = 0
  received = 0
  const total = 20_000
  const cpu1 = cpuMs(pid)
  const self1 = process.cpuUsage()
  const t1 = now()
  let burst = 0
  while (burst < total && now() - t1 < 30_000) {
    for (let k = 0; k < 200 && burst < total; k++) send(rooms[burst++ % rooms.length])
    await new Promise((r) => setImmediate(r))
  }
  while (received < burst && now() - t1 < 60_000) await sleep(5)
  const secs = (now() - t1) / 1000
  const cpuSat = cpuMs(pid) - cpu1
  const selfCpu = process.cpuUsage(self1)
  // The clients (this process) apply every update and receipt: at 100% here the figure is the clients', not the server's.
  const clientBusy = (selfCpu.user + selfCpu.system) / 1000 / (secs * 1000)
  const lat2 = latencies.slice().sort((a, b) => a - b)
  const rss = peakRssMiB(pid)

  for (const r of rooms) {
    r.writer.p.destroy()
    r.reader.p.destroy()
  }
  server.child.kill('SIGTERM')
  await new Promise((r) => server.child.once('exit', r))
  if (!dataDir) rmSync(dir, { recursive: true, force: true })
  const res: RunResult = {
    flavour,
    clients,
    burnMs: burn,
    load1,
    p50_1k: pct(lat, 0.5),
    p99_1k: pct(lat, 0.99),
    cpuUs_1k: (cpu1k * 1000) / Math.max(1, sent - lost1),
    satPerSec: received / secs,
    satP99: pct(lat2, 0.99),
    clientBusy,
    serverBusy: cpuSat / (secs * 1000),
    cpuUs_sat: (cpuSat * 1000) / Math.max(1, received),
    rssPeakMiB: rss,
    lost: lost1 + (burst - received)
  }
  console.log(
    `  [${flavour.padEnd(5)} ${clients} clients] burn ${burn.toFixed(0)} ms, load1 ${load1.toFixed(2)} | @1000/s p50 ${res.p50_1k.toFixed(2)} p99 ${res.p99_1k.toFixed(2)} ms, ${res.cpuUs_1k.toFixed(0)} µs CPU/update | saturated ${Math.round(res.satPerSec)}/s p99 ${res.satP99.toFixed(1)} ms, ${res.cpuUs_sat.toFixed(0)} µs CPU/update (server ${(100 * res.serverBusy).toFixed(0)}% / clients ${(100 * res.clientBusy).toFixed(0)}% of a core) | RSS peak ${rss.toFixed(0)} MiB${res.lost ? ` | LOST ${res.lost}` : ''}`
  )
  return res
}

export async function main() {
  const sizes = process.env.QF_BENCH_CLIENTS ? [Number(process.env.QF_BENCH_CLIENTS)] : [64, 200]
  const rounds = Number(process.env.QF_BENCH_ROUNDS ?? 3)
  const only = process.env.QF_BENCH_ONLY as Flavour | undefined
  const quietest = burnMs()
  console.log(
    `machine: ${(await import('node:os')).cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}, burn ${quietest.toFixed(0)} ms at start`
  )
  const results: RunResult[] = []
  for (const n of sizes) {
    for (let i = 0; i < rounds; i++) {
      // Alternate which server goes first, so a drift in machine load hits both alike.
      const order: Flavour[] = only ? [only] : i % 2 ? ['ours', 'stock'] : ['stock', 'ours']
      for (const f of order) results.push(await run(f, n))
    }
  }
  const minBurn = Math.min(quietest, ...results.map((r) => r.burnMs))
  const pick = (f: Flavour, n: number) => results.filter((r) => r.flavour === f && r.clients === n)
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b ? a / b : NaN)
  const satRatios: number[] = []
  const cpuRatios: number[] = []
  const rssRatios: number[] = []
  for (const n of sizes) {
    const o = pick('ours', n)
    const s = pick('stock', n)
    const m = (rs: RunResult[], k: keyof RunResult) => median(rs.map((r) => r[k] as number))
    const load = `burn ×${(median([...o, ...s].map((r) => r.burnMs)) / minBurn).toFixed(2)} of quietest, load1 median ${median([...o, ...s].map((r) => r.load1)).toFixed(2)}`
    console.log(`[${n} clients] medians of ${o.length} + ${s.length} runs (${load})`)
    for (const [name, rs] of [
      ['ours', o],
      ['stock', s]
    ] as const) {
      if (!rs.length) continue
      console.log(`BENCH collab.${name}_sat_${n} ${Math.round(m(rs, 'satPerSec'))} updates/s`)
      console.log(`BENCH collab.${name}_cpu_sat_${n} ${m(rs, 'cpuUs_sat').toFixed(0)} us/update`)
      console.log(`BENCH collab.${name}_cpu_1k_${n} ${m(rs, 'cpuUs_1k').toFixed(0)} us/update`)
      console.log(`BENCH collab.${name}_p99_1k_${n} ${m(rs, 'p99_1k').toFixed(2)} ms`)
      console.log(`BENCH collab.${name}_rss_peak_${n} ${m(rs, 'rssPeakMiB').toFixed(0)} MiB`)
    }
    if (o.length) console.log(`BENCH collab.p99_1k_${n} ${m(o, 'p99_1k').toFixed(2)} ms`)
    if (o.length && s.length) {
      satRatios.push(ratio(m(o, 'satPerSec'), m(s, 'satPerSec')))
      cpuRatios.push(ratio(m(o, 'cpuUs_sat'), m(s, 'cpuUs_sat')))
      rssRatios.push(ratio(m(o, 'rssPeakMiB'), m(s, 'rssPeakMiB')))
      console.log(`BENCH collab.sat_ratio_${n} ${satRatios.at(-1)!.toFixed(2)} ratio`)
      console.log(`BENCH collab.cpu_ratio_${n} ${cpuRatios.at(-1)!.toFixed(2)} ratio`)
      console.log(`BENCH collab.rss_ratio_${n} ${rssRatios.at(-1)!.toFixed(2)} ratio`)
    }
  }
  // The headline ratios are the worse of the sizes measured.
  if (satRatios.length) {
    console.log(`BENCH collab.sat_ratio ${Math.min(...satRatios).toFixed(2)} ratio`)
    console.log(`BENCH collab.cpu_ratio ${Math.max(...cpuRatios).toFixed(2)} ratio`)
    console.log(`BENCH collab.rss_ratio ${Math.max(...rssRatios).toFixed(2)} ratio`)
  }
  console.log(`BENCH collab.machine_burn ${(median(results.map((r) => r.burnMs)) / minBurn).toFixed(2)} ratio`)
}

if (import.meta.url === `file://${process.argv[1]}`) main().then(() => process.exit(0))
