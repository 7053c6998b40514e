/** 归档查询 against the server (GET /api/archive/search, docs/decisions.md "Archive"). */
import { httpUrl } from '@preload/server-url'

export interface ArchivedRecord {
  room: string
  kind: string
  id: string
  title: string
  number: string
  year: string
  units: string[]
  closedAt: number
  archivedAt: number
}

export class ArchiveApiError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

export async function searchArchive(serverUrl: string, token: string | null, query: { q?: string; year?: string; kind?: string }): Promise<ArchivedRecord[]> {
  const params = new URLSearchParams()
  if (query.q) params.set('q', query.q)
  if (query.year) params.set('year', query.year)
  if (query.kind) params.set('kind', query.kind)
  let res: Response
  try {
    res = await fetch(httpUrl(serverUrl, `/api/archive/search?${params}`), { headers: { authorization: `Bearer ${token ?? ''}` } })
  } catch (e) {
    throw new ArchiveApiError('NETWORK', String(e))
  }
  const data = (await res.json().catch(() => ({}))) as { items?: ArchivedRecord[]; code?: string; message?: string }
  if (!res.ok) throw new ArchiveApiError(data.code ?? `HTTP_${res.status}`, data.message ?? `HTTP ${res.status}`)
  return data.items ?? []
}

/** The kinds the archive holds (collab-server/archive), in the order the page offers them. */
export const ARCHIVE_KINDS = ['task', 'docin', 'docout', 'notice'] as const

const PAGE: Record<string, (id: string) => string> = {
  task: (id) => `/tasks/${id}`,
  docin: (id) => `/documents/in/${id}`,
  docout: (id) => `/documents/out/${id}`,
  notice: (id) => `/notices/${id}`
}

/** Where an archived record opens (read-only: its room refuses writes): the record's own page, fetched on demand. */
export function archivedRecordPath(r: Pick<ArchivedRecord, 'kind' | 'id'>): string | null {
  return PAGE[r.kind]?.(r.id) ?? null
}
