/**
 * npm run audit:verify -- <data folder>
 * Exit 0 and print the record count and head hashes when intact; exit 1 and
 * name the first bad record otherwise; exit 2 on usage errors.
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { verifyAudit } from './verify'

const dir = process.argv[2]
const file = dir ? join(dir, 'qingfeng.sqlite') : ''
if (!dir || !existsSync(file)) {
  console.error(`用法 usage: npm run audit:verify -- <数据目录 data folder>  (no qingfeng.sqlite in ${dir ?? '(none)'})`)
  process.exit(2)
}
const db = new Database(file, { readonly: true, fileMustExist: true })
const r = verifyAudit(db)
if (r.ok) {
  console.log(`审计链完整 audit trail intact: ${r.records} records, ${r.rooms} rooms, ${r.checkpoints} checkpoints`)
  for (const [room, h] of Object.entries(r.heads).sort()) console.log(`  ${room}\t#${h.roomSeq}\t${h.hash}`)
  process.exit(0)
} else {
  const b = r.firstBad!
  console.error(`审计链被破坏 audit trail BROKEN at record seq=${b.seq} room=${b.room} room_seq=${b.roomSeq}: ${b.reason}`)
  process.exit(1)
}
