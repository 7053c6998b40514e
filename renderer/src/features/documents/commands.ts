/** What the 公文 pages write into their rooms: events (append-only) and, while allowed, fields. */
import type * as Y from 'yjs'
import { EMPTY_FIELDS, fieldsMap, type Attachment, type IncomingEvent, type OutgoingEvent, type OutgoingFields } from '@domain/document'

const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
export const newDocumentId = () => newId('D')
export const newExternalRef = () => newId('x')

interface Me {
  userId: string
  unitId: string
}

export function outgoingEvent(me: Me, type: OutgoingEvent['type'], payload?: OutgoingEvent['payload']): OutgoingEvent {
  return { id: newId('e'), type, actorId: me.userId, unitId: me.unitId, clientAt: Date.now(), ...(payload ? { payload } : {}) }
}
export function incomingEvent(me: Me, type: IncomingEvent['type'], payload?: IncomingEvent['payload']): IncomingEvent {
  return { id: newId('e'), type, actorId: me.userId, unitId: me.unitId, clientAt: Date.now(), ...(payload ? { payload } : {}) }
}

export function appendEvent(doc: Y.Doc, ev: OutgoingEvent | IncomingEvent): void {
  doc.getArray('events').push([ev])
}

/** A new draft in an empty docout room: the fields and the create event in one update. */
export function createDraft(doc: Y.Doc, me: Me, id: string, fields: Partial<OutgoingFields>): void {
  doc.transact(() => {
    const f = fieldsMap(doc)
    for (const [k, v] of Object.entries({ ...EMPTY_FIELDS, ...fields })) if (v !== undefined) f.set(k, v)
    appendEvent(doc, outgoingEvent(me, 'create', { header: { id, draftingUnitId: me.unitId, createdBy: me.userId } }))
  })
}

/** Sets only the fields that changed (each is one small update). */
export function updateFields(doc: Y.Doc, next: Partial<OutgoingFields>): void {
  const f = fieldsMap(doc)
  doc.transact(() => {
    for (const [k, v] of Object.entries(next)) if (JSON.stringify(f.get(k)) !== JSON.stringify(v)) f.set(k, v)
  })
}

/** Removes optional fields (密级 and its companions when a draft is no longer classified). */
export function clearFields(doc: Y.Doc, keys: (keyof OutgoingFields)[]): void {
  const f = fieldsMap(doc)
  doc.transact(() => {
    for (const k of keys) if (f.has(k)) f.delete(k)
  })
}

/** 外来文登记: the clerk writes the registration into an empty docin room of the unit. */
export function registerExternal(
  doc: Y.Doc,
  me: Me,
  id: string,
  reg: {
    fromOrg: string
    docNumber: string
    title: string
    urgency: OutgoingFields['urgency']
    docType?: OutgoingFields['docType']
    attachments?: Attachment[]
    classification?: OutgoingFields['classification']
  }
): void {
  doc.transact(() => {
    const m = doc.getMap('meta')
    const meta = { id, unitId: me.unitId, source: 'external', registeredBy: me.userId, ...reg, attachments: reg.attachments ?? [] }
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) m.set(k, v)
  })
}
