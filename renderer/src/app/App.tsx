/**
 * Boot and session switch: with a cached session the main layout opens at
 * once (offline too); otherwise the login page. A token the server no longer
 * renews sends the user back to login, keeping their local data.
 */
import { App as AntApp, Spin } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DesktopApi } from '../../../preload/contract'
import type { Session } from '../auth/session'
import { useI18n } from '../i18n'
import { LoginPage } from '../pages/LoginPage'
import { ServicesContext } from './context'
import { Shell } from './Shell'
import { startServices, type Services } from './services'
import { refusalText } from '../sync/reminderText'

type State = { kind: 'booting' } | { kind: 'login'; notice?: string; username?: string } | { kind: 'main'; services: Services }

export function App({ api, session }: { api: DesktopApi; session: Session }) {
  const { t, locale } = useI18n()
  const { message } = AntApp.useApp()
  const [state, setState] = useState<State>({ kind: 'booting' })
  const running = useRef<Services | null>(null)
  const booted = useRef(false)

  const enter = useCallback(async () => {
    const row = session.row
    if (!row) return setState({ kind: 'login' })
    const expired = () => {
      // Unmount the pages first, then close what they were reading.
      const s = running.current
      running.current = null
      setState({ kind: 'login', notice: t('login.expired'), username: row.user.username })
      setTimeout(() => void s?.stop(), 0)
    }
    try {
      const services = await startServices(api, session, row, expired)
      running.current = services
      setState({ kind: 'main', services })
    } catch (e) {
      console.error('start', e)
      setState({ kind: 'login', notice: t('login.expired'), username: row.user.username })
    }
  }, [api, session, t])

  useEffect(() => {
    if (booted.current) return
    booted.current = true
    void session.restore().then(() => enter())
    // Boot once; `enter` changes with the language only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    if (state.kind !== 'main') return
    return state.services.manager.onDeniedMessage((room, reason) => {
      if (reason.code === 'NO_ACCESS') message.warning(t('denied.noAccess'))
      else message.error(t('denied.reset', { reason: refusalText(reason, t, locale) }), 6)
      console.warn('[sync] refused', room, reason)
    })
  }, [state, message, t, locale])

  const logout = useCallback(async () => {
    if (state.kind !== 'main') return
    const services = state.services
    running.current = null
    setState({ kind: 'login', username: services.user.username })
    await new Promise((r) => setTimeout(r, 0))
    await services.stop()
    await session.signOut()
  }, [state, session])

  if (state.kind === 'booting') {
    return (
      <div className="qf-boot">
        <Spin size="large" description={t('app.loading')}><div style={{ width: 200, height: 80 }} /></Spin>
      </div>
    )
  }
  if (state.kind === 'login') {
    return <LoginPage session={session} notice={state.notice} lastUsername={state.username} onSignedIn={() => void enter()} />
  }
  return (
    <ServicesContext.Provider value={state.services}>
      <Shell onLogout={() => void logout()} />
    </ServicesContext.Provider>
  )
}
