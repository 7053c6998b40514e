/**
 * After signing in with a one-time (or expired) password the user must set a
 * new one before anything else: a modal that cannot be dismissed. The server
 * checks the policy; its message is shown as is. The server enforces the
 * same: until the change, every room and API call is refused
 * (PASSWORD_CHANGE_REQUIRED, docs/protocol.md).
 */
import { Alert, Button, Form, Input, Modal, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { adminApi } from './adminApi'

export function PasswordChangeGate() {
  const t = useT()
  const { session, user } = useServices()
  const api = useMemo(() => adminApi(session.serverUrl, () => session.token), [session])
  const [policy, setPolicy] = useState<{ minLength: number; minClasses: number; noReuse: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    const check = () =>
      api
        .account()
        .then((a) => (a.mustChangePassword ? setPolicy(a.policy) : undefined))
        .catch(() => undefined) // offline: asked again at the next renewal
    void check()
    // A password can pass its maximum age mid-session: asked again at every token renewal.
    return session.onRenewed(() => void check())
  }, [api, session])
  if (!policy) return null
  const submit = async (v: { oldPassword: string; newPassword: string }) => {
    setBusy(true)
    setError(null)
    try {
      await api.changePassword(v.oldPassword, v.newPassword)
      // The change ended every session of this account, this one too (whoever else used the
      // one-time password is out): sign in again with the new password, then a renewal
      // reconnects the rooms the server refused until now (PASSWORD_CHANGE_REQUIRED).
      const again = await session.signIn(user.username, v.newPassword)
      if (!again.ok) throw new Error(again.error.message)
      await session.renew()
      setPolicy(null)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open closable={false} maskClosable={false} keyboard={false} footer={null} title={t('ops.pw.title')} data-testid="ops-pw-modal">
      <Typography.Paragraph>{t('ops.pw.body')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('ops.pw.rules', { min: policy.minLength, classes: policy.minClasses, reuse: policy.noReuse })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="ops-pw-error" />}
      <Form layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="oldPassword" label={t('ops.pw.old')} rules={[{ required: true, message: t('ops.form.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="ops-pw-old" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('ops.pw.new')} rules={[{ required: true, message: t('ops.form.required') }]}>
          <Input.Password autoComplete="new-password" data-testid="ops-pw-new" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t('ops.pw.again')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('ops.form.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('ops.pw.mismatch'))))
            })
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="ops-pw-again" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="ops-pw-submit">
          {t('ops.pw.submit')}
        </Button>
      </Form>
    </Modal>
  )
}
