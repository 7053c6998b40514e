/**
 * The signed log over HTTP (docs/protocol.md "the signed log"): any signed-in
 * account reads the head, the key and consistency proofs; inclusion proofs are
 * for reviewers. Everything a client gets checks with the client's own verifier.
 */
import { createHash, webcrypto } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headMessage, hexToBytes, leafOf, verifyConsistency, verifyInclusion, type Sha256, type SignedHead } from '@domain/audit/proofs'
import { appendEvent } from '@domain/task'
import { connect, createTask, login, startServer, synced, waitFor } from './harness'

const sha: Sha256 = async (d) => createHash('sha256').update(d).digest()
let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.cleanup())

const get = async (path: string, token?: string) => {
  const r = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: r.status, body: (await r.json()) as Record<string, unknown> }
}

describe('signed log API', () => {
  it('head, key, consistency and inclusion proofs verify on the client side; codes for bad input and roles', async () => {
    const reviewer = await login(server.url, 'jiwei1')
    const clerk = await login(server.url, 'qingquan.clerk')
    const first = (await get('/api/audit/head', clerk.token)).body.head as SignedHead
    expect(first.size).toBeGreaterThan(0)
    const key = (await get('/api/audit/key', clerk.token)).body as { alg: string; publicKey: string }
    expect(key.alg).toBe('ed25519')
    // The browser's Web Crypto checks the Ed25519 signature with the published key.
    const pub = await webcrypto.subtle.importKey('spki', Buffer.from(key.publicKey, 'base64'), { name: 'Ed25519' }, false, ['verify'])
    const sigOk = (h: SignedHead) => webcrypto.subtle.verify({ name: 'Ed25519' }, pub, Buffer.from(h.sig, 'base64'), headMessage(h))
    expect(await sigOk(first)).toBe(true)
    expect(await sigOk({ ...first, size: first.size + 1 })).toBe(false)

    const leader = await login(server.url, 'xianzhang')
    const { id } = await createTask(server.url, leader, { title: '证明测试' })
    const c = connect(server.url, `task:${id}`, clerk.token)
    await synced(c)
    appendEvent(c.doc, { id: 's1', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    await waitFor(() => server.audit.trail(`task:${id}`).length >= 4)
    c.destroy()

    const second = (await get('/api/audit/head', clerk.token)).body.head as SignedHead
    expect(second.size).toBeGreaterThan(first.size)
    expect(second.at).toBeGreaterThanOrEqual(first.at)
    expect(await sigOk(second)).toBe(true)
    const cons = (await get(`/api/audit/consistency?from=${first.size}&to=${second.size}`, clerk.token)).body as { proof: string[] }
    expect(await verifyConsistency(sha, first.size, second.size, hexToBytes(first.root), hexToBytes(second.root), cons.proof.map(hexToBytes))).toBe(true)

    const seq = server.audit.trail(`task:${id}`)[1]!.seq
    expect((await get(`/api/audit/inclusion?seq=${seq}`, clerk.token)).status).toBe(403)
    const inc = (await get(`/api/audit/inclusion?seq=${seq}&size=${second.size}`, reviewer.token)).body as {
      recordHash: string
      leafIndex: number
      proof: string[]
    }
    const leaf = await leafOf(sha, hexToBytes(inc.recordHash))
    expect(await verifyInclusion(sha, inc.leafIndex, second.size, leaf, inc.proof.map(hexToBytes), hexToBytes(second.root))).toBe(true)

    expect((await get('/api/audit/head')).status).toBe(401)
    expect((await get('/api/audit/consistency?from=abc', clerk.token)).body.code).toBe('BAD_SIZE')
    expect((await get(`/api/audit/consistency?from=1&to=${second.size + 1000}`, clerk.token)).body.code).toBe('SIZE_NOT_SIGNED')
    expect((await get('/api/audit/inclusion?seq=0', reviewer.token)).body.code).toBe('BAD_SEQ')
  })
})
