/** Calls to the server's admin API (docs/deploy.md, "Accounts"); errors come back with the server's Chinese message. */
import type { Person, Unit } from '@domain/directory'
// One URL helper for every call: a server under a path prefix (/qingfeng/) keeps it.
import { httpUrl } from '@preload/server-url'

export interface AccountView extends Person {
  disabled: boolean
  mustChangePassword: boolean
  expiresAt: number | null
}

export interface ImportPreview {
  problems: { row: number; message: string }[]
  newUnits: Unit[]
  newPeople: Person[]
  updatedPeople: Person[]
}

export interface TrailRow {
  seq: number
  at: number
  userId: string | null
  who: string
  summary: string
}

export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

export function adminApi(serverUrl: string, token: () => string | null) {
  const call = async <T>(path: string, init: { body?: unknown; raw?: ArrayBuffer; format?: string } = {}): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token() ?? ''}` }
    let body: BodyInit | undefined
    if (init.raw) {
      headers['content-type'] = 'application/octet-stream'
      body = init.raw
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.body)
    }
    let res: Response
    try {
      res = await fetch(httpUrl(serverUrl, path), { method: body === undefined ? 'GET' : 'POST', headers, body })
    } catch (e) {
      throw new AdminApiError('NETWORK', String(e))
    }
    const data = (await res.json().catch(() => ({}))) as { code?: string; message?: string }
    if (!res.ok) throw new AdminApiError(data.code ?? `HTTP_${res.status}`, data.message ?? `HTTP ${res.status}`)
    return data as T
  }
  return {
    accounts: () => call<{ accounts: AccountView[] }>('/api/admin/accounts').then((r) => r.accounts),
    logins: (id: string) =>
      call<{ logins: { at: number; address: string; outcome: string }[] }>(`/api/admin/accounts/${encodeURIComponent(id)}/logins`).then((r) => r.logins),
    units: () => call<{ units: Unit[] }>('/api/admin/units').then((r) => r.units),
    createAccount: (p: Partial<Person>) => call<{ person: Person; oneTimePassword: string }>('/api/admin/accounts', { body: p }),
    setDisabled: (id: string, disabled: boolean) => call(`/api/admin/accounts/${encodeURIComponent(id)}/disable`, { body: { disabled } }),
    endSessions: (id: string) => call<{ closed: number }>(`/api/admin/accounts/${encodeURIComponent(id)}/end-sessions`, { body: {} }),
    resetPassword: (id: string) => call<{ oneTimePassword: string }>(`/api/admin/accounts/${encodeURIComponent(id)}/reset-password`, { body: {} }),
    updateAccount: (id: string, p: Partial<Person> & { expiresAt?: number | null }) =>
      call<{ person: Person }>(`/api/admin/accounts/${encodeURIComponent(id)}`, { body: p }),
    mergeUnit: (id: string, into: string) => call<{ moved: number }>(`/api/admin/units/${encodeURIComponent(id)}/merge`, { body: { into } }),
    trail: (before?: number) => call<{ rows: TrailRow[]; next: number | null }>(`/api/admin/trail${before ? `?before=${before}` : ''}`),
    createUnit: (u: Partial<Unit>) => call('/api/admin/units', { body: u }),
    updateUnit: (id: string, u: Partial<Unit>) => call(`/api/admin/units/${encodeURIComponent(id)}`, { body: u }),
    preview: (format: string, data: ArrayBuffer) => call<ImportPreview>(`/api/admin/import/preview?format=${format}`, { raw: data }),
    apply: (format: string, data: ArrayBuffer) =>
      call<{ units: number; added: number; updated: number; skipped: number }>(`/api/admin/import/apply?format=${format}`, { raw: data }),
    account: () => call<{ mustChangePassword: boolean; policy: { minLength: number; minClasses: number; noReuse: number } }>('/api/account'),
    changePassword: (oldPassword: string, newPassword: string) => call<{ mustChangePassword: boolean }>('/api/password', { body: { oldPassword, newPassword } })
  }
}

export type AdminApi = ReturnType<typeof adminApi>
