/**
 * The server's config file (docs/deploy.md, "Configuration"): JSON, every key
 * optional. Unknown keys and wrong types are refused with a message naming the
 * key, so a typo does not silently fall back to a default.
 */
import { readFileSync } from 'node:fs'
import type { BackupSchedule } from './backup'

export interface ServerConfig {
  port?: number
  host?: string
  dataDir?: string
  /** Host names clients use to reach this server (Host header check). */
  serverNames?: string[]
  /** Extra page origins allowed to call the API (the desktop shell's app://qingfeng is always allowed). */
  allowedOrigins?: string[]
  /** Private key used to sign audit heads (read by the witness module). */
  signingKeyPath?: string
  backup?: BackupSchedule
  /** nginx on this machine: take client addresses from X-Forwarded-For. */
  trustProxy?: boolean
  passwordPolicy?: { minLength?: number; minClasses?: number; noReuse?: number; maxAgeDays?: number }
  /** 归档: records closed this many days are archived (read-only, out of current lists; default 365). */
  archiveAfterDays?: number
}

const isStrArr = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0)
const isPosInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0

export function parseConfig(text: string, source = 'config'): ServerConfig {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new Error(`${source}: 不是有效的 JSON (${(e as Error).message})`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${source}: 顶层须为对象`)
  const c = raw as Record<string, unknown>
  const bad = (key: string, want: string) => new Error(`${source}: "${key}" 应为${want}`)
  const known = ['port', 'host', 'dataDir', 'serverNames', 'allowedOrigins', 'signingKeyPath', 'backup', 'passwordPolicy', 'trustProxy', 'archiveAfterDays']
  for (const k of Object.keys(c)) if (!known.includes(k)) throw new Error(`${source}: 未知配置项 "${k}"（可用：${known.join(', ')}）`)
  if (c.port !== undefined && !(isPosInt(c.port) && (c.port as number) < 65536)) throw bad('port', '1–65535 的整数')
  for (const k of ['host', 'dataDir', 'signingKeyPath']) if (c[k] !== undefined && typeof c[k] !== 'string') throw bad(k, '字符串')
  for (const k of ['serverNames', 'allowedOrigins']) if (c[k] !== undefined && !isStrArr(c[k])) throw bad(k, '字符串数组')
  if (c.archiveAfterDays !== undefined && !isPosInt(c.archiveAfterDays)) throw bad('archiveAfterDays', '正整数（天）')
  if (c.trustProxy !== undefined && typeof c.trustProxy !== 'boolean') throw bad('trustProxy', ' true 或 false')
  if (c.backup !== undefined) {
    const b = c.backup as Record<string, unknown>
    const counts = ['keep', 'daily', 'weekly', 'monthly'] as const
    if (b && typeof b === 'object')
      for (const k of Object.keys(b)) if (!['target', 'everyMinutes', ...counts].includes(k)) throw new Error(`${source}: 未知配置项 "backup.${k}"`)
    if (
      !b ||
      typeof b.target !== 'string' ||
      !isPosInt(b.everyMinutes) ||
      counts.some((k) => b[k] !== undefined && !(Number.isInteger(b[k]) && (b[k] as number) >= 0)) ||
      !counts.some((k) => isPosInt(b[k]))
    )
      throw bad('backup', ' {"target": 目录, "everyMinutes": 正整数, 以及 "keep"/"daily"/"weekly"/"monthly" 中至少一项正整数}')
  }
  if (c.passwordPolicy !== undefined) {
    const p = c.passwordPolicy as Record<string, unknown>
    for (const k of ['minLength', 'minClasses', 'noReuse', 'maxAgeDays'])
      if (p[k] !== undefined && !(Number.isInteger(p[k]) && (p[k] as number) >= 0)) throw bad(`passwordPolicy.${k}`, '非负整数')
  }
  return c as ServerConfig
}

export const loadConfig = (file: string): ServerConfig => parseConfig(readFileSync(file, 'utf8'), file)
