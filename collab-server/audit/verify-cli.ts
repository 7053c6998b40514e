/**
 * npm run audit:verify -- <data folder> [--heads <file>] [--key <public key file>] [--allow-unsigned-tail]
 * Exit 0 and print the record count, tree root and room heads when intact;
 * exit 1 and name the first bad record otherwise; exit 2 on usage errors.
 * --heads: a witness's exported heads (JSON: an array, or { heads: [...] });
 * --key: the signing public key (PEM) pinned by the caller.
 */
import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifyAudit } from './verify'
import type { SignedHead } from '@domain/audit/proofs'

const args = process.argv.slice(2)
const flag = (name: string) => {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const v = args[i + 1]
  args.splice(i, 2)
  return v ?? ''
}
const usage = (why: string) => {
  console.error(`用法 usage: npm run audit:verify -- <数据目录 data folder> [--heads <file>] [--key <public key file>] [--allow-unsigned-tail]\n${why}`)
  process.exit(2)
}
const allowTail = args.includes('--allow-unsigned-tail')
if (allowTail) args.splice(args.indexOf('--allow-unsigned-tail'), 1)
const headsFile = flag('--heads')
const keyFile = flag('--key')
const dir = args[0]
const file = dir ? join(dir, 'qingfeng.sqlite') : ''
if (!dir || !existsSync(file)) usage(`no qingfeng.sqlite in ${dir ?? '(none)'}`)
let witnessHeads: SignedHead[] | undefined
let publicKey: string | undefined
try {
  if (headsFile !== undefined) {
    const j = JSON.parse(readFileSync(headsFile, 'utf8')) as SignedHead[] | { heads: SignedHead[] }
    witnessHeads = Array.isArray(j) ? j : j.heads
    if (!Array.isArray(witnessHeads)) usage(`--heads ${headsFile}: no heads in the file`)
  }
  if (keyFile !== undefined) publicKey = readFileSync(keyFile, 'utf8')
} catch (e) {
  usage(`cannot read ${headsFile ?? keyFile}: ${(e as Error).message}`)
}
const db = new Database(file, { readonly: true, fileMustExist: true })
const t0 = performance.now()
const r = verifyAudit(db, { publicKey, witnessHeads, requireSignedTail: !allowTail })
const ms = performance.now() - t0
if (r.ok) {
  console.log(
    `审计链完整 audit trail intact: ${r.records} records, ${r.rooms} rooms, ${r.signedHeads} signed heads, ${r.witnessHeads} witness heads, ${r.checkpoints} checkpoints (${Math.round(r.records / (ms / 1000 || 1))} rec/s)`
  )
  console.log(`  tree size ${r.treeSize} root ${r.root}`)
  if (r.keySource !== 'pinned')
    console.log(
      `  注意 note: signatures checked with ${r.keySource === 'none' ? 'no key' : 'the key recorded in the data folder'}; pass --key <public key file> to pin it`
    )
  const rooms = Object.entries(r.heads).sort()
  for (const [room, h] of rooms.slice(0, 100)) console.log(`  ${room}\t#${h.roomSeq}\t${h.hash}`)
  if (rooms.length > 100) console.log(`  … ${rooms.length - 100} more rooms`)
  process.exit(0)
} else {
  const b = r.firstBad!
  console.error(`审计链被破坏 audit trail BROKEN at record seq=${b.seq} room=${b.room} room_seq=${b.roomSeq}: ${b.reason}`)
  process.exit(1)
}
