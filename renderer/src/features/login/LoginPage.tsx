/**
 * 清风协同办公 sign-in. Errors come from the server's codes, said plainly in
 * Chinese; every failure, including an unexpected rejection, is shown. On a
 * computer without an OS keyring it says so and offers a session-only
 * sign-in (docs/desktop.md, "No keyring").
 */
import { CloudServerOutlined, LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import type { AuthError } from '@renderer/core/auth/api'
import type { Session } from '@renderer/core/auth/session'
import { LangSwitch } from '@renderer/ui/LangSwitch'
import { useT, type T } from '@renderer/core/i18n'
import { useCounty } from '@renderer/core/platform/county'
import '../setup/setup.css'

function explain(e: AuthError, t: T): string {
  switch (e.code) {
    case 'BAD_CREDENTIALS':
    case 'BAD_REFRESH':
      return t('login.badCredentials')
    case 'TOO_MANY_ATTEMPTS':
      return t('login.tooMany', { seconds: Math.ceil(e.retryAfterMs / 1000) })
    case 'NETWORK':
      return t('login.network')
    case 'NO_SECURE_STORAGE':
      return t('desktop.login.storeFailed')
    default:
      return t('login.failed', { message: e.message })
  }
}

/** "https://oa.gov.example/qingfeng" → "oa.gov.example/qingfeng": what a person recognises. */
const shortServer = (url: string) => url.replace(/^https?:\/\//, '')

export interface LoginPageProps {
  session: Session
  notice?: string
  lastUsername?: string
  onSignedIn: () => void
  /** False: tokens cannot be stored safely here (DesktopConfig.secureStorage). */
  secureStorage?: boolean
  /** Shown when the user may change the server address. */
  onChangeServer?: () => void
}

export function LoginPage({ session, notice, lastUsername, onSignedIn, secureStorage = true, onChangeServer }: LoginPageProps) {
  const t = useT()
  const county = useCounty()
  const [form] = Form.useForm<{ username: string; password: string }>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // No keyring known at start, or found out when storing failed.
  const [noKeyring, setNoKeyring] = useState(!secureStorage)
  // biome-ignore lint/correctness/useHookAtTopLevel: a session method named use…, not a React hook.
  if (noKeyring && session.persist) session.useSessionOnly()

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true)
    setError(null)
    try {
      const r = await session.signIn(v.username.trim(), v.password)
      if (r.ok) return onSignedIn()
      if (r.error.code === 'NO_SECURE_STORAGE') setNoKeyring(true)
      setError(explain(r.error, t))
    } catch (e) {
      // Never a silent failure: whatever went wrong is on the screen.
      console.error('[login]', e)
      setError(t('desktop.login.unexpected', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="qf-login">
      <div className="qf-login-lang">
        <LangSwitch light />
      </div>
      <Card className="qf-login-card" variant="borderless">
        <div className="qf-login-head">
          <img src="./favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={2} style={{ margin: '12px 0 4px' }} data-testid="login-title">
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="login-county">
            {county ? county.name : t('login.subtitle')}
          </Typography.Text>
        </div>
        {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />}
        {noKeyring && <Alert type="warning" showIcon title={t('desktop.login.noKeyring')} style={{ marginBottom: 16 }} data-testid="login-no-keyring" />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form
          form={form}
          layout="vertical"
          size="large"
          onFinish={(v) => void submit(v)}
          // Validation errors are shown on the fields; nothing to reject.
          onFinishFailed={() => undefined}
          initialValues={{ username: lastUsername ?? '' }}
          requiredMark={false}
        >
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {noKeyring ? t('desktop.login.sessionOnly') : t('login.submit')}
          </Button>
        </Form>
        <div className="qf-login-server" data-testid="login-server">
          <CloudServerOutlined /> {t('desktop.login.server', { server: shortServer(session.serverUrl) })}
          {onChangeServer && (
            <Button type="link" size="small" onClick={onChangeServer} data-testid="login-change-server">
              {t('desktop.login.changeServer')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  )
}
