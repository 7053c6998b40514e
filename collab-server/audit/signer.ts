/**
 * The key that signs tree heads. It must live outside the data folder: whoever
 * can copy the data folder must not thereby be able to sign a rewritten log.
 * Ed25519 by default; an SM2 key (OpenSSL "SM2" curve, signed with SM3) is
 * accepted as a deployment option for 密评 — see docs/protocol.md.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { headMessage } from '@domain/audit/proofs'

export type HeadAlg = 'ed25519' | 'sm2'

export interface Signer {
  alg: HeadAlg
  keyId: string
  /** SPKI DER, base64 — what clients pin. */
  publicKey: string
  publicKeyPem: string
  keyFile: string
  sign(h: { size: number; root: string; at: number }): string
}

export class SigningKeyError extends Error {
  constructor(
    readonly code: 'KEY_IN_DATA_FOLDER' | 'KEY_UNREADABLE' | 'KEY_UNSUPPORTED',
    message: string
  ) {
    super(message)
  }
}

const real = (p: string) => {
  try {
    return realpathSync(p)
  } catch {
    return resolve(p)
  }
}

/** True when `file` is the data folder itself or anywhere below it. */
export function isInside(dataDir: string, file: string): boolean {
  const rel = relative(real(dataDir), join(real(dirname(file)), basename(file)))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The default for `npm start` and tests: a sibling folder `<data>-keys/`, outside the data folder. */
export const defaultKeyFile = (dataDir: string) => join(dirname(resolve(dataDir)), `${basename(resolve(dataDir))}-keys`, 'audit-signing.pem')

/**
 * Loads the signing key (or, when `generate` and the file is absent, creates an
 * Ed25519 one). Refuses a key inside the data folder.
 */
export function loadSigner(dataDir: string, keyFile: string, generate: boolean): Signer & { generated: boolean } {
  if (isInside(dataDir, keyFile))
    throw new SigningKeyError('KEY_IN_DATA_FOLDER', `签名密钥不能放在数据目录内 signing key must be outside the data folder: ${keyFile}`)
  let generated = false
  if (!existsSync(keyFile)) {
    if (!generate) throw new SigningKeyError('KEY_UNREADABLE', `找不到签名密钥 signing key not found: ${keyFile}`)
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 })
    const { privateKey } = generateKeyPairSync('ed25519')
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
    generated = true
  }
  let key: KeyObject
  try {
    key = createPrivateKey(readFileSync(keyFile))
  } catch (e) {
    throw new SigningKeyError('KEY_UNREADABLE', `签名密钥无法读取 signing key unreadable: ${keyFile} (${(e as Error).message})`)
  }
  return { ...signerFor(key), keyFile, generated }
}

export function signerFor(key: KeyObject): Omit<Signer, 'keyFile'> {
  const alg = algOf(key)
  const pub = createPublicKey(key)
  const der = pub.export({ type: 'spki', format: 'der' })
  return {
    alg,
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    publicKey: der.toString('base64'),
    publicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (h) => sign(alg === 'sm2' ? 'sm3' : null, headMessage(h), key).toString('base64')
  }
}

function algOf(key: KeyObject): HeadAlg {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519'
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'SM2') return 'sm2'
  throw new SigningKeyError('KEY_UNSUPPORTED', `不支持的签名密钥类型 unsupported key type (Ed25519 or SM2): ${key.asymmetricKeyType}`)
}

/** Checks a head's signature against a public key (PEM or base64 SPKI DER). */
export function verifyHeadSignature(publicKey: string | KeyObject, h: { size: number; root: string; at: number; sig: string }): boolean {
  const key =
    typeof publicKey === 'string'
      ? publicKey.includes('BEGIN')
        ? createPublicKey(publicKey)
        : createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' })
      : publicKey
  const alg = key.asymmetricKeyType === 'ec' ? 'sm3' : null
  try {
    return verify(alg, headMessage(h), key, Buffer.from(h.sig, 'base64'))
  } catch {
    return false
  }
}
