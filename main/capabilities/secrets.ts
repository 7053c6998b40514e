import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { err, ok, type Result } from '../result'

/** The parts of Electron's safeStorage the store needs. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
  /** Linux only: which keyring backs the key ('basic_text' = a hard-coded key). */
  getSelectedStorageBackend?(): string
}

interface FileShape {
  version: 1
  entries: Record<string, string>
}

/**
 * Login tokens encrypted with the OS keychain (safeStorage) in one JSON file
 * under userData. If the OS cannot encrypt, we refuse to store rather than
 * write a token anyone with the disk can read: on Linux without a keyring
 * Electron falls back to 'basic_text', a key compiled into Chromium, which
 * is plain storage in disguise, so it is refused too.
 */
export class SecretStore {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly crypto: Encryptor
  ) {}

  get(key: string): Promise<Result<string | null>> {
    return this.serial(async () => {
      if (!this.canEncrypt()) return unavailable()
      const cipher = (await this.load()).entries[key]
      if (cipher === undefined) return ok(null)
      try {
        return ok(this.crypto.decryptString(Buffer.from(cipher, 'base64')))
      } catch {
        // Copied from another machine/user, or keychain reset: unreadable, not fatal.
        return err('SECRET_UNREADABLE', '无法解密已保存的凭据，请重新登录')
      }
    })
  }

  set(key: string, value: string): Promise<Result<void>> {
    return this.serial(async () => {
      if (!this.canEncrypt()) return unavailable()
      const data = await this.load()
      data.entries[key] = this.crypto.encryptString(value).toString('base64')
      return this.save(data)
    })
  }

  /** Deleting needs no encryption, so logging out can always clear a token. */
  delete(key: string): Promise<Result<void>> {
    return this.serial(async () => {
      const data = await this.load()
      if (!(key in data.entries)) return ok(undefined)
      delete data.entries[key]
      return this.save(data)
    })
  }

  /** False when the OS offers no real keychain (the login page then offers a session-only sign-in). */
  canEncrypt(): boolean {
    if (!this.crypto.isEncryptionAvailable()) return false
    const backend = this.crypto.getSelectedStorageBackend?.()
    return backend !== 'basic_text' && backend !== 'unknown'
  }

  // One operation at a time: two concurrent sets must not lose each other's write.
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op)
    this.queue = next.catch(() => undefined)
    return next
  }

  private async load(): Promise<FileShape> {
    const entries: Record<string, string> = Object.create(null)
    let raw: string
    try {
      raw = await readFile(this.file, 'utf8')
    } catch {
      return { version: 1, entries }
    }
    try {
      const parsed = JSON.parse(raw) as Partial<FileShape>
      for (const [k, v] of Object.entries(parsed.entries ?? {})) if (typeof v === 'string') entries[k] = v
    } catch {
      // A corrupt file holds nothing we could decrypt anyway; start over.
    }
    return { version: 1, entries }
  }

  private async save(data: FileShape): Promise<Result<void>> {
    const tmp = `${this.file}.${process.pid}.tmp`
    try {
      await mkdir(dirname(this.file), { recursive: true })
      // Write-then-rename so a crash never leaves half a file; 0600 = owner only.
      await writeFile(tmp, JSON.stringify(data), { encoding: 'utf8', mode: 0o600 })
      await rename(tmp, this.file)
      return ok(undefined)
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined)
      return err('STORAGE_FAILED', `凭据保存失败：${e instanceof Error ? e.message : String(e)}`)
    }
  }
}

const unavailable = () => err('ENCRYPTION_UNAVAILABLE', '系统密钥环不可用，拒绝以明文保存凭据')
