/**
 * Boot and session switch: with no server address yet, the first-run screen;
 * with a cached session the main layout opens at once (offline too);
 * otherwise the login page. A token the server no longer renews sends the
 * user back to login, keeping their local data. Signing out offers to remove
 * the local copy of the data (shared computers).
 */
import { App as AntApp, Checkbox, ConfigProvider, Spin, Typography } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DesktopApi, DesktopConfig } from '@preload/contract'
import type { CutOffReason } from '../auth/api'
import type { Session } from '../auth/session'
import { useI18n } from '../i18n'
import { LoginPage } from '@renderer/features/login/LoginPage'
import { FirstRunPage } from '@renderer/features/setup/FirstRunPage'
import { navigate } from '../router/hash'
import { ServicesContext } from './context'
import { Shell } from './Shell'
import { startServices, type Services } from './services'
import { refusalText } from '../sync/reminderText'

/** What the sign-in page says when the server renews no more (docs/protocol.md, refresh `reason`). */
const CUT_OFF_TEXT = {
  DISABLED: 'ops.cutoff.disabled',
  REVOKED: 'ops.cutoff.revoked',
  PASSWORD_CHANGED: 'ops.cutoff.passwordChanged',
  EXPIRED: 'ops.cutoff.accountExpired',
  OTHER: 'login.expired'
} as const satisfies Record<CutOffReason, string>

type State = { kind: 'booting' } | { kind: 'login'; notice?: string; username?: string } | { kind: 'setup' } | { kind: 'main'; services: Services }

export function App({ api, session, config }: { api: DesktopApi; session: Session | null; config: DesktopConfig }) {
  return (
    <ConfigProvider getPopupContainer={popupContainer}>
      {/* Nothing to sign in to yet: ask for the county's server first. */}
      {session ? <SignedInFlow api={api} session={session} config={config} /> : <FirstRunPage api={api} editable={config.serverEditable} />}
    </ConfigProvider>
  )
}

/**
 * Lists, menus and pickers open inside the dialog or sticky header that holds their field, not in
 * the page: when the page scrolls under a fixed dialog or the sticky header (a wheel, a scrolled-into-
 * view option), a popup placed in the page moved away from its field until realigned, and a click
 * meant for one of its items landed beside it (docs/decisions.md, "E2E on a loaded machine").
 */
const popupContainer = (trigger?: HTMLElement): HTMLElement => trigger?.closest<HTMLElement>('.ant-modal-wrap, .qf-header') ?? document.body

function SignedInFlow({ api, session, config }: { api: DesktopApi; session: Session; config: DesktopConfig }) {
  const { t, locale } = useI18n()
  const { message, modal } = AntApp.useApp()
  const [state, setState] = useState<State>({ kind: 'booting' })
  const running = useRef<Services | null>(null)
  const booted = useRef(false)

  const enter = useCallback(async () => {
    const row = session.row
    if (!row) return setState({ kind: 'login' })
    const expired = (reason: CutOffReason) => {
      // Unmount the pages first, then close what they were reading.
      const s = running.current
      running.current = null
      setState({ kind: 'login', notice: t(CUT_OFF_TEXT[reason]), username: row.user.username })
      setTimeout(() => void s?.stop(), 0)
    }
    try {
      const services = await startServices(api, session, row, expired)
      running.current = services
      setState({ kind: 'main', services })
    } catch (e) {
      console.error('start', e)
      setState({ kind: 'login', notice: t(CUT_OFF_TEXT[session.cutOff ?? 'OTHER']), username: row.user.username })
    }
  }, [api, session, t])

  // biome-ignore lint/correctness/useExhaustiveDependencies: boot once; `enter` changes with the language only.
  useEffect(() => {
    if (booted.current) return
    booted.current = true
    void session.restore().then(() => enter())
  }, [])

  // qingfeng:// links and notification clicks: remembered in the hash even on the login page.
  useEffect(() => api.onNavigate((r) => navigate(r)), [api])

  useEffect(() => {
    if (state.kind !== 'main') return
    return state.services.manager.onDeniedMessage((room, reason) => {
      if (reason.code === 'NO_ACCESS') message.warning(t('denied.noAccess'))
      else message.error(t('denied.reset', { reason: refusalText(reason, t, locale) }), 6)
      console.warn('[sync] refused', room, reason)
    })
  }, [state, message, t, locale])

  const signOut = useCallback(
    async (wipe: boolean) => {
      // The running services, not a render's `state`: the dialog may outlive the render that opened it.
      const services = running.current
      if (!services) return
      running.current = null
      setState({ kind: 'login', username: wipe ? undefined : services.user.username })
      await new Promise((r) => setTimeout(r, 0))
      await services.stop()
      try {
        if (wipe) {
          await session.signOutAndForgetDevice()
          message.success(t('desktop.logout.wiped'))
        } else await session.signOut()
      } catch (e) {
        console.error('[logout]', e)
        message.error(String(e))
      }
    },
    [session, message, t]
  )

  const logout = useCallback(() => {
    let wipe = false
    modal.confirm({
      title: t('desktop.logout.title'),
      content: (
        <div data-testid="logout-dialog">
          <p>{t('desktop.logout.body')}</p>
          <Checkbox onChange={(e) => (wipe = e.target.checked)} data-testid="logout-wipe">
            {t('desktop.logout.wipe')}
          </Checkbox>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('desktop.logout.wipeHint')}
          </Typography.Paragraph>
        </div>
      ),
      okText: t('desktop.logout.ok'),
      cancelText: t('desktop.logout.cancel'),
      okButtonProps: { 'data-testid': 'logout-confirm' } as never,
      onOk: () => void signOut(wipe)
    })
  }, [modal, signOut, t])

  if (state.kind === 'booting') {
    return (
      <div className="qf-boot">
        <Spin size="large" description={t('app.loading')}>
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      </div>
    )
  }
  if (state.kind === 'setup') {
    return <FirstRunPage api={api} initial={session.serverUrl} editable={config.serverEditable} onBack={() => setState({ kind: 'login' })} />
  }
  if (state.kind === 'login') {
    return (
      <LoginPage
        session={session}
        notice={state.notice}
        lastUsername={state.username}
        secureStorage={config.secureStorage}
        onSignedIn={() => void enter()}
        onChangeServer={config.serverEditable ? () => setState({ kind: 'setup' }) : undefined}
      />
    )
  }
  return (
    <ServicesContext.Provider value={state.services}>
      <Shell onLogout={logout} />
    </ServicesContext.Provider>
  )
}
