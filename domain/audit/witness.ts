/**
 * The reviewer's client as a witness of the server's audit log
 * (docs/protocol.md "the signed log"). It keeps every signed tree head it has
 * seen, pins the server's public key at first sight, and on each visit asks
 * the server to prove that the log now extends the newest head it holds.
 * Heads are stored only once checked, so each stored head extends the one
 * before it; consistency being transitive, proving the current log extends
 * the newest stored head proves it extends all of them.
 */
import { headMessage, hexToBytes, verifyConsistency, type Sha256, type SignedHead } from './proofs'

export interface PinnedKey {
  alg: string
  keyId: string
  /** SPKI DER, base64. */
  publicKey: string
  firstSeenAt: number
}

export interface WitnessStore {
  key(): Promise<PinnedKey | undefined>
  pinKey(k: PinnedKey): Promise<void>
  heads(): Promise<SignedHead[]>
  addHead(h: SignedHead): Promise<void>
}

export type ProblemCode = 'KEY_CHANGED' | 'BAD_SIGNATURE' | 'SHRUNK' | 'ROOT_CHANGED' | 'INCONSISTENT' | 'UNSUPPORTED'
export interface Problem {
  code: ProblemCode
  vars: Record<string, string | number>
}

export type WitnessReport =
  | { state: 'ok' | 'first'; head: SignedHead; held: number; problems: Problem[] }
  | { state: 'alarm'; head: SignedHead | null; held: number; problems: Problem[] }
  | { state: 'offline'; held: number; message: string }

export type Fetched = { ok: true; body: unknown } | { ok: false; message: string }

export interface WitnessDeps {
  get(path: string): Promise<Fetched>
  store: WitnessStore
  sha256: Sha256
  /** Checks an Ed25519 signature; undefined when the algorithm cannot be checked here. */
  verifySig(alg: string, publicKey: string, message: Uint8Array, sig: string): Promise<boolean | undefined>
  now(): number
}

const isHead = (v: unknown): v is SignedHead => {
  const h = v as SignedHead
  return (
    !!h &&
    Number.isInteger(h.size) &&
    h.size >= 0 &&
    typeof h.root === 'string' &&
    /^[0-9a-f]{64}$/.test(h.root) &&
    typeof h.sig === 'string' &&
    Number.isFinite(h.at)
  )
}

export async function checkLog(deps: WitnessDeps): Promise<WitnessReport> {
  const held = await deps.store.heads()
  const keyRes = await deps.get('/api/audit/key')
  if (!keyRes.ok) return { state: 'offline', held: held.length, message: keyRes.message }
  const served = keyRes.body as { alg: string; keyId: string; publicKey: string }
  const headRes = await deps.get('/api/audit/head')
  if (!headRes.ok) return { state: 'offline', held: held.length, message: headRes.message }
  const head = (headRes.body as { head: unknown }).head
  if (!isHead(head)) return { state: 'offline', held: held.length, message: 'no signed head' }

  const problems: Problem[] = []
  let pinned = await deps.store.key()
  const first = !pinned
  if (!pinned) {
    pinned = { alg: served.alg, keyId: served.keyId, publicKey: served.publicKey, firstSeenAt: deps.now() }
    await deps.store.pinKey(pinned)
  } else if (pinned.publicKey !== served.publicKey) {
    problems.push({ code: 'KEY_CHANGED', vars: { expected: pinned.keyId, actual: served.keyId } })
  }
  const sigOk = await deps.verifySig(pinned.alg, pinned.publicKey, headMessage(head), head.sig)
  if (sigOk === false) problems.push({ code: 'BAD_SIGNATURE', vars: { size: head.size } })

  const newest = held.reduce<SignedHead | undefined>((a, h) => (!a || h.size > a.size ? h : a), undefined)
  if (newest) {
    const time = new Date(newest.at).toISOString()
    if (newest.size > head.size) problems.push({ code: 'SHRUNK', vars: { held: newest.size, size: head.size, time } })
    else if (newest.size === head.size) {
      if (newest.root !== head.root) problems.push({ code: 'ROOT_CHANGED', vars: { size: head.size } })
    } else {
      const proof = await deps.get(`/api/audit/consistency?from=${newest.size}&to=${head.size}`)
      if (!proof.ok) return { state: 'offline', held: held.length, message: proof.message }
      const hashes = (proof.body as { proof?: unknown }).proof
      let ok = false
      try {
        ok =
          Array.isArray(hashes) &&
          (await verifyConsistency(
            deps.sha256,
            newest.size,
            head.size,
            hexToBytes(newest.root),
            hexToBytes(head.root),
            hashes.map((h) => hexToBytes(String(h)))
          ))
      } catch {
        ok = false
      }
      if (!ok) problems.push({ code: 'INCONSISTENT', vars: { held: newest.size, size: head.size, time } })
    }
  }
  if (problems.length) return { state: 'alarm', head, held: held.length, problems }
  if (sigOk === undefined) problems.push({ code: 'UNSUPPORTED', vars: { alg: pinned.alg } })
  if (!held.some((h) => h.size === head.size)) {
    await deps.store.addHead(head)
    held.push(head)
  }
  return { state: first ? 'first' : 'ok', head, held: held.length, problems }
}

/** The heads file a reviewer exports; `npm run audit:verify -- <data> --heads <file>` reads it. */
export function headsFile(heads: SignedHead[], key: PinnedKey | undefined, exportedAt: number): string {
  return JSON.stringify({ kind: 'qingfeng-signed-heads', exportedAt, key, heads: [...heads].sort((a, b) => a.size - b.size) }, null, 2)
}
