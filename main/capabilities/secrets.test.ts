import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SecretStore, type Encryptor } from './secrets'

// A reversible stand-in for the OS keychain that visibly changes the bytes.
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a))
const keychain = (overrides: Partial<Encryptor> = {}): Encryptor => ({
  isEncryptionAvailable: () => true,
  encryptString: (s) => xor(Buffer.from(s, 'utf8')),
  decryptString: (b) => xor(b).toString('utf8'),
  ...overrides
})

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qf-secrets-'))
  file = join(dir, 'nested', 'secrets.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('SecretStore', () => {
  it('round-trips a token and never writes it in clear', async () => {
    const store = new SecretStore(file, keychain())
    expect(await store.set('auth.token', 'eyJhbGciOi.令牌')).toEqual({ ok: true, value: undefined })
    expect(await store.get('auth.token')).toEqual({ ok: true, value: 'eyJhbGciOi.令牌' })
    const onDisk = await readFile(file, 'utf8')
    expect(onDisk).not.toContain('eyJhbGciOi')
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0)
  })

  it('returns null for a missing key, and delete removes it', async () => {
    const store = new SecretStore(file, keychain())
    expect(await store.get('nope')).toEqual({ ok: true, value: null })
    await store.set('a', '1')
    await store.delete('a')
    expect(await store.get('a')).toEqual({ ok: true, value: null })
  })

  it('refuses to store anything when the OS cannot encrypt', async () => {
    const store = new SecretStore(file, keychain({ isEncryptionAvailable: () => false }))
    expect(await store.set('auth.token', 'tok')).toMatchObject({ ok: false, code: 'ENCRYPTION_UNAVAILABLE' })
    await expect(readFile(file)).rejects.toThrow()
  })

  it("refuses Linux's basic_text backend (a key built into Chromium is no protection)", async () => {
    const store = new SecretStore(file, keychain({ getSelectedStorageBackend: () => 'basic_text' }))
    expect(await store.set('auth.token', 'tok')).toMatchObject({ ok: false, code: 'ENCRYPTION_UNAVAILABLE' })
    expect(await store.get('auth.token')).toMatchObject({ ok: false, code: 'ENCRYPTION_UNAVAILABLE' })
  })

  it('still lets logout delete a token when encryption is gone', async () => {
    await new SecretStore(file, keychain()).set('auth.token', 'tok')
    const locked = new SecretStore(file, keychain({ isEncryptionAvailable: () => false }))
    expect(await locked.delete('auth.token')).toEqual({ ok: true, value: undefined })
    expect(await readFile(file, 'utf8')).not.toContain('auth.token')
  })

  it('reports an undecryptable entry as SECRET_UNREADABLE', async () => {
    await new SecretStore(file, keychain()).set('auth.token', 'tok')
    const other = new SecretStore(
      file,
      keychain({
        decryptString: () => {
          throw new Error('bad key')
        }
      })
    )
    expect(await other.get('auth.token')).toMatchObject({ ok: false, code: 'SECRET_UNREADABLE' })
  })

  it('survives a corrupt file and keeps concurrent writes', async () => {
    const store = new SecretStore(file, keychain())
    await store.set('x', '1')
    await writeFile(file, '{not json')
    await Promise.all([store.set('a', '1'), store.set('b', '2'), store.set('c', '3')])
    expect(await Promise.all(['a', 'b', 'c'].map((k) => store.get(k)))).toEqual(['1', '2', '3'].map((value) => ({ ok: true, value })))
  })
})
