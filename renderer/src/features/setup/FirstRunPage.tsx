/**
 * First run (and "更改服务器"): asks for the county server's address, checks
 * it with /api/health, shows which county answered, and saves it only after
 * the user confirms. The shell then reloads with the new address (and a CSP
 * naming it). docs/desktop.md, "Server address".
 */
import { CheckCircleFilled, CloudServerOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import type { DesktopApi, ServerCheck } from '@preload/contract'
import type { ServerUrlProblem } from '@preload/server-url'
import { LangSwitch } from '@renderer/ui/LangSwitch'
import { useT, type T } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import { rememberCounty } from '@renderer/core/platform/county'
import './setup.css'

function describeFailure(r: Extract<ServerCheck, { ok: false }>, t: T): string {
  if (r.code === 'INVALID_URL') return t(`desktop.setup.problem.${(r.problem ?? 'INVALID') as ServerUrlProblem}` as MessageKey)
  return r.code === 'UNREACHABLE' ? t('desktop.setup.unreachable') : t('desktop.setup.notQingfeng')
}

/** Address field, check, confirm: the first-run screen and the admin's client settings share it. */
export function ServerForm({
  api,
  initial,
  onBack,
  onBeforeSave
}: {
  api: Pick<DesktopApi, 'checkServer' | 'setServerUrl'>
  initial?: string
  onBack?: () => void
  /** Runs before the address is saved (the client settings sign out: a session belongs to its server). */
  onBeforeSave?: () => Promise<void>
}) {
  const t = useT()
  const [address, setAddress] = useState(initial ?? '')
  const [busy, setBusy] = useState(false)
  const [found, setFound] = useState<Extract<ServerCheck, { ok: true }> | null>(null)
  const [error, setError] = useState<string | null>(null)

  const check = async () => {
    setBusy(true)
    setError(null)
    setFound(null)
    try {
      const r = await api.checkServer(address)
      if (r.ok) setFound(r)
      else setError(describeFailure(r, t))
    } catch (e) {
      setError(t('desktop.setup.saveFailed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }

  const confirm = async () => {
    if (!found) return
    setBusy(true)
    try {
      await onBeforeSave?.()
      rememberCounty(found.serverUrl, found.county)
      await api.setServerUrl(found.serverUrl) // the shell reloads the window
    } catch (e) {
      const code = e instanceof Error ? e.message : String(e)
      setError(
        code === 'CROSS_ORIGIN'
          ? t('desktop.setup.browserSameOrigin')
          : code === 'CONFIG_LOCKED'
            ? t('desktop.setup.locked')
            : t('desktop.setup.saveFailed', { message: code })
      )
      setBusy(false)
    }
  }

  return (
    <Form layout="vertical" onFinish={() => void check()} onFinishFailed={() => undefined}>
      <Form.Item label={t('desktop.setup.address')}>
        <Input
          size="large"
          prefix={<CloudServerOutlined />}
          value={address}
          placeholder={t('desktop.setup.placeholder')}
          onChange={(e) => {
            setAddress(e.target.value)
            setFound(null)
            setError(null)
          }}
          autoFocus
          spellCheck={false}
          data-testid="setup-address"
        />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="setup-error" />}
      {found && (
        <Alert
          type="success"
          icon={<CheckCircleFilled />}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="setup-found"
          title={found.county ? t('desktop.setup.found', { county: found.county.name }) : t('desktop.setup.foundNoCounty')}
          description={found.serverUrl}
        />
      )}
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        {onBack && (
          <Button onClick={onBack} data-testid="setup-back">
            {t('desktop.setup.back')}
          </Button>
        )}
        <Button htmlType="submit" loading={busy && !found} data-testid="setup-check">
          {t('desktop.setup.check')}
        </Button>
        <Button type="primary" disabled={!found} loading={busy && !!found} onClick={() => void confirm()} data-testid="setup-confirm">
          {t('desktop.setup.confirm')}
        </Button>
      </Space>
    </Form>
  )
}

export function FirstRunPage({
  api,
  initial,
  editable = true,
  onBack
}: {
  api: Pick<DesktopApi, 'checkServer' | 'setServerUrl'>
  initial?: string
  editable?: boolean
  onBack?: () => void
}) {
  const t = useT()
  return (
    <div className="qf-login">
      <div className="qf-login-lang">
        <LangSwitch light />
      </div>
      <Card className="qf-setup-card" variant="borderless">
        <div className="qf-login-head">
          <img src="./favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }} data-testid="setup-title">
            {t('desktop.setup.title')}
          </Typography.Title>
        </div>
        {editable ? (
          <>
            <Typography.Paragraph type="secondary">{t('desktop.setup.intro')}</Typography.Paragraph>
            <ServerForm api={api} initial={initial} onBack={onBack} />
          </>
        ) : (
          <Alert type="info" showIcon title={t('desktop.setup.locked')} data-testid="setup-locked" />
        )}
      </Card>
    </div>
  )
}
