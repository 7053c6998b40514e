/**
 * First start: write the directory file into the directory room and create
 * accounts. Demo passwords exist only when seeding the demo county.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Directory } from '@domain/directory'
import { hashPassword } from '../auth/passwords'
import type { DB } from '../store/db'
import { setSetting, getSetting } from '../store/db'
import type { Hub } from '../rooms/hub'
import { writeDirectory } from '../directory'

export const DEMO_PASSWORD = 'demo123'
export const DEMO_SEED_FILE = fileURLToPath(new URL('./demo-county.json', import.meta.url))

export function loadDirectoryFile(file: string): Directory {
  const d = JSON.parse(readFileSync(file, 'utf8')) as Directory
  if (!Array.isArray(d.units) || !Array.isArray(d.people)) throw new Error(`directory file ${file} has no units/people`)
  return d
}

export async function seedIfEmpty(db: DB, hub: Hub, file: string, opts: { demo: boolean; passwordCost: number }): Promise<boolean> {
  if (getSetting(db, 'seeded')) return false
  const dir = loadDirectoryFile(file)
  // Hash outside the transaction (async), then write everything at once.
  const hashes = await Promise.all(
    dir.people.map(async (p) => [p.id, p.username, await hashPassword(opts.demo ? DEMO_PASSWORD : cryptoRandom(), opts.passwordCost)] as const)
  )
  hub.step((w) => {
    w.write('directory', `初始化通讯录：${dir.units.length}个单位，${dir.people.length}人`, (doc) => writeDirectory(doc, dir))
    const ins = db.prepare('INSERT INTO accounts(user_id, username, password_hash) VALUES (?,?,?)')
    for (const [id, username, hash] of hashes) ins.run(id, username, hash)
    setSetting(db, 'seeded', new Date(w.now).toISOString())
    setSetting(db, 'demo', opts.demo ? '1' : '0')
  })
  return true
}

function cryptoRandom(): string {
  return globalThis.crypto.randomUUID()
}
