/**
 * /api/admin/… — account administration for holders of the admin role.
 *   GET  /api/admin/accounts
 *   POST /api/admin/accounts                 {id, username, name, unitId, roles, title?}
 *   POST /api/admin/accounts/:id             {name?, unitId?, roles?, title?, expiresAt?}
 *   POST /api/admin/accounts/:id/disable     {disabled: boolean}
 *   POST /api/admin/accounts/:id/reset-password
 *   GET  /api/admin/accounts/:id/logins
 * Writes need application/json; errors carry a code and a Chinese message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { hasRole } from '../../domain/directory'
import { AdminError, type AccountAdmin } from '../admin/accounts'
import { isJson, type AuthDeps } from './auth-routes'
import { apiError, bearer, readJson, sendJson } from './util'

export function adminRoutes(auth: AuthDeps, admin: AccountAdmin) {
  return async (url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const check = auth.tokens.verify(bearer(req), 'access', auth.clock())
    if (!check.ok || !auth.accounts.tokenLive(check.payload.sub, check.payload.gen)) return apiError(res, 401, 'UNAUTHORIZED', '请重新登录')
    const actor = auth.directory().actor(check.payload.sub)
    if (!actor || !hasRole(actor, 'admin')) return apiError(res, 403, 'FORBIDDEN', '需要系统管理员权限')
    const parts = url.pathname.split('/').slice(3) // ['accounts', id?, action?]
    if (parts[0] !== 'accounts') return apiError(res, 404, 'NOT_FOUND', '接口不存在')
    const [, id, action] = parts.map((p) => decodeURIComponent(p))
    try {
      if (req.method === 'GET') {
        if (!id) return sendJson(res, 200, { accounts: admin.list() })
        if (action === 'logins') return sendJson(res, 200, { logins: admin.loginHistory(id) })
        return apiError(res, 404, 'NOT_FOUND', '接口不存在')
      }
      if (req.method !== 'POST') return apiError(res, 405, 'METHOD_NOT_ALLOWED', '不支持的请求')
      if (!isJson(req)) return apiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', '请求须为 JSON（Content-Type: application/json）')
      const body = ((await readJson(req)) ?? null) as Record<string, unknown> | null
      if (!body || typeof body !== 'object') return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
      if (!id) return sendJson(res, 201, await admin.create(actor.userId, body))
      if (!action) return sendJson(res, 200, { person: admin.update(actor.userId, id, body) })
      if (action === 'disable') {
        if (typeof body.disabled !== 'boolean') return apiError(res, 400, 'BAD_REQUEST', '请求格式错误')
        admin.setDisabled(actor.userId, id, body.disabled)
        return sendJson(res, 200, { ok: true })
      }
      if (action === 'reset-password') return sendJson(res, 200, await admin.resetPassword(actor.userId, id))
      return apiError(res, 404, 'NOT_FOUND', '接口不存在')
    } catch (e) {
      if (e instanceof AdminError) return apiError(res, e.status, e.code, e.message)
      throw e
    }
  }
}
