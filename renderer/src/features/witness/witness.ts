/**
 * The browser's side of the audit-log witness (domain/audit/witness.ts):
 * Web Crypto for SHA-256 and Ed25519, and the Dexie table that holds the
 * pinned key and the heads (renderer/src/core/data/db.ts, version 4).
 */
import type { Sha256 } from '@domain/audit/proofs'
import type { PinnedKey, WitnessStore } from '@domain/audit/witness'
import type { SignedHead } from '@domain/audit/proofs'

export { checkLog, headsFile, type Fetched, type WitnessReport } from '@domain/audit/witness'

/** Web Crypto: SHA-256 and Ed25519 (Chromium ≥ 137, Electron 45). SM2 heads are not checkable here. */
export const webSha256: Sha256 = async (d) => new Uint8Array(await crypto.subtle.digest('SHA-256', d as Uint8Array<ArrayBuffer>))
export async function webVerifySig(alg: string, publicKey: string, message: Uint8Array, sig: string): Promise<boolean | undefined> {
  if (alg !== 'ed25519') return undefined
  try {
    const der = Uint8Array.from(atob(publicKey), (c) => c.charCodeAt(0))
    const key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify'])
    const s = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0))
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, s, message as Uint8Array<ArrayBuffer>)
  } catch {
    return false
  }
}

interface DexieLike {
  get(id: string): Promise<{ id: string; [k: string]: unknown } | undefined>
  put(row: { id: string; [k: string]: unknown }): Promise<unknown>
  where(index: string): { startsWith(prefix: string): { toArray(): Promise<{ id: string; [k: string]: unknown }[]> } }
}

/** The witness table of the user's database (renderer/src/core/data/db.ts, version 4). */
export function dexieWitnessStore(table: DexieLike): WitnessStore {
  return {
    key: async () => (await table.get('key'))?.value as PinnedKey | undefined,
    pinKey: async (k) => void (await table.put({ id: 'key', value: k })),
    heads: async () => (await table.where('id').startsWith('head:').toArray()).map((r) => r.value as SignedHead),
    addHead: async (h) => void (await table.put({ id: `head:${String(h.size).padStart(15, '0')}`, value: h }))
  }
}
