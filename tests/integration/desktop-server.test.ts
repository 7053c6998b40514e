/**
 * What the desktop client needs from a county's server: /api/health names the
 * county from its directory data, and /updates/ is a faithful electron-updater
 * feed the admin can pause. Real server, real files; the feed is read with
 * electron-updater's own parser and its own sha512 check.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './harness'

const require = createRequire(import.meta.url)
// electron-updater's generic provider, minus Electron: the same yml parser and file resolution.
const { parseUpdateInfo, resolveFiles } = require('electron-updater/out/providers/Provider.js') as {
  parseUpdateInfo(raw: string, channelFile: string, url: URL): { version: string; stagingPercentage?: number; files: unknown[] }
  resolveFiles(info: unknown, baseUrl: URL): Array<{ url: URL; info: { sha512: string; size: number } }>
}
const { newBaseUrl } = require('electron-updater/out/util.js') as { newBaseUrl(url: string): URL }
const { DigestTransform } = require('builder-util-runtime') as {
  DigestTransform: new (expected: string, algorithm?: string, encoding?: string) => NodeJS.ReadWriteStream & { validate(): void }
}

let server: TestServer
let feed: string
const installer = Buffer.alloc(300_000, 7)
installer.write('Qingfeng 0.2.0 installer', 0)
const sha512 = createHash('sha512').update(installer).digest('base64')
const yml = [
  'version: 0.2.0',
  'files:',
  '  - url: qingfeng-office-0.2.0-linux-x86_64.AppImage',
  `    sha512: ${sha512}`,
  `    size: ${installer.length}`,
  'path: qingfeng-office-0.2.0-linux-x86_64.AppImage',
  `sha512: ${sha512}`,
  "releaseDate: '2026-11-30T08:00:00.000Z'",
  ''
].join('\n')

beforeAll(async () => {
  server = await startServer()
  const dir = join(server.dataDir, 'updates')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'latest-linux.yml'), yml)
  writeFileSync(join(dir, 'qingfeng-office-0.2.0-linux-x86_64.AppImage'), installer)
  feed = `${server.url}/updates/`
})
afterAll(() => server.cleanup())

/** Downloads through electron-updater's DigestTransform: throws ERR_CHECKSUM_MISMATCH as the updater would. */
async function downloadChecked(url: string, expected: string): Promise<number> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  const digest = new DigestTransform(expected)
  let size = 0
  const sink = new PassThrough()
  sink.on('data', (c: Buffer) => (size += c.length))
  await pipeline(Readable.from([Buffer.from(await res.arrayBuffer())]), digest, sink)
  digest.validate()
  return size
}

describe('GET /api/health', () => {
  it('names the county from the directory data', async () => {
    const body = (await (await fetch(`${server.url}/api/health`)).json()) as { ok: boolean; county: { name: string; issuers: Array<{ mark: string }> } }
    expect(body.ok).toBe(true)
    expect(body.county.name).toBe('浠水县')
    expect(body.county.issuers.map((i) => i.mark)).toContain('浠水县人民政府文件')
  })
})

describe('update feed', () => {
  it('serves latest-linux.yml byte for byte, and electron-updater resolves the installer under the feed', async () => {
    const res = await fetch(`${feed}latest-linux.yml?noCache=1abc`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('yaml')
    const text = await res.text()
    expect(text).toBe(yml)
    const info = parseUpdateInfo(text, 'latest-linux.yml', new URL(`${feed}latest-linux.yml`))
    expect(info.version).toBe('0.2.0')
    const [file] = resolveFiles(info, newBaseUrl(feed))
    expect(file.url.href).toBe(`${feed}qingfeng-office-0.2.0-linux-x86_64.AppImage`)
    expect(await downloadChecked(file.url.href, file.info.sha512)).toBe(installer.length)
  })

  it('a tampered installer fails the sha512 check electron-updater applies', async () => {
    const dir = join(server.dataDir, 'updates')
    const tampered = Buffer.from(installer)
    tampered[1000] ^= 0xff
    writeFileSync(join(dir, 'qingfeng-office-0.2.0-linux-x86_64.AppImage'), tampered)
    try {
      await expect(downloadChecked(`${feed}qingfeng-office-0.2.0-linux-x86_64.AppImage`, sha512)).rejects.toThrow(/sha512 checksum mismatch/)
    } finally {
      writeFileSync(join(dir, 'qingfeng-office-0.2.0-linux-x86_64.AppImage'), installer)
    }
  })

  it('resumes a download with a byte range', async () => {
    const res = await fetch(`${feed}qingfeng-office-0.2.0-linux-x86_64.AppImage`, { headers: { range: 'bytes=0-23' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 0-23/${installer.length}`)
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('Qingfeng 0.2.0 installer')
    expect((await fetch(`${feed}latest-linux.yml`, { headers: { range: 'bytes=99999999-' } })).status).toBe(416)
  })

  it('the admin stops the rollout with a `paused` file: every channel says "nothing newer", and resumes by deleting it', async () => {
    const flag = join(server.dataDir, 'updates', 'paused')
    writeFileSync(flag, '')
    try {
      for (const channel of ['latest-linux.yml', 'latest.yml', 'latest-linux-arm64.yml']) {
        const res = await fetch(`${feed}${channel}`)
        expect(res.status).toBe(200)
        const info = parseUpdateInfo(await res.text(), channel, new URL(`${feed}${channel}`))
        // Lower than any release, and a 0 % rollout: electron-updater reports update-not-available.
        expect(info.version).toBe('0.0.0')
        expect(info.stagingPercentage).toBe(0)
      }
      expect((await fetch(`${feed}paused`)).status).toBe(404)
    } finally {
      rmSync(flag)
    }
    expect(await (await fetch(`${feed}latest-linux.yml`)).text()).toBe(yml)
  })

  it('serves nothing outside the folder, and refuses writes', async () => {
    // (A literal ../ is resolved by the client before sending; the encoded forms reach the route.)
    for (const path of ['..%2Ftoken-secret.key', '%2e%2e%2ftoken-secret.key', '..%5ctoken-secret.key', '.hidden', 'sub/dir.yml', '']) {
      const res = await fetch(`${feed}${path}`)
      expect([400, 404]).toContain(res.status)
    }
    expect((await fetch(`${feed}missing-1.0.0.exe`)).status).toBe(404)
    expect((await fetch(`${feed}latest.yml`, { method: 'POST', body: 'x' })).status).toBe(405)
  })
})
