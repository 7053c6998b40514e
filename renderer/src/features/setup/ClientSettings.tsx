/**
 * 客户端设置 (from the user menu): closing to the tray and the network proxy
 * for everyone in the desktop shell; the server address for system
 * administrators only (a wrong address cuts the whole office off).
 */
import { App as AntApp, Alert, Button, Checkbox, Divider, Form, Input, Modal, Radio, Space, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { DesktopApi, DesktopConfig, DesktopSettings, ProxySetting } from '@preload/contract'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { ServerForm } from './FirstRunPage'

export function ClientSettings({ api, isAdmin, open, onClose }: { api: DesktopApi; isAdmin: boolean; open: boolean; onClose: () => void }) {
  const t = useT()
  const { message } = AntApp.useApp()
  const { session } = useServices()
  const [settings, setSettings] = useState<DesktopSettings | null>(null)
  const [config, setConfig] = useState<Pick<DesktopConfig, 'serverUrl' | 'serverEditable'>>({ serverUrl: null, serverEditable: false })
  const [changing, setChanging] = useState(false)
  const [proxyMode, setProxyMode] = useState<ProxySetting['mode']>('system')
  const [rules, setRules] = useState('')
  const [bypass, setBypass] = useState('')
  const [closeToTray, setCloseToTray] = useState(false)

  useEffect(() => {
    if (!open) return
    setChanging(false)
    api.getConfig().then(setConfig, () => undefined)
    api
      .getSettings()
      .then((s) => {
        setSettings(s)
        setCloseToTray(s.closeToTray)
        setProxyMode(s.proxy.mode)
        setRules(s.proxy.mode === 'fixed' ? s.proxy.rules : '')
        setBypass(s.proxy.mode === 'fixed' ? (s.proxy.bypass ?? '') : '')
      })
      .catch((e: unknown) => message.error(t('desktop.settings.failed', { message: String(e) })))
  }, [open, api, message, t])

  const save = async () => {
    const proxy: ProxySetting =
      proxyMode === 'fixed' ? { mode: 'fixed', rules: rules.trim(), ...(bypass.trim() ? { bypass: bypass.trim() } : {}) } : { mode: proxyMode }
    try {
      await api.setSettings({ closeToTray, proxy })
      message.success(t('desktop.settings.saved'))
      onClose()
    } catch (e) {
      message.error(t('desktop.settings.failed', { message: e instanceof Error ? e.message : String(e) }))
    }
  }

  const native = settings?.native ?? false
  return (
    <Modal
      open={open}
      title={t('desktop.settings.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        native ? (
          <Button type="primary" onClick={() => void save()} data-testid="settings-save">
            {t('desktop.settings.save')}
          </Button>
        ) : null
      }
    >
      <Typography.Text strong>{t('desktop.settings.server')}</Typography.Text>
      <div style={{ margin: '8px 0' }}>
        <Space wrap>
          <Typography.Text code data-testid="settings-server">
            {config.serverUrl ?? '—'}
          </Typography.Text>
          {isAdmin && config.serverEditable && !changing && (
            <Button size="small" onClick={() => setChanging(true)} data-testid="settings-change-server">
              {t('desktop.settings.change')}
            </Button>
          )}
        </Space>
      </div>
      {!isAdmin && <Typography.Text type="secondary">{t('desktop.settings.serverAdminOnly')}</Typography.Text>}
      {isAdmin && !config.serverEditable && <Typography.Text type="secondary">{t('desktop.setup.locked')}</Typography.Text>}
      {changing && <ServerForm api={api} initial={config.serverUrl ?? ''} onBack={() => setChanging(false)} onBeforeSave={() => session.signOut()} />}
      <Divider />
      {native ? (
        <Form layout="vertical">
          <Form.Item>
            <Checkbox checked={closeToTray} onChange={(e) => setCloseToTray(e.target.checked)} data-testid="settings-close-to-tray">
              {t('desktop.settings.closeToTray')}
            </Checkbox>
          </Form.Item>
          <Form.Item label={t('desktop.settings.proxy')}>
            <Radio.Group value={proxyMode} onChange={(e) => setProxyMode(e.target.value as ProxySetting['mode'])}>
              <Space direction="vertical">
                <Radio value="system">{t('desktop.settings.proxy.system')}</Radio>
                <Radio value="direct">{t('desktop.settings.proxy.direct')}</Radio>
                <Radio value="fixed">{t('desktop.settings.proxy.fixed')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          {proxyMode === 'fixed' && (
            <>
              <Form.Item label={t('desktop.settings.proxy.rules')}>
                <Input value={rules} onChange={(e) => setRules(e.target.value)} placeholder="http://10.1.1.1:3128" />
              </Form.Item>
              <Form.Item label={t('desktop.settings.proxy.bypass')}>
                <Input value={bypass} onChange={(e) => setBypass(e.target.value)} placeholder="*.gov.cn;10.0.0.0/8" />
              </Form.Item>
            </>
          )}
        </Form>
      ) : (
        <Alert type="info" showIcon title={t('desktop.settings.browserOnly')} />
      )}
    </Modal>
  )
}
