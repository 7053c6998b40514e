/**
 * Files on 公文 (docs/decisions.md, "公文 attachments"). Bytes go over HTTP and are registered for
 * one room; a record only references them by SHA-256, and the server refuses a reference to a file
 * not registered for that room. Which room holds which files:
 *   - a draft's files: uploaded for docout:<id>; at 核发 the server registers the same files for
 *     docpub:<id> (a row, not a copy), so every recipient unit, which reads the issued text there,
 *     downloads them there — and a unit that is not a recipient is refused by docpub's access rule;
 *   - 外来文登记's scan, and the files of 承办反馈 / 办结: uploaded for that unit's docin room;
 *   - a 答复's files: registered by the server for the sender's docout room as well.
 */
import { DOCIN_KIND, DOCOUT_KIND, DOCPUB_KIND } from './kinds'
import type { Attachment, IncomingMeta, OutgoingFields } from './types'

/** The room a 收文's own attachments (those of its meta) are downloaded from. */
export const incomingFilesRoom = (m: Pick<IncomingMeta, 'id' | 'source' | 'outgoingId'>): string =>
  m.source === 'internal' && m.outgoingId ? `${DOCPUB_KIND}:${m.outgoingId}` : `${DOCIN_KIND}:${m.id}`

export const outgoingRoom = (id: string) => `${DOCOUT_KIND}:${id}`
export const publishedRoom = (id: string) => `${DOCPUB_KIND}:${id}`

/** A file's name as a 附件说明 line: the extension dropped ("工作方案.docx" → "工作方案"). */
export function attachmentTitle(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.length - dot <= 8 ? name.slice(0, dot) : name
}

/**
 * The 附件说明 lines printed: the attached files by their real names, in order, then any line the
 * drafter typed for an attachment that is not a file here (e.g. sent on paper). A typed line
 * naming a file already listed is not printed twice.
 */
export function attachmentLines(f: Pick<OutgoingFields, 'attachments' | 'attachmentNames'>): string[] {
  const files = (f.attachments ?? []).map((a) => attachmentTitle(a.name))
  const seen = new Set(files)
  return [...files, ...(f.attachmentNames ?? []).filter((n) => !seen.has(n) && !seen.has(attachmentTitle(n)))]
}

/** Ids of files `after` references that `before` did not. */
export function newAttachmentIds(before: readonly Attachment[] | undefined, after: readonly Attachment[] | undefined): string[] {
  const had = new Set((before ?? []).map((a) => a.id))
  return [...new Set((after ?? []).map((a) => a.id).filter((id) => !had.has(id)))]
}
