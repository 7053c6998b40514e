/**
 * /api/admin/… — administration (docs/deploy.md, "Accounts").
 *   GET  /api/admin/accounts
 *   POST /api/admin/accounts                      {id, username, name, unitId, roles, title?}
 *   POST /api/admin/accounts/:id                  {name?, unitId?, roles?, title?, mobile?, posts?, expiresAt?}
 *   POST /api/admin/accounts/:id/disable          {disabled: boolean}
 *   POST /api/admin/accounts/:id/reset-password
 *   POST /api/admin/accounts/:id/end-sessions     强制下线 (the account stays enabled)
 *   GET  /api/admin/accounts/:id/logins
 *   GET  /api/admin/units
 *   POST /api/admin/units                         {id, name, kind, shortName?, docCode?}
 *   POST /api/admin/units/:id                     {name?, kind?, shortName?, docCode?}
 *   POST /api/admin/units/:id/merge               {into}
 *   POST /api/admin/import/preview?format=xlsx|csv   (the file as the body)
 *   POST /api/admin/import/apply?format=xlsx|csv
 *   GET  /api/admin/trail?before=<seq>             the trail of administrative changes
 * Who may do what is domain/directory/duties.ts (等保 三员分立, docs/decisions.md):
 * 系统管理员 people, units and the import; 安全管理员 disable, reset and the
 * administrative roles; 审计管理员 the trail and login histories; 'admin'
 * all of it. Nothing here reaches audit records, tasks, documents or notices.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { adminDuties, type AdminDuties } from '@domain/directory'
import { AdminError, type AccountAdmin } from '../admin/accounts'
import type { UnitAdmin } from '../admin/units'
import type { DirectoryImport } from '../admin/import'
import { adminTrail } from '../admin/trail'
import { isJson, type AuthDeps } from './auth-routes'
import { apiError, bearer, readJson, sendJson } from './util'

export const MAX_IMPORT_BYTES = 8 * 1024 * 1024

const DUTY_TEXT: Record<keyof AdminDuties, string> = {
  directory: '需要管理员权限',
  manage: '需要系统管理员权限',
  secure: '需要安全管理员权限',
  loginHistory: '需要安全管理员或审计管理员权限',
  trail: '需要审计管理员权限',
  calendar: '需要系统管理员权限'
}

/** The duty a request needs; account edits are checked field by field in AccountAdmin. */
function dutyFor(method: string | undefined, area: string | undefined, id: string | undefined, action: string | undefined): keyof AdminDuties {
  if (area === 'trail') return 'trail'
  if (area === 'accounts' && action === 'logins') return 'loginHistory'
  if (method === 'GET') return 'directory'
  if (area === 'accounts' && (action === 'disable' || action === 'reset-password' || action === 'end-sessions')) return 'secure'
  if (area === 'accounts' && id && !action) return 'directory'
  return 'manage'
}

function readBytes(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        resolve(null)
        req.resume()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)))
    req.on('error', () => resolve(null))
  })
}

export function adminRoutes(auth: AuthDeps, admin: { accounts: AccountAdmin; units: UnitAdmin; importer: DirectoryImport }) {
  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const check = auth.tokens.verify(bearer(req), 'access', auth.clock())
    if (!check.ok || !auth.accounts.tokenLive(check.payload.sub, check.payload.gen)) return apiError(res, 401, 'UNAUTHORIZED', '请重新登录')
    const actor = auth.directory().actor(check.payload.sub)
    const duties = actor ? adminDuties(actor) : undefined
    if (!actor || !duties?.directory) return apiError(res, 403, 'FORBIDDEN', DUTY_TEXT.directory)
    let parts: string[]
    try {
      parts = url.pathname
        .split('/')
        .slice(3)
        .map((p) => decodeURIComponent(p))
    } catch {
      return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
    }
    const [area, id, action] = parts
    const duty = dutyFor(req.method, area, id, action)
    if (!duties[duty]) return apiError(res, 403, 'FORBIDDEN', DUTY_TEXT[duty])
    try {
      if (area === 'import' && req.method === 'POST' && (id === 'preview' || id === 'apply')) {
        const data = await readBytes(req, MAX_IMPORT_BYTES)
        if (!data) return apiError(res, 413, 'TOO_LARGE', `文件不能超过${MAX_IMPORT_BYTES / 1024 / 1024}MB`)
        const format = url.searchParams.get('format')
        if (id === 'preview') return sendJson(res, 200, await admin.importer.preview(format, data))
        return sendJson(res, 200, await admin.importer.apply(actor.userId, format, data))
      }
      if (req.method === 'GET') {
        if (area === 'accounts' && !id) return sendJson(res, 200, { accounts: admin.accounts.list() })
        if (area === 'units' && !id) return sendJson(res, 200, { units: admin.units.list() })
        if (area === 'accounts' && action === 'logins') return sendJson(res, 200, { logins: admin.accounts.loginHistory(id) })
        if (area === 'trail' && !id) {
          const before = url.searchParams.get('before')
          if (before !== null && !/^\d{1,15}$/.test(before)) return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
          return sendJson(res, 200, adminTrail(auth, actor.userId, before === null ? undefined : Number(before)))
        }
        return apiError(res, 404, 'NOT_FOUND', '接口不存在')
      }
      if (req.method !== 'POST') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
      if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
      const body = (await readJson(req)) as Record<string, unknown> | null
      if (!body || typeof body !== 'object' || Array.isArray(body)) return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
      if (area === 'accounts') {
        if (!id) return sendJson(res, 201, await admin.accounts.create(actor.userId, body, duties))
        if (!action) return sendJson(res, 200, { person: admin.accounts.update(actor.userId, id, body, duties) })
        if (action === 'disable') {
          if (typeof body.disabled !== 'boolean') return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
          admin.accounts.setDisabled(actor.userId, id, body.disabled)
          return sendJson(res, 200, { ok: true })
        }
        if (action === 'reset-password') return sendJson(res, 200, await admin.accounts.resetPassword(actor.userId, id))
        if (action === 'end-sessions') return sendJson(res, 200, admin.accounts.endSessions(actor.userId, id))
      }
      if (area === 'units') {
        if (!id) return sendJson(res, 201, { unit: admin.units.create(actor.userId, body) })
        if (!action) return sendJson(res, 200, { unit: admin.units.update(actor.userId, id, body) })
        if (action === 'merge') {
          if (typeof body.into !== 'string') return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
          return sendJson(res, 200, admin.units.merge(actor.userId, id, body.into))
        }
      }
      return apiError(res, 404, 'NOT_FOUND', '接口不存在')
    } catch (e) {
      if (e instanceof AdminError) return apiError(res, e.status, e.code, e.message)
      throw e
    }
  }
}
