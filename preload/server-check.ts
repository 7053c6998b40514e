/**
 * "Is there a 清风 server at this address?": GET <base>/api/health. Shared by
 * the shell (run in the main process, through the session's proxy) and the
 * browser fallback. Never throws: the first-run screen shows every outcome.
 */
import type { CountyInfo, ServerCheck } from './contract'
import { httpUrl, parseServerUrl } from './server-url'

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> }
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

export async function checkServer(raw: string, fetchImpl: FetchLike, timeoutMs = 8000): Promise<ServerCheck> {
  const parsed = parseServerUrl(raw)
  if (!parsed.ok) return { ok: false, code: 'INVALID_URL', problem: parsed.problem, message: `地址无效（${parsed.problem}）` }
  const url = httpUrl(parsed.base, 'api/health')
  let body: unknown
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } })
    if (!res.ok) return { ok: false, code: 'NOT_QINGFENG', message: `HTTP ${res.status}` }
    body = await res.json().catch(() => null)
  } catch (e) {
    return { ok: false, code: 'UNREACHABLE', message: e instanceof Error ? e.message : String(e) }
  }
  const b = body as { ok?: unknown; serverTime?: unknown; county?: unknown } | null
  if (!b || b.ok !== true || typeof b.serverTime !== 'number') return { ok: false, code: 'NOT_QINGFENG', message: '不是清风协同办公服务器' }
  return { ok: true, serverUrl: parsed.base, county: parseCounty(b.county), serverTime: b.serverTime }
}

const str = (v: unknown, max = 100): string | undefined => (typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : undefined)

/** The county block as the server sends it; anything malformed is dropped, never shown half-parsed. */
export function parseCounty(v: unknown): CountyInfo | null {
  if (!v || typeof v !== 'object') return null
  const c = v as Record<string, unknown>
  const name = str(c.name)
  if (!name) return null
  const out: CountyInfo = { name }
  const shortName = str(c.shortName)
  if (shortName) out.shortName = shortName
  if (Array.isArray(c.issuers)) {
    out.issuers = c.issuers.flatMap((i) => {
      const r = (i ?? {}) as Record<string, unknown>
      const [id, n, mark, short] = [str(r.id), str(r.name), str(r.mark), str(r.short)]
      return id && n && mark ? [{ id, name: n, mark, ...(short ? { short } : {}) }] : []
    })
  }
  return out
}
