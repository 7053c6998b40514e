/** 系统管理 → 通讯录与账号: people and accounts, units, and the directory import (docs/deploy.md, "Accounts"). */
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Role, Unit, UnitKind } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import { shanghaiDateTimeSec } from '@renderer/core/i18n/time'
import { adminApi, type AccountView, type AdminApi, type ImportPreview } from './adminApi'

const ROLES: Role[] = ['clerk', 'head', 'leader', 'supervisor', 'reviewer', 'admin', 'sysadmin', 'secadmin', 'auditadmin']
const KINDS: UnitKind[] = ['township', 'department', 'leadership', 'office', 'discipline']

function useAdminApi(): AdminApi {
  const { session } = useServices()
  return useMemo(() => adminApi(session.serverUrl, () => session.token), [session])
}

export function DirectoryAdminPage() {
  const t = useT()
  const api = useAdminApi()
  const [units, setUnits] = useState<Unit[]>([])
  const [accounts, setAccounts] = useState<AccountView[]>([])
  const [error, setError] = useState<string | null>(null)
  const reload = useCallback(async () => {
    try {
      const [u, a] = await Promise.all([api.units(), api.accounts()])
      setUnits(u)
      setAccounts(a)
      setError(null)
    } catch (e) {
      setError(t('ops.error', { message: (e as Error).message }))
    }
  }, [api, t])
  useEffect(() => void reload(), [reload])

  return (
    <Card title={t('ops.nav.directory')} data-testid="ops-directory">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="ops-error" />}
      <Tabs
        items={[
          {
            key: 'accounts',
            label: <span data-testid="ops-tab-accounts">{t('ops.tab.accounts')}</span>,
            children: <AccountsTab api={api} units={units} accounts={accounts} reload={reload} />
          },
          {
            key: 'units',
            label: <span data-testid="ops-tab-units">{t('ops.tab.units')}</span>,
            children: <UnitsTab api={api} units={units} reload={reload} />
          },
          { key: 'import', label: <span data-testid="ops-tab-import">{t('ops.tab.import')}</span>, children: <ImportTab api={api} reload={reload} /> }
        ]}
      />
    </Card>
  )
}

function AccountsTab({ api, units, accounts, reload }: { api: AdminApi; units: Unit[]; accounts: AccountView[]; reload: () => Promise<void> }) {
  const t = useT()
  const { message } = App.useApp()
  const [adding, setAdding] = useState(false)
  const [otp, setOtp] = useState<{ name: string; password: string } | null>(null)
  const [search, setSearch] = useState('')
  const [logins, setLogins] = useState<{ name: string; rows: { at: number; address: string; outcome: string }[] } | null>(null)
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      await reload()
    } catch (e) {
      message.error(t('ops.error', { message: (e as Error).message }))
    }
  }
  const rows = accounts.filter((a) => !search || a.name.includes(search) || a.username.includes(search) || unitName(a.unitId).includes(search))
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={`${t('ops.col.name')} / ${t('ops.col.username')} / ${t('ops.col.unit')}`}
          onSearch={setSearch}
          data-testid="ops-search"
          style={{ width: 280 }}
        />
        <Button type="primary" onClick={() => setAdding(true)} data-testid="ops-add-person">
          {t('ops.action.add')}
        </Button>
      </Space>
      <Table<AccountView>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        onRow={(r) => ({ 'data-testid': `ops-account-${r.username}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ops.col.name'), dataIndex: 'name' },
          { title: t('ops.col.username'), dataIndex: 'username' },
          { title: t('ops.col.unit'), key: 'unit', render: (_, r) => unitName(r.unitId) },
          { title: t('ops.col.title'), dataIndex: 'title' },
          { title: t('ops.col.roles'), key: 'roles', render: (_, r) => r.roles.map((x) => <Tag key={x}>{t(`role.${x}` as MessageKey)}</Tag>) },
          {
            title: t('ops.col.status'),
            key: 'status',
            render: (_, r) => (
              <span data-testid={`ops-status-${r.username}`}>
                {r.disabled ? <Tag color="red">{t('ops.status.disabled')}</Tag> : <Tag color="green">{t('ops.status.active')}</Tag>}
                {r.mustChangePassword && <Tag color="gold">{t('ops.status.mustChange')}</Tag>}
              </span>
            )
          },
          {
            title: t('ops.col.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                {r.disabled ? (
                  <Button size="small" onClick={() => void act(() => api.setDisabled(r.id, false))} data-testid={`ops-enable-${r.username}`}>
                    {t('ops.action.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('ops.confirm.disable')}
                    onConfirm={() => void act(() => api.setDisabled(r.id, true))}
                    okButtonProps={{ 'data-testid': 'ops-confirm-disable' } as React.ComponentProps<typeof Button>}
                  >
                    <Button size="small" danger data-testid={`ops-disable-${r.username}`}>
                      {t('ops.action.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Button
                  size="small"
                  onClick={() => void act(async () => setLogins({ name: r.name, rows: await api.logins(r.id) }))}
                  data-testid={`ops-logins-${r.username}`}
                >
                  {t('ops.action.logins')}
                </Button>
                <Button
                  size="small"
                  onClick={() => void act(async () => setOtp({ name: r.name, password: (await api.resetPassword(r.id)).oneTimePassword }))}
                  data-testid={`ops-reset-${r.username}`}
                >
                  {t('ops.action.reset')}
                </Button>
              </Space>
            )
          }
        ]}
      />
      <Modal open={adding} title={t('ops.action.add')} footer={null} onCancel={() => setAdding(false)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { id: string; username: string; name: string; unitId: string; roles: Role[]; title?: string }) =>
            void act(async () => {
              const r = await api.createAccount(v)
              setAdding(false)
              setOtp({ name: r.person.name, password: r.oneTimePassword })
            })
          }
        >
          <Form.Item name="name" label={t('ops.col.name')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Input data-testid="ops-person-name" />
          </Form.Item>
          <Form.Item name="username" label={t('ops.col.username')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Input data-testid="ops-person-username" />
          </Form.Item>
          <Form.Item name="id" label={t('ops.form.id')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('ops.form.id') }]}>
            <Input data-testid="ops-person-id" />
          </Form.Item>
          <Form.Item name="unitId" label={t('ops.col.unit')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={units.filter((u) => !u.mergedInto).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="ops-person-unit"
            />
          </Form.Item>
          <Form.Item name="title" label={t('ops.col.title')}>
            <Input data-testid="ops-person-title" />
          </Form.Item>
          <Form.Item name="roles" label={t('ops.col.roles')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} data-testid="ops-person-roles" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="ops-person-submit">
            {t('ops.form.submit')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!logins} title={t('ops.logins.title', { name: logins?.name ?? '' })} footer={null} onCancel={() => setLogins(null)} width={640}>
        <Table
          rowKey={(r) => `${r.at}-${r.address}-${r.outcome}`}
          size="small"
          dataSource={logins?.rows ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('ops.logins.at'), dataIndex: 'at', render: (at: number) => shanghaiDateTimeSec(at) },
            { title: t('ops.logins.address'), dataIndex: 'address' },
            {
              title: t('ops.logins.outcome'),
              dataIndex: 'outcome',
              render: (o: string) => <Tag color={o === 'ok' ? 'green' : 'red'}>{t(`ops.logins.${o}` as MessageKey)}</Tag>
            }
          ]}
        />
      </Modal>
      <Modal open={!!otp} title={t('ops.otp.title')} onOk={() => setOtp(null)} onCancel={() => setOtp(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        {otp && (
          <Typography.Paragraph data-testid="ops-otp">
            {t('ops.otp.body', { name: otp.name, password: '' })}
            <Typography.Text code copyable data-testid="ops-otp-value">
              {otp.password}
            </Typography.Text>
          </Typography.Paragraph>
        )}
      </Modal>
    </>
  )
}

function UnitsTab({ api, units, reload }: { api: AdminApi; units: Unit[]; reload: () => Promise<void> }) {
  const t = useT()
  const { message } = App.useApp()
  const [adding, setAdding] = useState(false)
  const [renaming, setRenaming] = useState<Unit | null>(null)
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? id
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      message.success(t('ops.saved'))
      await reload()
    } catch (e) {
      message.error(t('ops.error', { message: (e as Error).message }))
    }
  }
  return (
    <>
      <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12 }} data-testid="ops-add-unit">
        {t('ops.unit.add')}
      </Button>
      <Table<Unit>
        rowKey="id"
        size="small"
        dataSource={units}
        pagination={{ pageSize: 100 }}
        onRow={(r) => ({ 'data-testid': `ops-unit-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ops.col.unit'), dataIndex: 'name' },
          { title: t('ops.unit.shortName'), dataIndex: 'shortName' },
          { title: t('ops.unit.docCode'), dataIndex: 'docCode' },
          { title: t('ops.unit.kind'), key: 'kind', render: (_, u) => t(`ops.unit.kind.${u.kind}` as MessageKey) },
          { title: t('ops.unit.formerNames'), key: 'former', render: (_, u) => (u.formerNames ?? []).map((f) => f.name).join('、') },
          {
            title: t('ops.col.status'),
            key: 'merged',
            render: (_, u) => (u.mergedInto ? <Tag>{t('ops.unit.merged', { name: name(u.mergedInto) })}</Tag> : null)
          },
          {
            title: t('ops.col.actions'),
            key: 'a',
            render: (_, u) => (
              <Button size="small" onClick={() => setRenaming(u)}>
                {t('ops.unit.rename')}
              </Button>
            )
          }
        ]}
      />
      <Modal open={adding} title={t('ops.unit.add')} footer={null} onCancel={() => setAdding(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: Partial<Unit>) => void act(async () => (await api.createUnit(v), setAdding(false)))}>
          <Form.Item name="name" label={t('ops.col.unit')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="id" label={t('ops.form.id')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('ops.form.id') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('ops.unit.kind')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`ops.unit.kind.${k}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="shortName" label={t('ops.unit.shortName')}>
            <Input />
          </Form.Item>
          <Form.Item name="docCode" label={t('ops.unit.docCode')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('ops.form.submit')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!renaming} title={`${t('ops.unit.rename')}：${renaming?.name ?? ''}`} footer={null} onCancel={() => setRenaming(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { name: string }) => void act(async () => (await api.updateUnit(renaming!.id, { name: v.name }), setRenaming(null)))}
        >
          <Form.Item name="name" label={t('ops.unit.newName')} rules={[{ required: true, message: t('ops.form.required') }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('ops.form.submit')}
          </Button>
        </Form>
      </Modal>
    </>
  )
}

function ImportTab({ api, reload }: { api: AdminApi; reload: () => Promise<void> }) {
  const t = useT()
  const [file, setFile] = useState<{ format: string; data: ArrayBuffer; name: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const choose = async (f: File) => {
    const format = f.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
    const data = await f.arrayBuffer()
    setFile({ format, data, name: f.name })
    setDone(null)
    setError(null)
    try {
      setPreview(await api.preview(format, data))
    } catch (e) {
      setPreview(null)
      setError(t('ops.error', { message: (e as Error).message }))
    }
  }
  const apply = async () => {
    if (!file) return
    try {
      const r = await api.apply(file.format, file.data)
      setDone(t('ops.import.done', r))
      setPreview(null)
      setFile(null)
      await reload()
    } catch (e) {
      setError(t('ops.error', { message: (e as Error).message }))
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('ops.import.hint')}</Typography.Paragraph>
      <Upload accept=".xlsx,.csv" maxCount={1} showUploadList={false} beforeUpload={(f) => (void choose(f), false)}>
        <Button data-testid="ops-import-choose">{t('ops.import.choose')}</Button>
      </Upload>
      {file && <Typography.Text>{file.name}</Typography.Text>}
      {error && <Alert type="error" showIcon title={error} data-testid="ops-import-error" />}
      {done && <Alert type="success" showIcon title={done} data-testid="ops-import-done" />}
      {preview && (
        <>
          <Alert
            type={preview.problems.length ? 'warning' : 'info'}
            showIcon
            data-testid="ops-import-summary"
            title={t('ops.import.summary', {
              units: preview.newUnits.length,
              added: preview.newPeople.length,
              updated: preview.updatedPeople.length,
              problems: preview.problems.length
            })}
          />
          {preview.problems.length > 0 && (
            <Table
              rowKey="row"
              size="small"
              title={() => t('ops.import.problems')}
              dataSource={preview.problems}
              pagination={false}
              onRow={(r) => ({ 'data-testid': `ops-import-problem-${r.row}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('ops.import.row'), dataIndex: 'row', width: 80 },
                { title: t('ops.import.reason'), dataIndex: 'message' }
              ]}
            />
          )}
          <Button
            type="primary"
            onClick={() => void apply()}
            disabled={preview.newPeople.length + preview.updatedPeople.length + preview.newUnits.length === 0}
            data-testid="ops-import-apply"
          >
            {t('ops.import.apply')}
          </Button>
        </>
      )}
    </Space>
  )
}
