/**
 * The county this client serves, as data: its name, short name and issuing
 * organs (发文机关标志) come from the server's directory data through
 * GET /api/health (docs/protocol.md), never from the code or the catalogue.
 * Cached per server so print titles and the login page have it offline.
 */
import { useSyncExternalStore } from 'react'
import type { CountyInfo, DesktopApi } from '@preload/contract'
import { parseCounty } from '@preload/server-check'

const KEY = 'qf.county'

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>

let current: CountyInfo | null = null
const listeners = new Set<() => void>()

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

function set(c: CountyInfo | null): void {
  current = c
  for (const l of listeners) l()
}

/** The cached county of `serverUrl` (null when unknown or cached for another server). */
export function cachedCounty(serverUrl: string, store: Storage | null = storage()): CountyInfo | null {
  try {
    const v = JSON.parse(store?.getItem(KEY) ?? 'null') as { serverUrl?: string; county?: unknown } | null
    return v?.serverUrl === serverUrl ? parseCounty(v.county) : null
  } catch {
    return null
  }
}

export function rememberCounty(serverUrl: string, county: CountyInfo | null, store: Storage | null = storage()): void {
  if (county) store?.setItem(KEY, JSON.stringify({ serverUrl, county }))
  set(county)
}

/** At start: the cached county at once, then the server's answer when it is reachable. */
export async function loadCounty(api: Pick<DesktopApi, 'checkServer'>, serverUrl: string): Promise<CountyInfo | null> {
  set(cachedCounty(serverUrl))
  try {
    const r = await api.checkServer(serverUrl)
    if (r.ok && r.county) rememberCounty(serverUrl, r.county)
  } catch {
    /* offline: the cached county stays */
  }
  return current
}

const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => void listeners.delete(l)
}

/** The county, or null until the server has told us (then show no county words rather than a wrong one). */
export function useCounty(): CountyInfo | null {
  return useSyncExternalStore(subscribe, () => current)
}
