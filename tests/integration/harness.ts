/**
 * Test harness: a real collab server on an ephemeral port with a real SQLite
 * file in a temp folder, and real y-websocket clients in Node.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebsocketProvider } from 'y-websocket'
import { createServer, type RunningServer, type ServerOptions } from '@server/server'
import { createLogger } from '@server/logger'
import type { Session } from '@domain/wire'
import type { OutgoingFields } from '@domain/document'
import { validFields } from '@domain/document/fixtures'

export type { Session }

/** A started test server: what startServer() resolves to. */
export type TestServer = RunningServer & { dataDir: string; cleanup(): Promise<void> }

export async function startServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'qf-test-'))
  const server = await createServer({
    dataDir,
    seed: 'demo',
    passwordCost: 1 << 10,
    logger: createLogger(false),
    rendererDir: join(dataDir, 'no-renderer'),
    ...opts
  })
  return Object.assign(server, {
    dataDir,
    async cleanup() {
      await server.close()
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
      if (!opts.dataDir) rmSync(`${dataDir}-keys`, { recursive: true, force: true }) // the generated signing key beside it
    }
  })
}

/**
 * Starts a server again on a running one's data folder (a restart), keeping the first one's cleanup so
 * the temp folder is still removed at the end. The caller closes the old server first if it wants to.
 */
export async function restartOn(server: { dataDir: string; cleanup(): Promise<void> }, opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  return Object.assign(await startServer({ dataDir: server.dataDir, ...opts }), { cleanup: server.cleanup })
}

/** The server CLI as its own process (tsx, fast hashing, silent log) on `dataDir`; `url` resolves when it is ready. */
export function startServerProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collab-server/cli.ts', '--data', dataDir, '--port', '0', '--fast-hash'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QF_LOG: '0' }
  })
  const url = new Promise<string>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
      if (m) ok(m[1])
    })
    child.on('exit', (c) => fail(new Error(`exited ${c}`)))
  })
  return { child, url }
}

export async function login(url: string, username: string, password = 'demo123'): Promise<Session> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  return (await res.json()) as Session
}

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  denials: { code: string; message: string }[]
  closes: { code: number; reason: string }[]
  destroy(): void
}

/** A stock y-websocket provider, as a third-party client would use it. */
export function connect(url: string, room: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/ws', room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200
  })
  const denials: Client['denials'] = []
  const closes: Client['closes'] = []
  provider.messageHandlers[2] = (_enc, decoder) => {
    // y-protocols auth: 0 = permission denied, then the reason string.
    decoding.readVarUint(decoder)
    denials.push(JSON.parse(decoding.readVarString(decoder)))
  }
  provider.on('connection-close', (ev: { code: number; reason: string } | null) => {
    if (ev) closes.push({ code: ev.code, reason: ev.reason })
  })
  return { doc, provider, denials, closes, destroy: () => (provider.destroy(), doc.destroy()) }
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const synced = (c: Client) => waitFor(() => c.provider.synced, 5000, 'sync')

/** connect() and wait for the first sync: the start of almost every client in these tests. */
export async function connectSynced(url: string, room: string, token: string, doc?: Y.Doc): Promise<Client> {
  const c = connect(url, room, token, doc)
  await synced(c)
  return c
}

import { appendEvent, readServerState, writeNewTask, type TaskMeta } from '@domain/task'

let seq = 0
/** A leader creates a task through a stock provider and waits for the server's receipt. */
export async function createTask(url: string, leader: Session, over: Partial<TaskMeta> = {}): Promise<{ id: string; client: Client }> {
  const id = over.id ?? `t${Date.now().toString(36)}${++seq}`
  const client = connect(url, `task:${id}`, leader.token)
  await synced(client)
  const meta: TaskMeta = {
    id,
    title: '测试任务',
    requirement: '按要求办理',
    taskClass: 'standard',
    leadUnitId: 'qingquan',
    assistUnitIds: [],
    assignedBy: leader.user.id,
    assignedByUnitId: leader.user.unitId,
    ...over
  }
  writeNewTask(client.doc, meta, { id: `${id}-assign`, type: 'assign', actorId: leader.user.id, unitId: leader.user.unitId, clientAt: Date.now() })
  await waitFor(() => readServerState(client.doc), 5000, 'task receipt')
  return { id, client }
}

/** A task created by `leader`, then signed by 清泉镇's clerk (`signId`, at `clientAt`): both copies open, the leader's seeing 办理中. */
export async function signedTask(url: string, leader: Session, clerk: Session, signId: string, clientAt: number) {
  const { id, client: observer } = await createTask(url, leader)
  const room = `task:${id}`
  const c = await connectSynced(url, room, clerk.token)
  appendEvent(c.doc, { id: signId, type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt })
  await waitFor(() => readServerState(observer.doc)?.status === 'in_progress', 5000, 'signed')
  return { id, room, observer, c }
}

/** A y-websocket sync step 1 (message 0, step 0): what the sender has; by default nothing, so the answer is the whole record. */
export function syncStep1(sv: Uint8Array = Y.encodeStateVector(new Y.Doc())): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // sync
  encoding.writeVarUint(e, 0) // step 1
  encoding.writeVarUint8Array(e, sv)
  return encoding.toUint8Array(e)
}

/** A y-websocket sync message carrying `update` (message 0, step 2). */
export function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // sync
  encoding.writeVarUint(e, 2) // update
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Sends messages so the server reads them in one event-loop turn, one group-commit batch (one TCP write on loopback). */
export function sendTogether(ws: WebSocket, msgs: Uint8Array[]): void {
  const sock = (ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket
  sock.cork()
  for (const m of msgs) ws.send(m)
  sock.uncork()
}

/** Opens a raw socket (no y-websocket provider) to send whatever bytes a test wants. */
export function rawSocket(
  url: string,
  room: string,
  token: string | null
): Promise<{ ws: WebSocket; messages: Uint8Array[]; closed: Promise<{ code: number; reason: string }> }> {
  const q = token === null ? '' : `?token=${encodeURIComponent(token)}`
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/${room}${q}`)
  const messages: Uint8Array[] = []
  ws.on('message', (d: Buffer) => messages.push(new Uint8Array(d)))
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })))
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, messages, closed }))
    ws.on('error', reject)
  })
}

/** Pushes one event onto a record's `events` and waits for its server receipt, or for a new refusal (then in `c.denials`). */
export async function pushEvent<E extends { id: string; type: string }>(c: Client, e: E): Promise<void> {
  const denied = c.denials.length
  c.doc.getArray('events').push([e])
  await waitFor(() => c.doc.getMap('receipts').has(e.id) || c.denials.length > denied, 5000, `receipt of ${e.type}`)
}

/** A 发文's fields as the domain tests draft them (domain/document/fixtures.ts), with what a test is about changed. */
export const outgoingFields = (over: Partial<OutgoingFields> = {}): OutgoingFields => ({ ...validFields, ...over })

/** Writes a 发文's fields into its doc, one map entry each, as the client's form does. */
export function writeFields(doc: Y.Doc, fields: Partial<OutgoingFields>): void {
  const f = doc.getMap('fields')
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
}

/**
 * The clients a test file opens, destroyed together at its end. `conn` resolves once synced; `closedWith`
 * once the server has closed the socket, to its close code (e.g. 4403 for a room the person may not open).
 */
export function clientPool(server: () => { url: string }) {
  const open: Client[] = []
  const opened = (room: string, token: string) => {
    const c = connect(server().url, room, token)
    open.push(c)
    return c
  }
  return {
    async conn(room: string, token: string): Promise<Client> {
      const c = opened(room, token)
      await synced(c)
      return c
    },
    async closedWith(room: string, token: string): Promise<number> {
      const c = opened(room, token)
      await waitFor(() => c.closes.length > 0, 5000, `close of ${room}`)
      return c.closes[0].code
    },
    destroyAll(): void {
      for (const c of open.splice(0)) c.destroy()
    }
  }
}
