/**
 * The HTTP edge answers bad input with a clear status and a JSON error, and
 * stays up: a bad percent-escape in a static path is the client's mistake
 * (400), and a JSON body over the limit gets 413 with the error body, not a
 * reset connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { MAX_JSON_BODY } from '@domain/wire'
import { restartOn, startServer, type TestServer } from './harness'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
  const renderer = join(server.dataDir, 'renderer')
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>qf</title>')
  await server.close()
  server = await restartOn(server, { rendererDir: renderer })
})
afterAll(() => server.cleanup())

/** A raw request, so a reset connection shows as an error instead of being retried. */
function send(path: string, method: string, body?: Buffer): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown = null
          try {
            json = JSON.parse(text)
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, json })
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('HTTP edge', () => {
  it('answers 400 to a malformed percent-escape in a static path, and keeps serving', async () => {
    expect((await send('/%E0%A4%A', 'GET')).status).toBe(400)
    expect((await send('/assets/%zz.js', 'GET')).status).toBe(400)
    expect((await send('/', 'GET')).status).toBe(200)
  })

  it('answers 413 with the JSON error to a body over the limit', async () => {
    const big = Buffer.from(JSON.stringify({ username: 'x'.repeat(MAX_JSON_BODY), password: 'y' }))
    const r = await send('/api/login', 'POST', big)
    expect(r.status).toBe(413)
    expect(r.json).toMatchObject({ code: 'BODY_TOO_LARGE' })
    // A body within the limit is still read.
    const ok = await send('/api/login', 'POST', Buffer.from(JSON.stringify({ username: 'xianzhang', password: 'demo123' })))
    expect(ok.status).toBe(200)
  })
})
