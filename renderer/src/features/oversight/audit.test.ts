import { describe, expect, it, vi } from 'vitest'
import { auditClient, hashPrefix, shanghaiDateTimeSec, shanghaiWallClockToMs } from './audit'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const trail = { room: 'task:t1', verified: true, records: [] }

describe('audit API client', () => {
  it('sends the bearer token and asks for the task room', async () => {
    const fetch = vi.fn(async () => json(200, trail))
    const c = auditClient({ serverUrl: 'http://srv:1', token: () => 'tok', renew: async () => 'ok', fetch })
    expect(await c.trail('t1')).toEqual({ ok: true, value: trail })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('http://srv:1/api/audit/trail?room=task%3At1')
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok')
  })

  it('renews an expired token once and retries', async () => {
    let token = 'old'
    const fetch = vi.fn(async () => (token === 'old' ? json(401, { code: 'UNAUTHORIZED', message: '请先登录' }) : json(200, trail)))
    const renew = vi.fn(async () => ((token = 'new'), 'ok' as const))
    const c = auditClient({ serverUrl: 'http://srv', token: () => token, renew, fetch })
    expect((await c.trail('t1')).ok).toBe(true)
    expect(renew).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('reports 401 after a failed renewal, 403, server errors and network failures as codes', async () => {
    const c = (f: () => Promise<Response>, renew: 'ok' | 'rejected' = 'rejected') =>
      auditClient({ serverUrl: 'http://srv', token: () => 't', renew: async () => renew, fetch: vi.fn(f) })
    expect(await c(async () => json(401, { message: '请先登录' })).trail('x')).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '请先登录' } })
    expect(await c(async () => json(403, { code: 'FORBIDDEN', message: '只有纪委监委可以查看审计记录' })).trail('x')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
    expect(await c(async () => json(500, {})).trail('x')).toMatchObject({ ok: false, error: { code: 'SERVER', message: 'HTTP 500' } })
    expect(
      await c(async () => {
        throw new TypeError('fetch failed')
      }).trail('x')
    ).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
    // A 200 that is not a trail is a server error, not a crash.
    expect(await c(async () => json(200, { hello: 1 })).trail('x')).toMatchObject({ ok: false, error: { code: 'SERVER' } })
  })

  it('asks for a replay at a whole millisecond', async () => {
    const fetch = vi.fn(async () => json(200, { room: 'task:t1', at: 5, meta: null, events: [], state: null }))
    const c = auditClient({ serverUrl: 'http://srv', token: () => 't', renew: async () => 'ok', fetch })
    expect((await c.replay('t1', 1790000000123.7)).ok).toBe(true)
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('http://srv/api/audit/replay?room=task%3At1&at=1790000000123')
  })
})

describe('audit times and hashes', () => {
  it('shows server times in Shanghai with seconds', () => {
    expect(shanghaiDateTimeSec(Date.parse('2026-09-21T02:03:04Z'))).toBe('2026-09-21 10:03:04')
  })
  it('reads a picked wall-clock time as Shanghai time', () => {
    expect(shanghaiWallClockToMs('2026-09-21 10:03:04')).toBe(Date.parse('2026-09-21T02:03:04Z'))
    expect(shanghaiWallClockToMs('2026-09-21 10:03')).toBe(Date.parse('2026-09-21T02:03:00Z'))
    expect(shanghaiWallClockToMs('yesterday')).toBeNull()
  })
  it('shortens hashes', () => {
    expect(hashPrefix('0123456789abcdef0123')).toBe('0123456789ab')
  })
})
