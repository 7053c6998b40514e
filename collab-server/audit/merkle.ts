/**
 * RFC 6962 (Certificate Transparency) Merkle tree over every audit record in
 * global sequence order: leaf = SHA-256(0x00 || record hash bytes),
 * node = SHA-256(0x01 || left || right). See docs/protocol.md "the signed log".
 *
 * Storage: one row per completed perfect subtree of at least 2^STORED_FROM
 * leaves, keyed by (level, index) — the node at level L, index i covers
 * leaves [i·2^L, (i+1)·2^L). Smaller subtrees are recomputed from the audit
 * rows' own hashes (at most 2^STORED_FROM of them, one range read), so an
 * append writes, amortised, 1/8 of a tree row (it was two: the leaf and one
 * node). The right frontier (one hash per set bit of the size) lives in
 * memory and is reloaded at start-up with O(log n) point reads. Any subtree,
 * inclusion or consistency proof needs O(log n) reads.
 */
import { createHash, hash } from 'node:crypto'

export const EMPTY_ROOT = createHash('sha256').digest()

/** Subtrees below this level are not stored: recomputed from at most 2^STORED_FROM record hashes. */
export const STORED_FROM = 4

// Scratch inputs (0x00 ‖ 32 bytes, 0x01 ‖ 32 ‖ 32): a hash costs one SHA-256 call and its result, no concatenation.
const leafIn = Buffer.alloc(33)
const nodeIn = Buffer.alloc(65, 1)

export function leafHash(data: Uint8Array): Buffer {
  if (data.length !== 32) return hash('sha256', Buffer.concat([leafIn.subarray(0, 1), data]), 'buffer') as Buffer
  leafIn.set(data, 1)
  return hash('sha256', leafIn, 'buffer') as Buffer
}
/** The leaf of a record whose hash is 64 hex digits. */
export function leafHashHex(recordHex: string): Buffer {
  if (leafIn.write(recordHex, 1, 'hex') !== 32 || recordHex.length !== 64) throw new RangeError('record hash is not 64 hex digits')
  return hash('sha256', leafIn, 'buffer') as Buffer
}
export function nodeHash(l: Uint8Array, r: Uint8Array): Buffer {
  nodeIn.set(l, 1)
  nodeIn.set(r, 33)
  return hash('sha256', nodeIn, 'buffer') as Buffer
}

/** MTH of a perfect subtree from its record hashes (hex), in order; their count must be a power of two. */
export function perfectRootHex(recordHexes: string[]): Buffer {
  let level = recordHexes.map(leafHashHex)
  while (level.length > 1) {
    const up: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!))
    level = up
  }
  return level[0]!
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/**
 * The in-memory right frontier: `levels[l]` is the hash of the completed
 * subtree at level l iff bit l of `size` is set.
 */
export class Frontier {
  constructor(
    public size = 0,
    public levels: (Buffer | undefined)[] = []
  ) {}

  /**
   * Adds a leaf; `store` receives every completed node (the leaf included).
   * Returns what `undo` needs to take the append back.
   */
  append(leaf: Buffer, store: (level: number, index: number, hash: Buffer) => void): FrontierUndo {
    let h = leaf
    let lvl = 0
    let idx = this.size
    store(0, idx, h)
    const removed: Buffer[] = []
    while (idx & 1) {
      const left = this.levels[lvl]!
      removed.push(left)
      this.levels[lvl] = undefined
      h = nodeHash(left, h)
      lvl++
      idx = Math.floor(idx / 2)
      store(lvl, idx, h)
    }
    this.levels[lvl] = h
    this.size++
    return { lvl, removed }
  }

  undo(u: FrontierUndo): void {
    this.levels[u.lvl] = undefined
    u.removed.forEach((h, l) => {
      this.levels[l] = h
    })
    this.size--
  }

  root(): Buffer {
    let acc: Buffer | undefined
    for (let l = 0; l < this.levels.length; l++) {
      const h = this.levels[l]
      if (h) acc = acc ? nodeHash(h, acc) : h
    }
    return acc ?? EMPTY_ROOT
  }
}

export interface FrontierUndo {
  lvl: number
  removed: Buffer[]
}

/** Reads a stored perfect subtree (level, index); throws if it is missing. */
export type NodeReader = (level: number, index: number) => Buffer

/** MTH(D[start:end]) where start is aligned to the largest power of two ≤ end-start (always so within RFC 6962's recursion). */
export function subtreeHash(read: NodeReader, start: number, end: number): Buffer {
  const n = end - start
  if (n === 0) return EMPTY_ROOT
  if ((n & (n - 1)) === 0 && start % n === 0) return read(Math.log2(n), start / n)
  const k = splitPoint(n)
  return nodeHash(subtreeHash(read, start, start + k), subtreeHash(read, start + k, end))
}

/** RFC 6962 §2.1.1 PATH(m, D[0:n]): audit path for leaf m in the tree of size n. */
export function inclusionProof(read: NodeReader, m: number, n: number, start = 0): Buffer[] {
  if (n <= 1) return []
  const k = splitPoint(n)
  if (m < k) return [...inclusionProof(read, m, k, start), subtreeHash(read, start + k, start + n)]
  return [...inclusionProof(read, m - k, n - k, start + k), subtreeHash(read, start, start + k)]
}

/** RFC 6962 §2.1.2 PROOF(m, D[0:n]). */
export function consistencyProof(read: NodeReader, m: number, n: number): Buffer[] {
  if (m <= 0 || m >= n) return []
  return subproof(read, m, 0, n, true)
}

function subproof(read: NodeReader, m: number, start: number, n: number, b: boolean): Buffer[] {
  if (m === n) return b ? [] : [subtreeHash(read, start, start + n)]
  const k = splitPoint(n)
  if (m <= k) return [...subproof(read, m, start, k, b), subtreeHash(read, start + k, start + n)]
  return [...subproof(read, m - k, start + k, n - k, false), subtreeHash(read, start, start + k)]
}

/**
 * The same tree as `Frontier`, built in one pass over many leaves and never
 * undone: what verification uses. Hashes are kept as 32-char latin1 ('binary') strings
 * and hashed from two reused scratch buffers, so a leaf costs one SHA-256 call
 * and no allocation (a Buffer-returning digest and a Buffer.concat per node
 * cost twice as much: verify throughput, docs/decisions.md).
 */
export class StreamingTree {
  size = 0
  private readonly levels: (string | undefined)[] = []
  private readonly leafBuf = Buffer.alloc(33) // 0x00 ‖ record hash
  private readonly nodeBuf = Buffer.alloc(65) // 0x01 ‖ left ‖ right

  constructor() {
    this.nodeBuf[0] = 1
  }

  /** Adds the leaf of a record whose hash is `recordHex` (64 hex digits). */
  appendRecordHex(recordHex: string): void {
    if (this.leafBuf.write(recordHex, 1, 'hex') !== 32 || recordHex.length !== 64) throw new RangeError('record hash is not 64 hex digits')
    let h = hash('sha256', this.leafBuf, 'binary')
    let lvl = 0
    for (let idx = this.size; idx & 1; idx = Math.floor(idx / 2), lvl++) {
      h = this.node(this.levels[lvl]!, h)
      this.levels[lvl] = undefined
    }
    this.levels[lvl] = h
    this.size++
  }

  private node(l: string, r: string): string {
    this.nodeBuf.write(l, 1, 'latin1')
    this.nodeBuf.write(r, 33, 'latin1')
    return hash('sha256', this.nodeBuf, 'binary')
  }

  /** Root of the tree so far, as hex (the form signed heads carry). */
  rootHex(): string {
    let acc: string | undefined
    for (let l = 0; l < this.levels.length; l++) {
      const h = this.levels[l]
      if (h !== undefined) acc = acc === undefined ? h : this.node(h, acc)
    }
    return acc === undefined ? EMPTY_ROOT.toString('hex') : Buffer.from(acc, 'latin1').toString('hex')
  }
}
