/**
 * Everything a signed-in session runs: the user's database, the room
 * manager, alerts and token renewal. Built from the cached session, so it
 * starts the same with or without a network.
 */
import { wsUrl } from '@preload/server-url'
import type { Person, Unit } from '@domain/directory'
import type { DesktopApi } from '@preload/contract'
import { Alerts } from '../alerts/alerts'
import type { CutOffReason } from '../auth/api'
import type { Session } from '../auth/session'
import { UserDb, userDbName, type SessionRow } from '../data/db'
import type { Viewer } from '../data/summaries'
import { currentTranslate } from '../i18n/current'
import { RoomManager } from '../sync/manager'

export interface Services {
  api: DesktopApi
  session: Session
  db: UserDb
  manager: RoomManager
  alerts: Alerts
  viewer: Viewer
  user: Person
  unit: Unit
  stop(): Promise<void>
}

export const wsBaseOf = (serverUrl: string) => wsUrl(serverUrl, 'ws')

export async function startServices(api: DesktopApi, session: Session, row: SessionRow, onSignedOut: (reason: CutOffReason) => void): Promise<Services> {
  const db = new UserDb(userDbName(row.user.id, session.serverUrl))
  await db.open()
  const viewer: Viewer = { userId: row.user.id, unitId: row.user.unitId, roles: row.user.roles }
  const now = () => session.now()
  const alerts = new Alerts(db, api, currentTranslate, now)
  await alerts.init()
  const manager = new RoomManager({
    db,
    viewer,
    wsBase: wsBaseOf(session.serverUrl),
    alerts,
    now,
    token: () => session.token,
    renew: () => session.renew()
  })
  // An expired token is renewed before the sockets try it (no pointless 4401 round).
  if ((session.row?.expiresAt ?? 0) - now() < 60_000 && navigator.onLine) await session.renew()
  if (!session.row) {
    await db.close()
    throw new Error('SESSION_REJECTED')
  }
  await manager.start()
  alerts.startBadge()
  session.startRenewal()
  const offRenewed = session.onRenewed(() => manager.tokenRenewed())
  const offRejected = session.onRejected(onSignedOut)
  return {
    api,
    session,
    db,
    manager,
    alerts,
    viewer,
    user: row.user,
    unit: row.unit,
    async stop() {
      offRenewed()
      offRejected()
      session.stop()
      alerts.stop()
      await manager.stop()
      await api.setBadgeCount(0)
      db.close()
    }
  }
}
