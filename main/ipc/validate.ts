import type { DesktopNotification, ProxySetting } from '@preload/contract'
import { parseProxy } from '../config-files'
import { err, ok, type Result } from '../result'

/**
 * Argument checks for every IPC call. The renderer is treated as hostile:
 * wrong types, wrong arity, oversized strings and extra tricks are refused
 * with INVALID_ARGUMENT before any capability runs.
 */
export const LIMITS = {
  title: 200,
  body: 2000,
  route: 512,
  badge: 99_999,
  secretKey: 64,
  secretValue: 16 * 1024,
  url: 2048,
  fileName: 200,
  fileContent: 20 * 1024 * 1024,
  printHtml: 10 * 1024 * 1024,
  mime: 100
} as const

const CONTROL = /[\u0000-\u001f\u007f]/
const bad = (what: string) => err('INVALID_ARGUMENT', `参数无效：${what}`)

export function arity(args: unknown[], n: number): Result<unknown[]> {
  return args.length === n ? ok(args) : bad(`需要 ${n} 个参数，收到 ${args.length} 个`)
}

function text(v: unknown, what: string, min: number, max: number): Result<string> {
  return typeof v === 'string' && v.length >= min && v.length <= max ? ok(v) : bad(what)
}

function plainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * Routes come back to the renderer on click (qf:navigate), so only in-app
 * paths are accepted: "/tasks/abc", never "//evil.com" or "javascript:".
 */
export function isInAppRoute(v: unknown): v is string {
  return typeof v === 'string' && v.length <= LIMITS.route && v.startsWith('/') && !v.startsWith('//') && !v.includes('\\') && !CONTROL.test(v)
}

export function parseNotification(args: unknown[]): Result<DesktopNotification> {
  const a = arity(args, 1)
  if (!a.ok) return a
  const n = args[0]
  if (!plainObject(n)) return bad('通知必须是对象')
  const title = text(n.title, '通知标题', 1, LIMITS.title)
  if (!title.ok) return title
  const body = text(n.body, '通知内容', 0, LIMITS.body)
  if (!body.ok) return body
  if (n.route !== undefined && !isInAppRoute(n.route)) return bad('通知路由')
  const out: DesktopNotification = { title: title.value, body: body.value }
  if (n.route !== undefined) out.route = n.route as string
  return ok(out)
}

export function parseBadgeCount(args: unknown[]): Result<number> {
  const a = arity(args, 1)
  if (!a.ok) return a
  const n = args[0]
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= LIMITS.badge ? ok(n as number) : bad('角标数')
}

/** Secret keys are short ASCII names ("auth.token"); they become JSON keys on disk. */
export function parseSecretKey(v: unknown): Result<string> {
  return typeof v === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(v) && v !== '__proto__' ? ok(v) : bad('密钥名')
}

export function parseSecretSet(args: unknown[]): Result<{ key: string; value: string }> {
  const a = arity(args, 2)
  if (!a.ok) return a
  const key = parseSecretKey(args[0])
  if (!key.ok) return key
  const value = text(args[1], '密钥值', 0, LIMITS.secretValue)
  return value.ok ? ok({ key: key.value, value: value.value }) : value
}

export function parseOneKey(args: unknown[]): Result<string> {
  const a = arity(args, 1)
  return a.ok ? parseSecretKey(args[0]) : a
}

export function parseUrlArg(args: unknown[]): Result<string> {
  const a = arity(args, 1)
  return a.ok ? text(args[0], '网址', 1, LIMITS.url) : a
}

export interface SaveFileArgs {
  fileName: string
  /** Text (CSV, exports) or bytes (attachments), at most LIMITS.fileContent either way. */
  content: string | Uint8Array
  mime: string
}

export function parseSaveFile(args: unknown[]): Result<SaveFileArgs> {
  const a = arity(args, 3)
  if (!a.ok) return a
  const name = text(args[0], '文件名', 1, LIMITS.fileName)
  if (!name.ok) return name
  const raw = args[1]
  const content: Result<string | Uint8Array> =
    raw instanceof Uint8Array
      ? raw.byteLength <= LIMITS.fileContent
        ? ok(new Uint8Array(raw))
        : bad('文件内容')
      : text(raw, '文件内容', 0, LIMITS.fileContent)
  if (!content.ok) return content
  const mime = args[2]
  if (typeof mime !== 'string' || mime.length > LIMITS.mime || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(mime)) {
    return bad('文件类型')
  }
  return ok({ fileName: safeFileName(name.value), content: content.value, mime: mime.toLowerCase() })
}

/**
 * The suggested name only pre-fills the save dialog, but it is still reduced
 * to a bare file name so it cannot point the dialog at another folder
 * ("../../.bashrc") or use names Windows forbids.
 */
export interface ExportPdfArgs {
  html: string
  /** Already made safe (safeFileName), without the .pdf. */
  fileName: string
}

/** exportPdf(html, suggestedName): an HTML document of bounded size and a name for the file. */
export function parseExportPdf(args: unknown[]): Result<ExportPdfArgs> {
  const a = arity(args, 2)
  if (!a.ok) return a
  const html = text(args[0], '打印内容', 1, LIMITS.printHtml)
  if (!html.ok) return html
  const name = text(args[1], '文件名', 1, LIMITS.fileName)
  if (!name.ok) return name
  return ok({ html: html.value, fileName: safeFileName(name.value.replace(/\.pdf$/i, '')) })
}

export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(cleaned)
  return cleaned === '' || reserved ? `导出_${cleaned || '文件'}` : cleaned
}

/** The settings screen's patch: only the known fields, each checked. */
export function parseSettingsPatch(args: unknown[]): Result<{ closeToTray?: boolean; proxy?: ProxySetting }> {
  const a = arity(args, 1)
  if (!a.ok) return a
  const p = args[0]
  if (!plainObject(p)) return bad('设置必须是对象')
  const extra = Object.keys(p).filter((k) => k !== 'closeToTray' && k !== 'proxy')
  if (extra.length) return bad(`未知设置 ${extra.join(',').slice(0, 100)}`)
  const out: { closeToTray?: boolean; proxy?: ProxySetting } = {}
  if (p.closeToTray !== undefined) {
    if (typeof p.closeToTray !== 'boolean') return bad('closeToTray')
    out.closeToTray = p.closeToTray
  }
  if (p.proxy !== undefined) {
    const proxy = parseProxy(p.proxy)
    if (!proxy) return bad('代理设置')
    out.proxy = proxy
  }
  return ok(out)
}
