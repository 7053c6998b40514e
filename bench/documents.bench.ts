/**
 * 公文 benchmark (the 公文 issue, "Benchmark"): the server in its own process, stock y-websocket
 * clients in this one.
 *
 *   documents.issue64_p99  核发 to all 64 working units (主送 各乡镇 + 县直各部门) with one client per
 *                          unit watching its 公文箱: per issue, the time from the 核发 event until
 *                          every unit's box shows the document; p99 over the issues.
 *   documents.coedit_p99   five connections of the drafting unit typing into one draft at human
 *                          speed: the time from a keystroke (a Yjs insert) to its arrival on the
 *                          other four; p99 over all arrivals. The demo county has two people per
 *                          unit, so the five typists are its clerk and head signed in several times.
 *
 *   npx tsx bench/documents.bench.ts
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { DocSummary, OutgoingEvent, OutgoingFields, OutgoingState } from '../domain/document'

process.setMaxListeners(0)
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN
}

async function startServer(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collab-server/cli.ts', '--data', dir, '--port', '0', '--fast-hash'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, QF_LOG: '0' }
  })
  const url = await new Promise<string>((ok) =>
    child.stdout.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) ok(m[1])
    })
  )
  return { child, url }
}
type Session = { token: string; user: { id: string; unitId: string } }
async function login(url: string, username: string): Promise<Session> {
  const r = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' })
  })
  return (await r.json()) as Session
}
function provider(url: string, room: string, token: string) {
  const doc = new Y.Doc({ gc: !room.startsWith('docout:') })
  const p = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true })
  return { doc, p, synced: new Promise<void>((r) => p.once('sync', () => r())) }
}
async function until(cond: () => unknown, what: string, ms = 20_000) {
  const t = now()
  while (!cond()) {
    if (now() - t > ms) throw new Error(`timed out: ${what}`)
    await sleep(2)
  }
}
let n = 0
const ev = (s: Session, type: OutgoingEvent['type'], payload?: OutgoingEvent['payload']): OutgoingEvent => ({
  id: `b${++n}`,
  type,
  actorId: s.user.id,
  unitId: s.user.unitId,
  clientAt: Date.now(),
  ...(payload ? { payload } : {})
})
const stateOf = (d: Y.Doc) => d.getMap('server').get('state') as OutgoingState | undefined

const fields = (title: string): OutgoingFields => ({
  docType: '通知',
  title,
  mainTo: [{ group: 'townships' }, { group: 'departments' }],
  copyTo: [],
  urgency: 'none',
  upward: false,
  note: '',
  attachmentNames: [],
  attachments: [],
  replyRequested: false
})

/** A draft of 县政府办 taken to 已签发 (the head signs the office's own document). */
async function signedDraft(url: string, clerk: Session, head: Session, id: string) {
  const c = provider(url, `docout:${id}`, clerk.token)
  await c.synced
  c.doc.transact(() => {
    const f = c.doc.getMap('fields')
    for (const [k, v] of Object.entries(fields(`压测公文${id}`))) f.set(k, v)
    c.doc.getArray('events').push([ev(clerk, 'create', { header: { id, draftingUnitId: clerk.user.unitId, createdBy: clerk.user.id } })])
  })
  await until(() => stateOf(c.doc), 'created')
  c.doc.getArray('events').push([ev(clerk, 'submit')])
  await until(() => stateOf(c.doc)?.status === 'reviewing', 'reviewing')
  const h = provider(url, `docout:${id}`, head.token)
  await h.synced
  h.doc.getArray('events').push([ev(head, 'review_approve', { signerId: head.user.id })])
  await until(() => stateOf(h.doc)?.status === 'signing', 'signing')
  h.doc.getArray('events').push([ev(head, 'sign')])
  await until(() => stateOf(c.doc)?.status === 'signed', 'signed')
  h.p.destroy()
  return c
}

async function issue64(url: string) {
  const dir = JSON.parse(readFileSync('collab-server/seed/demo-county.json', 'utf8')) as { units: { id: string; kind: string }[] }
  const units = dir.units.filter((u) => u.kind === 'township' || u.kind === 'department').map((u) => u.id)
  const sessions = await Promise.all(units.map((u) => login(url, `${u}.clerk`)))
  const boxes = sessions.map((s) => provider(url, `docbox:${s.user.unitId}`, s.token))
  await Promise.all(boxes.map((b) => b.synced))
  const clerk = sessions[units.indexOf('zhengfuban')]
  const head = await login(url, 'zhengfuban.head')
  const issues = Number(process.env.QF_BENCH_ISSUES ?? 30)
  const allShown: number[] = []
  const perUnit: number[] = []
  for (let i = 0; i < issues; i++) {
    const id = `B${i}`
    const c = await signedDraft(url, clerk, head, id)
    const room = `docout:${id}`
    const seen = new Map<number, number>()
    const watchers = boxes.map((b, k) => {
      const items = b.doc.getMap<DocSummary>('items')
      const f = () => {
        const row = items.get(k === units.indexOf('zhengfuban') ? room : `docin:${units[k]}--${id}`)
        if (row && (row.kind === 'in' || row.status === 'issued') && !seen.has(k)) seen.set(k, now())
      }
      items.observe(f)
      return () => items.unobserve(f)
    })
    const t0 = now()
    c.doc.getArray('events').push([ev(clerk, 'issue')])
    await until(() => seen.size === units.length, `issue ${i} shown everywhere`)
    for (const w of watchers) w()
    const times = [...seen.values()].map((t) => t - t0)
    perUnit.push(...times)
    allShown.push(Math.max(...times))
    c.p.destroy()
  }
  for (const b of boxes) b.p.destroy()
  console.log(`BENCH documents.issue64_p50 ${pct(allShown, 0.5).toFixed(1)} ms`)
  console.log(`BENCH documents.issue64_p99 ${pct(allShown, 0.99).toFixed(1)} ms`)
  console.log(`BENCH documents.issue64_unit_p99 ${pct(perUnit, 0.99).toFixed(1)} ms`)
  console.log(`(${issues} issues to ${units.length} connected units)`)
}

async function coedit(url: string) {
  const clerk = await login(url, 'zhengfuban.clerk')
  const head = await login(url, 'zhengfuban.head')
  const id = 'Bcoedit'
  const first = provider(url, `docout:${id}`, clerk.token)
  await first.synced
  first.doc.transact(() => {
    const f = first.doc.getMap('fields')
    for (const [k, v] of Object.entries(fields('五人协同起草'))) f.set(k, v)
    const body = first.doc.getXmlFragment('body')
    body.insert(
      0,
      Array.from({ length: 5 }, () => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText()])
        return p
      })
    )
    first.doc.getArray('events').push([ev(clerk, 'create', { header: { id, draftingUnitId: clerk.user.unitId, createdBy: clerk.user.id } })])
  })
  await until(() => stateOf(first.doc), 'created')
  const typists = [first, ...[clerk, head, clerk, head].map((s) => provider(url, `docout:${id}`, s.token))]
  await Promise.all(typists.map((t) => t.synced))
  const textOf = (d: Y.Doc, i: number) => (d.getXmlFragment('body').get(i) as Y.XmlElement).get(0) as Y.XmlText
  const sent: number[][] = typists.map(() => [])
  const latencies: number[] = []
  typists.forEach((t, r) => {
    const seenLen = typists.map(() => 0)
    t.doc.on('update', () => {
      const at = now()
      for (let w = 0; w < typists.length; w++) {
        if (w === r) continue
        const len = textOf(t.doc, w).length
        for (let k = seenLen[w]; k < len; k++) if (sent[w][k] !== undefined) latencies.push(at - sent[w][k])
        seenLen[w] = Math.max(seenLen[w], len)
      }
    })
  })
  // Each person types ~6 characters a second for 10 s, with human jitter.
  const seconds = Number(process.env.QF_BENCH_SECONDS ?? 10)
  const end = now() + seconds * 1000
  await Promise.all(
    typists.map(async (t, w) => {
      while (now() < end) {
        await sleep(120 + Math.random() * 80)
        const x = textOf(t.doc, w)
        sent[w].push(now())
        x.insert(x.length, '字')
      }
    })
  )
  const total = sent.reduce((a, s) => a + s.length, 0)
  await until(() => latencies.length >= total * 4, 'all keystrokes everywhere', 30_000)
  for (const t of typists) t.p.destroy()
  console.log(`BENCH documents.coedit_p50 ${pct(latencies, 0.5).toFixed(1)} ms`)
  console.log(`BENCH documents.coedit_p99 ${pct(latencies, 0.99).toFixed(1)} ms`)
  console.log(`(${total} keystrokes by 5 typists, ${latencies.length} arrivals)`)
}

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qf-bench-doc-'))
  const { child, url } = await startServer(dir)
  try {
    await issue64(url)
    await coedit(url)
  } finally {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main().then(() => process.exit(0))
