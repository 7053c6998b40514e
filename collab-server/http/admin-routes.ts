/**
 * /api/admin/… — administration (docs/deploy.md, "Accounts").
 *   GET  /api/admin/accounts
 *   POST /api/admin/accounts                      {id, username, name, unitId, roles, title?}
 *   POST /api/admin/accounts/:id                  {name?, unitId?, roles?, title?, expiresAt?}
 *   POST /api/admin/accounts/:id/disable          {disabled: boolean}
 *   POST /api/admin/accounts/:id/reset-password
 *   GET  /api/admin/accounts/:id/logins
 *   GET  /api/admin/units
 *   POST /api/admin/units                         {id, name, kind, shortName?, docCode?}
 *   POST /api/admin/units/:id                     {name?, kind?, shortName?, docCode?}
 *   POST /api/admin/units/:id/merge               {into}
 *   POST /api/admin/import/preview?format=xlsx|csv   (the file as the body)
 *   POST /api/admin/import/apply?format=xlsx|csv
 * 系统管理员 (admin, sysadmin) may do all of it; 安全管理员 (secadmin) may
 * disable, reset and read login history. Nothing here reaches audit records,
 * tasks, documents or notices.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hasRole, type Actor } from '@domain/directory'
import { AdminError, type AccountAdmin } from '../admin/accounts'
import type { UnitAdmin } from '../admin/units'
import type { DirectoryImport } from '../admin/import'
import { isJson, type AuthDeps } from './auth-routes'
import { apiError, bearer, readJson, sendJson } from './util'

export const MAX_IMPORT_BYTES = 8 * 1024 * 1024

const canManage = (a: Actor) => hasRole(a, 'admin') || hasRole(a, 'sysadmin')
const canSecure = (a: Actor) => canManage(a) || hasRole(a, 'secadmin')

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
    if (!actor || !canSecure(actor)) return apiError(res, 403, 'FORBIDDEN', '需要系统管理员权限')
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
    const securityOnly = (area === 'accounts' || area === 'units') && (req.method === 'GET' || action === 'disable' || action === 'reset-password')
    if (!canManage(actor) && !securityOnly) return apiError(res, 403, 'FORBIDDEN', '需要系统管理员权限')
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
        return apiError(res, 404, 'NOT_FOUND', '接口不存在')
      }
      if (req.method !== 'POST') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
      if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
      const body = (await readJson(req)) as Record<string, unknown> | null
      if (!body || typeof body !== 'object' || Array.isArray(body)) return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
      if (area === 'accounts') {
        if (!id) return sendJson(res, 201, await admin.accounts.create(actor.userId, body))
        if (!action) return sendJson(res, 200, { person: admin.accounts.update(actor.userId, id, body) })
        if (action === 'disable') {
          if (typeof body.disabled !== 'boolean') return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
          admin.accounts.setDisabled(actor.userId, id, body.disabled)
          return sendJson(res, 200, { ok: true })
        }
        if (action === 'reset-password') return sendJson(res, 200, await admin.accounts.resetPassword(actor.userId, id))
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
