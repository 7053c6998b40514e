/** 清风协同办公 sign-in. Errors come from the server's codes, said plainly in Chinese. */
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import type { AuthError } from '../auth/api'
import type { Session } from '../auth/session'
import { LangSwitch } from '../components/LangSwitch'
import { useT, type T } from '../i18n'

function explain(e: AuthError, t: T): string {
  switch (e.code) {
    case 'BAD_CREDENTIALS':
    case 'BAD_REFRESH':
      return t('login.badCredentials')
    case 'TOO_MANY_ATTEMPTS':
      return t('login.tooMany', { seconds: Math.ceil(e.retryAfterMs / 1000) })
    case 'NETWORK':
      return t('login.network')
    default:
      return t('login.failed', { message: e.message })
  }
}

export function LoginPage({ session, notice, lastUsername, onSignedIn }: { session: Session; notice?: string; lastUsername?: string; onSignedIn: () => void }) {
  const t = useT()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true)
    setError(null)
    try {
      const r = await session.signIn(v.username.trim(), v.password)
      if (r.ok) onSignedIn()
      else setError(explain(r.error, t))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="qf-login">
      <div className="qf-login-lang"><LangSwitch light /></div>
      <Card className="qf-login-card" variant="borderless">
        <div className="qf-login-head">
          <img src="./favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={2} style={{ margin: '12px 0 4px' }} data-testid="login-title">{t('app.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" size="large" onFinish={(v) => void submit(v)} initialValues={{ username: lastUsername ?? '' }} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  )
}
