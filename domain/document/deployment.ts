/**
 * What a deployment allows for 公文, as the server tells its clients: written by the server at
 * start into the directory room's `meta` map (which every signed-in client keeps in sync), so the
 * client learns it from the server, offline too, and never from its own configuration. The server
 * enforces it on every update whatever a client offers (collab-server/policy/documents.ts).
 */
import type * as Y from 'yjs'

export const DOCUMENT_DEPLOYMENT_KEY = 'documents'

export interface DocumentDeployment {
  /** A network approved for classified information: 密级, 保密期限 and 份号 are offered and accepted. */
  classified: boolean
}

export function readDocumentDeployment(directoryDoc: Y.Doc): DocumentDeployment {
  const v = directoryDoc.getMap<unknown>('meta').get(DOCUMENT_DEPLOYMENT_KEY) as Partial<DocumentDeployment> | undefined
  return { classified: v?.classified === true }
}
