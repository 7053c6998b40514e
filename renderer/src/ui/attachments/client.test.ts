import { describe, expect, it, vi } from 'vitest'
import {
  attachmentClient,
  checkFile,
  cleanFileName,
  formatSize,
  isAttachment,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  type SendRequest,
  type SendResponse
} from './client'

const sha = 'a'.repeat(64)
const att = { id: sha, name: '防汛预案.pdf', size: 12, mime: 'application/pdf' }

describe('formatSize', () => {
  it('reads like a file manager', () => {
    expect(formatSize(0)).toBe('0 B')
    expect(formatSize(980)).toBe('980 B')
    expect(formatSize(1024)).toBe('1 KB')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(150 * 1024)).toBe('150 KB')
    expect(formatSize(MAX_ATTACHMENT_BYTES)).toBe('20 MB')
    expect(formatSize(4.56 * 1024 * 1024)).toBe('4.6 MB')
    expect(formatSize(3 * 1024 ** 3)).toBe('3 GB')
    expect(formatSize(-1)).toBe('—')
    expect(formatSize(NaN)).toBe('—')
  })
})

describe('checkFile', () => {
  it('refuses files over 20 MB and more than 20 files', () => {
    expect(checkFile({ size: MAX_ATTACHMENT_BYTES }, 0)).toBeNull()
    expect(checkFile({ size: MAX_ATTACHMENT_BYTES + 1 }, 0)).toBe('TOO_LARGE')
    expect(checkFile({ size: 10 }, MAX_ATTACHMENTS - 1)).toBeNull()
    expect(checkFile({ size: 10 }, MAX_ATTACHMENTS)).toBe('TOO_MANY')
  })
})

describe('cleanFileName', () => {
  it('makes a name the server accepts, keeping the extension', () => {
    expect(cleanFileName('防汛预案（2026）.pdf')).toBe('防汛预案（2026）.pdf')
    expect(cleanFileName('a/b\\c\u0001.txt')).toBe('a_b_c_.txt')
    expect(cleanFileName('   ')).toBe('file')
    const long = cleanFileName('长'.repeat(300) + '.docx')
    expect([...long]).toHaveLength(200)
    expect(long.endsWith('.docx')).toBe(true)
  })
})

describe('isAttachment', () => {
  it('accepts only the server answer shape', () => {
    expect(isAttachment(att)).toBe(true)
    expect(isAttachment({ ...att, id: 'x' })).toBe(false)
    expect(isAttachment(null)).toBe(false)
  })
})

describe('attachmentClient', () => {
  const file = new File(['%PDF 预案'], '防汛预案.pdf', { type: 'application/pdf' })

  it('uploads for the room with the Bearer token and keeps only the four record fields', async () => {
    const seen: SendRequest[] = []
    const send = vi.fn(async (r: SendRequest): Promise<SendResponse> => {
      seen.push(r)
      r.onProgress?.(50)
      return { sent: true, status: 200, body: { ...att, extra: 1 } }
    })
    const progress: number[] = []
    const c = attachmentClient({ serverUrl: 'http://s:1', save: () => {}, token: () => 'tok', renew: async () => 'ok', online: () => true, send })
    const r = await c.upload('task:abc', file, { onProgress: (p) => progress.push(p) })
    expect(r).toEqual({ ok: true, value: att })
    expect(seen[0].url).toBe(`http://s:1/api/files?room=task%3Aabc&name=${encodeURIComponent('防汛预案.pdf')}`)
    expect(seen[0].token).toBe('tok')
    expect(seen[0].mime).toBe('application/pdf')
    expect(progress).toEqual([50, 100])
  })

  it('renews the token once on 401 and retries', async () => {
    let token = 'old'
    const send = vi.fn(
      async (r: SendRequest): Promise<SendResponse> =>
        r.token === 'old' ? { sent: true, status: 401, body: { code: 'UNAUTHORIZED' } } : { sent: true, status: 200, body: att }
    )
    const c = attachmentClient({
      serverUrl: 'http://s',
      save: () => {},
      token: () => token,
      renew: async () => ((token = 'new'), 'ok'),
      online: () => true,
      send
    })
    expect((await c.upload('task:abc', file)).ok).toBe(true)
    expect(send).toHaveBeenCalledTimes(2)
  })

  it('refuses before sending: too large, or offline', async () => {
    const send = vi.fn()
    const big = { name: 'big.bin', size: MAX_ATTACHMENT_BYTES + 1, type: '' } as File
    const c = attachmentClient({ serverUrl: 'http://s', save: () => {}, token: () => 't', renew: async () => 'ok', online: () => false, send })
    expect(await c.upload('task:abc', big)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    expect(await c.upload('task:abc', file)).toMatchObject({ ok: false, error: { code: 'OFFLINE' } })
    expect(send).not.toHaveBeenCalled()
  })

  it('turns server refusals and network failures into codes', async () => {
    const answers: SendResponse[] = [
      { sent: true, status: 403, body: { code: 'FORBIDDEN', message: '无权为该记录上传附件' } },
      { sent: true, status: 413, body: { code: 'TOO_LARGE' } },
      { sent: false, error: 'network error' }
    ]
    const c = attachmentClient({
      serverUrl: 'http://s',
      save: () => {},
      token: () => 't',
      renew: async () => 'ok',
      online: () => true,
      send: async () => answers.shift()!
    })
    expect(await c.upload('task:a', file)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '无权为该记录上传附件' } })
    expect(await c.upload('task:a', file)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    expect(await c.upload('task:a', file)).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
  })

  it('downloads with the token and hands the file to save under its own name', async () => {
    const fetchMock = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      expect(String(url)).toBe(`http://s/api/files/${sha}?room=task%3Aabc`)
      expect((init?.headers as Record<string, string> | undefined)?.authorization).toBe('Bearer t')
      return new Response('%PDF 预案', { status: 200 })
    })
    const saved: { name: string; text: string; type: string }[] = []
    const c = attachmentClient({
      serverUrl: 'http://s',
      token: () => 't',
      renew: async () => 'ok',
      online: () => true,
      fetch: fetchMock as typeof fetch,
      save: async (name, blob) => void saved.push({ name, text: await blob.text(), type: blob.type })
    })
    expect(await c.download('task:abc', att)).toEqual({ ok: true, value: undefined })
    expect(saved).toEqual([{ name: '防汛预案.pdf', text: '%PDF 预案', type: 'application/pdf' }])
  })

  it('reports a refused download without saving anything', async () => {
    const save = vi.fn()
    const c = attachmentClient({
      serverUrl: 'http://s',
      token: () => 't',
      renew: async () => 'rejected',
      online: () => true,
      fetch: (async () => new Response(JSON.stringify({ code: 'FORBIDDEN', message: 'no' }), { status: 403 })) as typeof fetch,
      save
    })
    expect(await c.download('task:abc', att)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(save).not.toHaveBeenCalled()
  })
})
