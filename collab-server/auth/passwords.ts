/** Passwords: scrypt with a per-account salt; parameters stored with the hash so they can be raised later. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))))

/** N=2^15 in production (~60 ms here); tests pass a lower cost to keep seeding quick. */
export async function hashPassword(password: string, cost = 1 << 15): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, 32, { N: cost, r: 8, p: 1, maxmem: 128 * cost * 8 * 2 })
  return `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$')
  if (alg !== 'scrypt') return false
  const N = Number(n)
  const expected = Buffer.from(key, 'base64')
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 128 * N * Number(r) * 2 })
  return timingSafeEqual(got, expected)
}

/** A hash to compare against when the username does not exist, so timing does not reveal which part was wrong. */
let dummy: Promise<string> | undefined
export const dummyHash = (cost?: number) => (dummy ??= hashPassword('not-a-password', cost))
