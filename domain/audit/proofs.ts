/**
 * Checking the server's Merkle proofs (RFC 9162 §2.1.3.2 and §2.1.4.2) with
 * nothing but a SHA-256 function: the client's witness and the server's tests
 * run the same code. Pure: the hash is passed in (Web Crypto is async).
 */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
const node = (h: Sha256, l: Uint8Array, r: Uint8Array) => h(concat(Uint8Array.of(1), l, r))
export const leafOf = (h: Sha256, data: Uint8Array) => h(concat(Uint8Array.of(0), data))

export const hexToBytes = (hex: string): Uint8Array => {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('bad hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
export const bytesToHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])

/** Leaf `index` (0-based) with hash `leaf` is in the tree of `size` with `root`. */
export async function verifyInclusion(h: Sha256, index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): Promise<boolean> {
  if (index < 0 || index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = await node(h, p, r)
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
    } else r = await node(h, r, p)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && same(r, root)
}

/** The tree of size `second` with root `secondRoot` extends the one of size `first` with `firstRoot` (append-only). */
export async function verifyConsistency(
  h: Sha256,
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: Uint8Array[]
): Promise<boolean> {
  if (first > second || first < 0) return false
  if (first === second) return proof.length === 0 && same(firstRoot, secondRoot)
  if (first === 0) return proof.length === 0
  if (proof.length === 0) return false
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof
  let fn = first - 1
  let sn = second - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = await node(h, c, fr)
      sr = await node(h, c, sr)
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
    } else sr = await node(h, sr, c)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return same(fr, firstRoot) && same(sr, secondRoot) && sn === 0
}

/** The exact bytes a signed tree head signs (docs/protocol.md "the signed log"). */
export const headMessage = (h: { size: number; root: string; at: number }): Uint8Array =>
  new TextEncoder().encode(`qingfeng-tree-head:v1\n${h.size}\n${h.root}\n${h.at}`)

export interface SignedHead {
  size: number
  root: string
  at: number
  alg: 'ed25519' | 'sm2'
  keyId: string
  sig: string
}
