/**
 * 公文: the sidebar page. Its own sub-routes under #/documents (the app router maps them all here):
 *   /documents                 the unit's 收文 / 发文 / 在办追踪 lists
 *   /documents/new             a new draft (a fresh id, then /documents/out/<id>)
 *   /documents/out/<id>        one 发文
 *   /documents/in/<id>         one 收文
 *   /documents/pub/<id>        the issued text of a 发文 (what recipients read and print)
 */
import { useMemo, useSyncExternalStore } from 'react'
import { DOC_ID } from '@domain/document'
import { newDocumentId } from './commands'
import { DocumentList } from './DocumentList'
import { IncomingDoc } from './IncomingDoc'
import { OutgoingDoc } from './OutgoingDoc'
import { PublishedDoc } from './PublishedDoc'
import './documents.css'

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}
const IN_ID = /^[A-Za-z0-9_]+--[A-Za-z0-9_-]{1,44}$/

export function parseDocumentsRoute(hash: string): { view: 'list' } | { view: 'new' } | { view: 'out' | 'in' | 'pub'; id: string } {
  const [head, sub, id] = hash.replace(/^#?\/?/, '').split('/')
  if (head !== 'documents') return { view: 'list' }
  if (sub === 'new') return { view: 'new' }
  if (sub === 'out' && id && DOC_ID.test(id)) return { view: 'out', id }
  if (sub === 'in' && id && IN_ID.test(id)) return { view: 'in', id }
  if (sub === 'pub' && id && DOC_ID.test(id)) return { view: 'pub', id }
  return { view: 'list' }
}

export function DocumentsPage() {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  const route = parseDocumentsRoute(hash)
  // One id per visit of /documents/new.
  const fresh = useMemo(() => newDocumentId(), [route.view === 'new' ? hash : ''])
  switch (route.view) {
    case 'new':
      return <OutgoingDoc key={fresh} id={fresh} creating />
    case 'out':
      return <OutgoingDoc key={route.id} id={route.id} />
    case 'in':
      return <IncomingDoc key={route.id} id={route.id} />
    case 'pub':
      return <PublishedDoc key={route.id} id={route.id} />
    default:
      return <DocumentList />
  }
}
