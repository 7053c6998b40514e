/**
 * Attachments of a record (docs/protocol.md, "HTTP"): files go over HTTP, never
 * through Yjs. A file is uploaded for one room (`task:<id>`, `docout:<id>`, …) and the record
 * references it by SHA-256; downloads need the same room and a Bearer token.
 * A 401 renews the access token once and retries, as the audit client does.
 * Errors come back as values with a code; the UI turns codes into Chinese.
 */
import { httpUrl } from '@preload/server-url'
import type { Attachment } from '@domain/task/types'

export type { Attachment }

/** The server's limit per file (collab-server/http/file-routes.ts MAX_FILE_BYTES). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
/** The record schema's limit per task or event (domain/task/schema.ts). */
export const MAX_ATTACHMENTS = 20
const MAX_NAME = 200

export type AttachErrorCode = 'TOO_LARGE' | 'TOO_MANY' | 'OFFLINE' | 'NETWORK' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'SERVER'
export type AttachError = { code: AttachErrorCode; message: string }
export type AttachResult<T> = { ok: true; value: T } | { ok: false; error: AttachError }

/** "0 B", "980 B", "12.3 KB", "4.5 MB": one decimal below 100, none above. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KB', 'MB', 'GB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  const s = v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '')
  return `${s} ${units[i]}`
}

/** What the server accepts as a name: no control characters or path separators, at most 200 characters (extension kept). */
export function cleanFileName(name: string): string {
  let n = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim()
  if (!n) n = 'file'
  const chars = [...n]
  if (chars.length <= MAX_NAME) return n
  const dot = n.lastIndexOf('.')
  const ext = dot > 0 && n.length - dot <= 16 ? n.slice(dot) : ''
  return [...n.slice(0, n.length - ext.length)].slice(0, MAX_NAME - [...ext].length).join('') + ext
}

/** Checks before anything is sent: size, and how many the record may carry. */
export function checkFile(file: { size: number }, alreadyAttached: number): AttachErrorCode | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'TOO_LARGE'
  if (alreadyAttached >= MAX_ATTACHMENTS) return 'TOO_MANY'
  return null
}

export function isAttachment(v: unknown): v is Attachment {
  const a = v as Attachment
  return (
    !!a && typeof a.id === 'string' && /^[0-9a-f]{64}$/.test(a.id) && typeof a.name === 'string' && typeof a.size === 'number' && typeof a.mime === 'string'
  )
}

/** Only the four fields the record schema allows (it is strict). */
export const toAttachment = (a: Attachment): Attachment => ({ id: a.id, name: a.name, size: a.size, mime: a.mime })

export interface AttachmentClientDeps {
  serverUrl: string
  token(): string | null
  renew(): Promise<'ok' | 'rejected' | 'offline'>
  online?: () => boolean
  fetch?: typeof fetch
  /** Sends the upload; XMLHttpRequest in the app (fetch cannot report upload progress). */
  send?: Sender
  /** Hands a downloaded file to the user (the DesktopApi's saveFile in the app). */
  save: (name: string, blob: Blob) => void | Promise<void>
}

export interface SendRequest {
  url: string
  token: string
  body: Blob
  mime: string
  onProgress?: (percent: number) => void
  signal?: AbortSignal
}
/** `sent: false` when no HTTP answer came (network down, timeout, aborted). */
export type SendResponse = { sent: true; status: number; body: unknown } | { sent: false; error: string }
export type Sender = (r: SendRequest) => Promise<SendResponse>

export function xhrSend(r: SendRequest): Promise<SendResponse> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', r.url)
    xhr.setRequestHeader('authorization', `Bearer ${r.token}`)
    xhr.setRequestHeader('content-type', r.mime || 'application/octet-stream')
    xhr.timeout = 10 * 60_000
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) r.onProgress?.(Math.min(99, Math.floor((e.loaded / e.total) * 100)))
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        /* not JSON: judged by status */
      }
      resolve({ sent: true, status: xhr.status, body })
    }
    xhr.onerror = () => resolve({ sent: false, error: 'network error' })
    xhr.ontimeout = () => resolve({ sent: false, error: 'timeout' })
    xhr.onabort = () => resolve({ sent: false, error: 'aborted' })
    r.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(r.body)
  })
}

function errorOf(status: number, body: unknown): AttachError {
  const d = (body ?? {}) as { code?: unknown; message?: unknown }
  const message = typeof d.message === 'string' ? d.message : `HTTP ${status}`
  if (status === 401) return { code: 'UNAUTHORIZED', message }
  if (status === 403) return { code: 'FORBIDDEN', message }
  if (status === 404) return { code: 'NOT_FOUND', message }
  if (status === 413) return { code: 'TOO_LARGE', message }
  return { code: 'SERVER', message }
}

export function attachmentClient(deps: AttachmentClientDeps) {
  const doFetch = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const send = deps.send ?? xhrSend
  const save = deps.save
  const online = deps.online ?? (() => navigator.onLine)
  const url = (path: string) => httpUrl(deps.serverUrl, path)

  async function upload(
    room: string,
    file: File,
    opts: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {}
  ): Promise<AttachResult<Attachment>> {
    const precheck = checkFile(file, 0)
    if (precheck) return { ok: false, error: { code: precheck, message: precheck } }
    if (!online()) return { ok: false, error: { code: 'OFFLINE', message: 'offline' } }
    const name = cleanFileName(file.name)
    const target = url(`/api/files?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}`)
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await send({
        url: target,
        token: deps.token() ?? '',
        body: file,
        mime: file.type || 'application/octet-stream',
        onProgress: opts.onProgress,
        signal: opts.signal
      })
      if (!r.sent) return { ok: false, error: { code: online() ? 'NETWORK' : 'OFFLINE', message: r.error } }
      if (r.status === 200 && isAttachment(r.body)) {
        opts.onProgress?.(100)
        return { ok: true, value: toAttachment(r.body) }
      }
      if (r.status === 401 && attempt === 0 && (await deps.renew()) === 'ok') continue
      return { ok: false, error: errorOf(r.status, r.body) }
    }
    return { ok: false, error: { code: 'UNAUTHORIZED', message: 'HTTP 401' } }
  }

  async function fetchBlob(room: string, att: Attachment): Promise<AttachResult<Blob>> {
    if (!online()) return { ok: false, error: { code: 'OFFLINE', message: 'offline' } }
    const target = url(`/api/files/${att.id}?room=${encodeURIComponent(room)}`)
    for (let attempt = 0; attempt < 2; attempt++) {
      let res: Response
      try {
        res = await doFetch(target, { headers: { authorization: `Bearer ${deps.token() ?? ''}` } })
      } catch (e) {
        return { ok: false, error: { code: online() ? 'NETWORK' : 'OFFLINE', message: String(e) } }
      }
      if (res.ok) {
        const blob = await res.blob()
        return { ok: true, value: att.mime ? new Blob([blob], { type: att.mime }) : blob }
      }
      let body: unknown = null
      try {
        body = await res.json()
      } catch {
        /* not JSON */
      }
      if (res.status === 401 && attempt === 0 && (await deps.renew()) === 'ok') continue
      return { ok: false, error: errorOf(res.status, body) }
    }
    return { ok: false, error: { code: 'UNAUTHORIZED', message: 'HTTP 401' } }
  }

  async function download(room: string, att: Attachment): Promise<AttachResult<void>> {
    const r = await fetchBlob(room, att)
    if (!r.ok) return r
    await save(att.name, r.value)
    return { ok: true, value: undefined }
  }

  return { upload, download, fetchBlob }
}

export type AttachmentClient = ReturnType<typeof attachmentClient>
