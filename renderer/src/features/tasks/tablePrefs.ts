/**
 * How dense the task tables are and how many rows a page holds: one choice per device,
 * shared by every table (a clerk with a long inbox wants compact rows and 50 to a page).
 */
import { useSyncExternalStore } from 'react'

export type Density = 'compact' | 'comfortable'
export const PAGE_SIZES = [20, 50, 100] as const

interface Prefs {
  density: Density
  pageSize: number
}

const KEY = 'qf.tablePrefs'
const DEFAULTS: Prefs = { density: 'compact', pageSize: 50 }

function load(): Prefs {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<Prefs> | null
    return {
      density: v?.density === 'comfortable' ? 'comfortable' : 'compact',
      pageSize: PAGE_SIZES.includes(v?.pageSize as (typeof PAGE_SIZES)[number]) ? (v!.pageSize as number) : DEFAULTS.pageSize
    }
  } catch {
    return DEFAULTS
  }
}

let current: Prefs = load()
const listeners = new Set<() => void>()

export function setTablePrefs(p: Partial<Prefs>): void {
  current = { ...current, ...p }
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current))
  } catch {
    // private mode or full storage: the choice lasts for this session
  }
  for (const l of listeners) l()
}

export function useTablePrefs(): Prefs {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current
  )
}
