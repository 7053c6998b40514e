/**
 * What one ordinary account can cost others (docs/decisions.md, "Cost an
 * attacker can impose"). The server runs in its own process on a fresh data
 * folder; clients are in this process.
 *
 *   trust.refusal_ms          one refused event (forged actor) in a record with ≥10 MiB of history,
 *                             round trip from the refused client (median of 15; target < 5 ms)
 *   trust.refusal_cpu_ms      the server's CPU per refusal there (incl. its share of connecting), load-independent
 *   trust.refusal_delete_ms   the same record, a refused delete (checked against the delete set, no rebuild)
 *   trust.victim_p99          a legitimate clerk's edit → peer p99 in another room while one account
 *                             floods refused updates, client-id hijacks, whole-record sync requests and
 *                             maximum-size events (target < 250 ms)
 *
 *   npm run bench -- trust
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import { WebsocketProvider } from 'y-websocket'
import { appendEvent, eventsArray, readServerState, receiptsMap, writeNewTask, type TaskEvent } from '../domain/task'

process.setMaxListeners(0)
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function startServer(dir: string) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.QF_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      'collab-server/cli.ts',
      '--data',
      dir,
      '--port',
      '0',
      '--fast-hash'
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, QF_LOG: '0' } }
  )
  const url = await new Promise<string>((ok) =>
    child.stdout.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) ok(m[1])
    })
  )
  return { child, url }
}

async function login(url: string, username: string) {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' })
  })
  return (await r.json()) as { token: string; user: { id: string; unitId: string } }
}
type Session = Awaited<ReturnType<typeof login>>

function provider(url: string, room: string, token: string) {
  const doc = new Y.Doc()
  const p = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true })
  return { doc, p, synced: new Promise<void>((r) => p.once('sync', () => r())) }
}

function raw(url: string, room: string, token: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/${room}?token=${encodeURIComponent(token)}`)
  const replies: ((m: Uint8Array) => void)[] = []
  ws.on('message', (d: Buffer) => {
    // MSG.AUTH (2): a refusal.
    if (d[0] === 2) replies.shift()?.(new Uint8Array(d))
  })
  const open = new Promise<void>((ok, fail) => (ws.once('open', () => ok()), ws.once('error', fail)))
  const closed = new Promise<void>((ok) => ws.once('close', () => ok()))
  return { ws, open, closed, refusal: () => new Promise<Uint8Array>((ok) => replies.push(ok)) }
}

const msg = (step: number, bytes: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, bytes)
  return encoding.toUint8Array(e)
}

function updateOn(from: Y.Doc, change: (d: Y.Doc) => void, clientID?: number): Uint8Array {
  const d = new Y.Doc()
  Y.applyUpdate(d, Y.encodeStateAsUpdate(from))
  if (clientID !== undefined) d.clientID = clientID
  const out: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => out.push(u))
  change(d)
  d.destroy()
  return Y.mergeUpdates(out)
}

const ev = (s: Session, id: string, type: TaskEvent['type'], text?: string): TaskEvent => ({
  id,
  type,
  actorId: s.user.id,
  unitId: s.user.unitId,
  clientAt: now(),
  ...(text ? { payload: { text } } : {})
})
/** utime + stime of a process in ms (/proc; USER_HZ 100): what a step cost the server, whatever the machine's load. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const pct = (xs: number[], q: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]

async function newTask(url: string, leader: Session, clerk: Session, id: string) {
  const reader = provider(url, `task:${id}`, leader.token)
  await reader.synced
  writeNewTask(
    reader.doc,
    {
      id,
      title: `攻击测试${id}`,
      requirement: '',
      taskClass: 'standard',
      leadUnitId: clerk.user.unitId,
      assistUnitIds: [],
      assignedBy: leader.user.id,
      assignedByUnitId: leader.user.unitId
    },
    ev(leader, `${id}-a`, 'assign')
  )
  while (!readServerState(reader.doc)) await sleep(5)
  const writer = provider(url, `task:${id}`, clerk.token)
  await writer.synced
  appendEvent(writer.doc, ev(clerk, `${id}-s`, 'sign'))
  while (!receiptsMap(reader.doc).has(`${id}-s`)) await sleep(5)
  return { reader, writer }
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qf-attack-'))
  const { child, url } = await startServer(dir)
  try {
    const leader = await login(url, 'xianzhang')
    const attackerS = await login(url, 'qingquan.clerk')
    const victimS = await login(url, 'sanhua.clerk')
    console.log(
      `machine: load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`
    )

    // A record with ≥10 MiB of history: maximum-size progress reports.
    const big = await newTask(url, leader, attackerS, 'big')
    const text = '进'.repeat(5000)
    let history = 0
    let n = 0
    while (history < 10 * 1024 * 1024) {
      for (let k = 0; k < 40; k++) appendEvent(big.writer.doc, ev(attackerS, `big-p${n++}`, 'progress', text))
      while (!receiptsMap(big.reader.doc).has(`big-p${n - 1}`)) await sleep(10)
      history = Y.encodeStateAsUpdate(big.reader.doc).length
    }
    console.log(`record: ${eventsArray(big.reader.doc).length} events, ${(history / 1048576).toFixed(1)} MiB`)

    // 1) One refusal, as the refused client sees it.
    const timeRefusals = async (make: (i: number) => Uint8Array, count: number) => {
      const r = raw(url, 'task:big', attackerS.token)
      await r.open
      const ms: number[] = []
      for (let i = 0; i < count; i++) {
        const u = msg(2, make(i))
        const t = now()
        const got = r.refusal()
        r.ws.send(u)
        await got
        ms.push(now() - t)
      }
      r.ws.close()
      return ms
    }
    const forged = await timeRefusals(
      (i) => updateOn(big.writer.doc, (d) => appendEvent(d, { ...ev(attackerS, `forged${i}`, 'sign'), actorId: 'qingquan_head' })),
      15
    )
    console.log(`BENCH trust.refusal_ms ${median(forged).toFixed(2)} ms`)
    // The server's CPU per refusal (10 rounds of 15 on fresh connections), independent of how busy the machine is.
    const forgedUpdates = Array.from({ length: 15 }, (_, i) =>
      updateOn(big.writer.doc, (d) => appendEvent(d, { ...ev(attackerS, `forged-cpu${i}`, 'sign'), actorId: 'qingquan_head' }))
    )
    const c0 = cpuMs(child.pid!)
    for (let k = 0; k < 10; k++) await timeRefusals((i) => forgedUpdates[i], 15)
    console.log(`BENCH trust.refusal_cpu_ms ${((cpuMs(child.pid!) - c0) / 150).toFixed(2)} ms`)
    const careful = await timeRefusals(() => updateOn(big.writer.doc, (d) => eventsArray(d).delete(1, 1)), 3)
    console.log(`BENCH trust.refusal_delete_ms ${median(careful).toFixed(2)} ms`)

    // 2) A victim's latency in another room while the attacker does everything at once.
    const victim = await newTask(url, leader, victimS, 'victim')
    const lat: number[] = []
    eventsArray(victim.reader.doc).observe((e) => {
      const t = now()
      for (const d of e.changes.delta) for (const x of (d.insert ?? []) as TaskEvent[]) if (x.type === 'progress') lat.push(t - x.clientAt)
    })
    let stop = false
    // Made once: re-encoding a 10 MiB doc per attack message would measure this process, not the server.
    const forgedMsgs = Array.from({ length: 25 }, (_, k) =>
      msg(
        2,
        updateOn(big.writer.doc, (d) => appendEvent(d, { ...ev(attackerS, `f-${k}`, 'sign'), actorId: 'qingquan_head' }))
      )
    )
    const attacks = [
      async function refusals() {
        while (!stop) {
          const r = raw(url, 'task:big', attackerS.token)
          await r.open.catch(() => undefined)
          for (const m of forgedMsgs) if (r.ws.readyState === r.ws.OPEN) r.ws.send(m)
          await Promise.race([r.closed, sleep(200)])
          r.ws.terminate()
        }
      },
      async function hijacks() {
        for (let i = 0; !stop; i++) {
          const r = raw(url, 'task:victim', leader.token)
          await r.open.catch(() => undefined)
          if (r.ws.readyState === r.ws.OPEN)
            r.ws.send(
              msg(
                2,
                updateOn(victim.writer.doc, (d) => appendEvent(d, ev(leader, `h${i}`, 'chase')), victim.writer.doc.clientID)
              )
            )
          await sleep(20)
          r.ws.terminate()
        }
      },
      async function wholeRecord() {
        const ask = msg(0, Y.encodeStateVector(new Y.Doc()))
        while (!stop) {
          const r = raw(url, 'task:big', attackerS.token)
          await r.open.catch(() => undefined)
          for (let k = 0; k < 20 && r.ws.readyState === r.ws.OPEN; k++) r.ws.send(ask)
          await Promise.race([r.closed, sleep(500)])
          r.ws.terminate()
        }
      },
      async function bigEvents() {
        for (let i = 0; !stop; i++) {
          appendEvent(big.writer.doc, ev(attackerS, `b${i}`, 'progress', text))
          await sleep(20)
        }
      }
    ]
    const running = attacks.map((a) => a().catch(() => undefined))
    const t0 = now()
    let i = 0
    while (now() - t0 < 8000) {
      appendEvent(victim.writer.doc, ev(victimS, `v${i++}`, 'progress', '正常反馈'))
      await sleep(50)
    }
    while (lat.length < i && now() - t0 < 20_000) await sleep(10)
    stop = true
    await Promise.all(running)
    console.log(`victim: ${i} edits, ${lat.length} arrived, p50 ${median(lat).toFixed(1)} ms`)
    console.log(`BENCH trust.victim_p99 ${(lat.length < i ? Infinity : pct(lat, 0.99)).toFixed(1)} ms`)
    for (const t of [big, victim]) {
      t.reader.p.destroy()
      t.writer.p.destroy()
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main().then(() => process.exit(0))
