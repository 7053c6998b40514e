/**
 * A tiny hash router: '#/tasks/abc' -> { page: 'task', id: 'abc' }.
 * Hash routes work from file:// in the desktop shell and need no server rules.
 */
import { useSyncExternalStore } from 'react'

export type Route =
  | { page: 'home' }
  | { page: 'todo' }
  | { page: 'tasks' }
  | { page: 'task'; id: string }
  | { page: 'documents' }
  | { page: 'notices' }
  | { page: 'notice'; id: string }
  | { page: 'oversight' }
  | { page: 'archive' }
  | { page: 'admin-calendar' }
  | { page: 'admin-directory' }

export type PageKey = Route['page']

const ID = /^[A-Za-z0-9_-]{1,64}$/

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean)
  const [head, id] = parts
  if (head === 'tasks' && id && ID.test(id)) return { page: 'task', id }
  if (head === 'notices' && id && ID.test(id)) return { page: 'notice', id }
  if (head === 'admin' && id === 'calendar' && parts.length === 2) return { page: 'admin-calendar' }
  if (head === 'admin' && id === 'directory' && parts.length === 2) return { page: 'admin-directory' }
  if (head === 'tasks' || head === 'documents' || head === 'notices' || head === 'oversight' || head === 'archive' || head === 'todo' || head === 'home')
    return { page: head }
  // The 工作台 is the start page (pages/home): what waits for me, whatever my role.
  return { page: 'home' }
}

export const routePath = (r: Route): string =>
  r.page === 'task'
    ? `/tasks/${r.id}`
    : r.page === 'notice'
      ? `/notices/${r.id}`
      : r.page === 'admin-calendar'
        ? '/admin/calendar'
        : r.page === 'admin-directory'
          ? '/admin/directory'
          : `/${r.page}`

export function navigate(path: string): void {
  const target = path.startsWith('/') ? path : `/${path}`
  if (window.location.hash.slice(1) !== target) window.location.hash = target
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}
