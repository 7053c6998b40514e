/**
 * The county's identity as data: name, short name and issuing organs
 * (发文机关标志). It lives in the directory room (Y.Map 'meta', key 'county'),
 * written from the directory file's `county` block, and is what
 * GET /api/health reports so a client can show whose server it reached
 * (docs/protocol.md). Nothing county-specific is written in code.
 */
import { readFileSync } from 'node:fs'
import type * as Y from 'yjs'
import type { Hub } from './rooms/hub'

export interface CountyBlock {
  name: string
  shortName?: string
  issuers: Array<{ id: string; name: string; mark: string; short?: string }>
}

export const directoryMeta = (doc: Y.Doc) => doc.getMap<unknown>('meta')

const text = (v: unknown, max = 100): string | undefined => (typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : undefined)

/** Validates a directory file's `county` block; null when absent or malformed (a county must at least have a name). */
export function parseCountyBlock(v: unknown): CountyBlock | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null
  const c = v as Record<string, unknown>
  const name = text(c.name)
  if (!name) return null
  const issuers = Array.isArray(c.issuers)
    ? c.issuers.flatMap((i) => {
        const r = (i ?? {}) as Record<string, unknown>
        const [id, n, mark, short] = [text(r.id, 64), text(r.name), text(r.mark), text(r.short, 20)]
        return id && n && mark ? [{ id, name: n, mark, ...(short ? { short } : {}) }] : []
      })
    : []
  const shortName = text(c.shortName, 20)
  return { name, ...(shortName ? { shortName } : {}), issuers }
}

export function readCounty(directoryDoc: Y.Doc): CountyBlock | null {
  return parseCountyBlock(directoryMeta(directoryDoc).get('county'))
}

/**
 * Writes the county block of `file` into the directory room when the room has
 * none yet: on first start, and once for servers seeded before the block existed.
 */
export function ensureCounty(hub: Hub, file: string, log: (msg: string) => void = () => {}): void {
  const doc = hub.doc('directory')
  if (readCounty(doc)) return
  let block: CountyBlock | null = null
  try {
    block = parseCountyBlock((JSON.parse(readFileSync(file, 'utf8')) as { county?: unknown }).county)
  } catch (e) {
    log(`county block not read from ${file}: ${String(e)}`)
  }
  if (!block) return
  const county = block
  hub.step((w) => w.write('directory', `县信息：${county.name}`, (d) => directoryMeta(d).set('county', county)))
}
