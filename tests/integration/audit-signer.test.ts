/**
 * Signing keys for tree heads (docs/protocol.md "the signed log"): Ed25519 by
 * default, SM2 (with SM3) accepted for 密评 deployments, anything else refused;
 * never a key inside the data folder.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultKeyFile, isInside, loadSigner, signerFor, verifyHeadSignature } from '@server/audit/signer'

const root = mkdtempSync(join(tmpdir(), 'qf-signer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const head = { size: 42, root: 'ab'.repeat(32), at: 1_790_000_000_000 }

describe('head signer', () => {
  it('signs with SM2/SM3 on this Node and the signature binds size, root and time', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const s = signerFor(privateKey)
    expect(s.alg).toBe('sm2')
    const sig = s.sign(head)
    expect(verifyHeadSignature(publicKey, { ...head, sig })).toBe(true)
    expect(verifyHeadSignature(s.publicKeyPem, { ...head, size: 43, sig })).toBe(false)
  })

  it('refuses RSA keys and keys inside the data folder; generates one beside it when none is configured', () => {
    expect(() => signerFor(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey)).toThrow(/unsupported/)
    const data = join(root, 'data')
    mkdirSync(data)
    const inside = join(data, 'sub', 'k.pem')
    expect(isInside(data, inside)).toBe(true)
    expect(isInside(data, join(root, 'data-keys', 'k.pem'))).toBe(false)
    mkdirSync(join(data, 'sub'))
    writeFileSync(inside, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }))
    expect(() => loadSigner(data, inside, false)).toThrow(/outside the data folder/)
    const s = loadSigner(data, defaultKeyFile(data), true)
    expect(s.generated).toBe(true)
    expect(s.keyFile).toBe(join(root, 'data-keys', 'audit-signing.pem'))
    expect(loadSigner(data, defaultKeyFile(data), true).keyId).toBe(s.keyId) // reused, not regenerated
    expect(() => loadSigner(data, join(root, 'missing.pem'), false)).toThrow(/not found/)
  })
})
