/**
 * Reading and writing the 公文 Y.Doc layouts (types.ts). Both sides use these, so the layout is
 * defined once.
 */
import * as Y from 'yjs'
import type { IncomingEvent, OutgoingEvent, OutgoingFields, OutgoingHeader, Receipt } from './types'

export const fieldsMap = (doc: Y.Doc) => doc.getMap<unknown>('fields')
export const bodyFragment = (doc: Y.Doc) => doc.getXmlFragment('body')
export const outgoingEvents = (doc: Y.Doc) => doc.getArray<OutgoingEvent>('events')
export const incomingEvents = (doc: Y.Doc) => doc.getArray<IncomingEvent>('events')
export const receiptsMap = (doc: Y.Doc) => doc.getMap<Receipt>('receipts')
export const serverMap = (doc: Y.Doc) => doc.getMap<unknown>('server')

export const EMPTY_FIELDS: OutgoingFields = {
  docType: '通知',
  title: '',
  mainTo: [],
  copyTo: [],
  urgency: 'none',
  upward: false,
  note: '',
  attachmentNames: [],
  attachments: [],
  replyRequested: false
}

export function readFields(doc: Y.Doc): OutgoingFields {
  return { ...EMPTY_FIELDS, ...(fieldsMap(doc).toJSON() as Partial<OutgoingFields>) }
}

/** A new draft: the `create` event and the empty fields in one update. */
export function writeNewDraft(doc: Y.Doc, header: OutgoingHeader, create: OutgoingEvent, fields: Partial<OutgoingFields> = {}): void {
  doc.transact(() => {
    const m = fieldsMap(doc)
    for (const [k, v] of Object.entries({ ...EMPTY_FIELDS, ...fields })) if (v !== undefined) m.set(k, v)
    outgoingEvents(doc).push([{ ...create, payload: { ...create.payload, header } }])
  })
}

/**
 * The signed content in a canonical form: the fields with sorted keys and the body as XML. The
 * server hashes this (SHA-256) into the signing receipt; the same text hashed later proves the
 * document issued is the one signed.
 */
export function canonicalContent(fields: OutgoingFields, body: Y.XmlFragment): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)])
          )
        : v
  return `${JSON.stringify(sort(fields))}\n${body.toString()}`
}

/** Plain text of the body, paragraph per line (search, print fallback, previews). */
export function bodyText(body: Y.XmlFragment): string {
  const out: string[] = []
  const walk = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const c of el.toArray()) {
      if (!(c instanceof Y.XmlElement)) continue
      const kids = c.toArray()
      if (kids.some((k) => k instanceof Y.XmlElement)) walk(c)
      else out.push(kids.map((k) => (k instanceof Y.XmlText ? textOf(k) : '')).join(''))
    }
  }
  walk(body)
  return out.join('\n')
}

const textOf = (t: Y.XmlText): string => (t.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')
