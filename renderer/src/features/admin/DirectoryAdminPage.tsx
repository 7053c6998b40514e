/**
 * 系统管理 → 通讯录与账号: people and accounts, units, the directory import and
 * the trail of administrative changes (docs/deploy.md, "Accounts"). Each
 * administrative role sees only its own tabs and buttons (adminDuties, the
 * rule the server applies too; docs/decisions.md).
 */
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { addDays, shanghaiDate, startOfShanghaiDay } from '@domain/calendar'
import { ADMIN_ROLES, adminDuties, type AdminDuties, type Person, type Role, type Unit, type UnitKind } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import { shanghaiDateTimeSec } from '@renderer/core/i18n/time'
import { adminApi, AdminApiError, type AccountView, type AdminApi, type ImportPreview, type TrailRow } from './adminApi'

const ROLES: Role[] = ['clerk', 'head', 'leader', 'top_leader', 'supervisor', 'reviewer', 'admin', 'sysadmin', 'secadmin', 'auditadmin']

/** Refusal codes the client words itself; others show the server's Chinese message. */
const WORDED = new Set([
  'PASSWORD_CHANGE_REQUIRED',
  'FORBIDDEN',
  'ADMIN_ROLE_NEEDS_SECADMIN',
  'SELF_ROLES',
  'ROLES_CONFLICT',
  'NETWORK',
  'CANNOT_END_OWN_SESSIONS'
])
type T = ReturnType<typeof useT>
function errorText(t: T, e: unknown): string {
  const code = e instanceof AdminApiError ? e.code : ''
  return t('ops.error', { message: WORDED.has(code) ? t(`ops.err.${code}` as MessageKey) : (e as Error).message })
}
const KINDS: UnitKind[] = ['township', 'department', 'leadership', 'office', 'discipline']

function useAdminApi(): AdminApi {
  const { session } = useServices()
  return useMemo(() => adminApi(session.serverUrl, () => session.token), [session])
}

export function DirectoryAdminPage() {
  const t = useT()
  const api = useAdminApi()
  const { viewer } = useServices()
  const duties = useMemo(() => adminDuties(viewer), [viewer])
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
      setError(errorText(t, e))
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
            children: <AccountsTab api={api} duties={duties} units={units} accounts={accounts} reload={reload} />
          },
          ...(duties.manage
            ? [
                {
                  key: 'units',
                  label: <span data-testid="ops-tab-units">{t('ops.tab.units')}</span>,
                  children: <UnitsTab api={api} units={units} accounts={accounts} reload={reload} />
                },
                { key: 'import', label: <span data-testid="ops-tab-import">{t('ops.tab.import')}</span>, children: <ImportTab api={api} reload={reload} /> }
              ]
            : []),
          ...(duties.trail ? [{ key: 'trail', label: <span data-testid="ops-tab-trail">{t('ops.tab.trail')}</span>, children: <TrailTab api={api} /> }] : [])
        ]}
      />
    </Card>
  )
}

function AccountsTab({
  api,
  duties,
  units,
  accounts,
  reload
}: {
  api: AdminApi
  duties: AdminDuties
  units: Unit[]
  accounts: AccountView[]
  reload: () => Promise<void>
}) {
  const t = useT()
  const { message } = App.useApp()
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<AccountView | null>(null)
  const [otp, setOtp] = useState<{ name: string; password: string } | null>(null)
  const [search, setSearch] = useState('')
  const [logins, setLogins] = useState<{ name: string; rows: { at: number; address: string; outcome: string }[] } | null>(null)
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      await reload()
    } catch (e) {
      message.error(errorText(t, e))
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
        {duties.manage && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="ops-add-person">
            {t('ops.action.add')}
          </Button>
        )}
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
          {
            title: t('ops.col.posts'),
            key: 'posts',
            render: (_, r) => (r.posts ?? []).map((p) => `${unitName(p.unitId)}${p.title ?? ''}`).join('、')
          },
          { title: t('ops.col.mobile'), dataIndex: 'mobile' },
          { title: t('ops.col.roles'), key: 'roles', render: (_, r) => r.roles.map((x) => <Tag key={x}>{t(`role.${x}` as MessageKey)}</Tag>) },
          {
            title: t('ops.col.status'),
            key: 'status',
            render: (_, r) => (
              <span data-testid={`ops-status-${r.username}`}>
                {r.disabled ? <Tag color="red">{t('ops.status.disabled')}</Tag> : <Tag color="green">{t('ops.status.active')}</Tag>}
                {r.mustChangePassword && <Tag color="gold">{t('ops.status.mustChange')}</Tag>}
                {r.expiresAt !== null && <ExpiryTag expiresAt={r.expiresAt} />}
              </span>
            )
          },
          {
            title: t('ops.col.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                {(duties.manage || duties.secure) && (
                  <Button size="small" onClick={() => setEditing(r)} data-testid={`ops-edit-${r.username}`}>
                    {t('ops.action.edit')}
                  </Button>
                )}
                {duties.secure &&
                  (r.disabled ? (
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
                  ))}
                {duties.secure && !r.disabled && (
                  <Popconfirm
                    title={t('ops.confirm.endSessions')}
                    onConfirm={() =>
                      void act(async () => {
                        await api.endSessions(r.id)
                        message.success(t('ops.endSessions.done', { name: r.name }))
                      })
                    }
                    okButtonProps={{ 'data-testid': 'ops-confirm-end-sessions' } as React.ComponentProps<typeof Button>}
                  >
                    <Button size="small" data-testid={`ops-end-sessions-${r.username}`}>
                      {t('ops.action.endSessions')}
                    </Button>
                  </Popconfirm>
                )}
                {duties.loginHistory && (
                  <Button
                    size="small"
                    onClick={() => void act(async () => setLogins({ name: r.name, rows: await api.logins(r.id) }))}
                    data-testid={`ops-logins-${r.username}`}
                  >
                    {t('ops.action.logins')}
                  </Button>
                )}
                {duties.secure && (
                  <Button
                    size="small"
                    onClick={() => void act(async () => setOtp({ name: r.name, password: (await api.resetPassword(r.id)).oneTimePassword }))}
                    data-testid={`ops-reset-${r.username}`}
                  >
                    {t('ops.action.reset')}
                  </Button>
                )}
              </Space>
            )
          }
        ]}
      />
      {editing && <EditPersonModal api={api} duties={duties} person={editing} units={units} onClose={() => setEditing(null)} reload={reload} />}
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
            <Select
              mode="multiple"
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey), disabled: ADMIN_ROLES.includes(r) && !duties.secure }))}
              data-testid="ops-person-roles"
            />
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

function UnitsTab({ api, units, accounts, reload }: { api: AdminApi; units: Unit[]; accounts: AccountView[]; reload: () => Promise<void> }) {
  const t = useT()
  const { message, modal } = App.useApp()
  const [adding, setAdding] = useState(false)
  const [renaming, setRenaming] = useState<Unit | null>(null)
  const [merging, setMerging] = useState<Unit | null>(null)
  const [into, setInto] = useState<string | undefined>()
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? id
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      message.success(t('ops.saved'))
      await reload()
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  const confirmMerge = (from: Unit, target: string) => {
    const count = accounts.filter((a) => a.unitId === from.id || a.posts?.some((p) => p.unitId === from.id)).length
    modal.confirm({
      title: t('ops.unit.mergeTitle', { name: from.name }),
      content: <span data-testid="ops-merge-confirm-text">{t('ops.unit.mergeConfirm', { from: from.name, into: name(target), count })}</span>,
      okButtonProps: { danger: true, 'data-testid': 'ops-merge-ok' } as React.ComponentProps<typeof Button>,
      onOk: () =>
        act(async () => {
          const r = await api.mergeUnit(from.id, target)
          message.success(t('ops.unit.mergeDone', { count: r.moved }))
          setMerging(null)
        })
    })
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
            render: (_, u) =>
              u.mergedInto ? null : (
                <Space>
                  <Button size="small" onClick={() => setRenaming(u)} data-testid={`ops-rename-${u.id}`}>
                    {t('ops.unit.rename')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      setInto(undefined)
                      setMerging(u)
                    }}
                    data-testid={`ops-merge-${u.id}`}
                  >
                    {t('ops.unit.merge')}
                  </Button>
                </Space>
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
      <Modal
        open={!!merging}
        title={t('ops.unit.mergeTitle', { name: merging?.name ?? '' })}
        okText={t('ops.unit.merge')}
        okButtonProps={{ danger: true, disabled: !into, 'data-testid': 'ops-merge-next' } as React.ComponentProps<typeof Button>}
        onOk={() => merging && into && confirmMerge(merging, into)}
        onCancel={() => setMerging(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('ops.unit.mergeHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('ops.unit.mergeInto')}>
            <Select
              showSearch
              optionFilterProp="label"
              value={into}
              onChange={setInto}
              options={units.filter((u) => !u.mergedInto && u.id !== merging?.id).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="ops-merge-into"
            />
          </Form.Item>
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

interface PersonForm {
  name: string
  unitId: string
  title?: string
  mobile?: string
  roles: Role[]
  posts?: { unitId?: string; title?: string }[]
  /** Last day the account may sign in (Shanghai date); empty = no expiry. */
  validUntil?: string
}

/** An account's expiry: yellow within a week, red once past (server time). */
function ExpiryTag({ expiresAt }: { expiresAt: number }) {
  const t = useT()
  const { session } = useServices()
  const now = session.now()
  const last = shanghaiDate(expiresAt - 1)
  if (now >= expiresAt) return <Tag color="red">{t('ops.status.expired')}</Tag>
  return <Tag color={expiresAt - now < 7 * 86_400_000 ? 'gold' : 'default'}>{t('ops.status.validUntil', { date: last })}</Tag>
}

/** Edit one person: the 系统管理员 their details and ordinary roles, the 安全管理员 the administrative roles. Saved after a confirmation. */
function EditPersonModal({
  api,
  duties,
  person,
  units,
  onClose,
  reload
}: {
  api: AdminApi
  duties: AdminDuties
  person: AccountView
  units: Unit[]
  onClose: () => void
  reload: () => Promise<void>
}) {
  const t = useT()
  const { message, modal } = App.useApp()
  const [error, setError] = useState<string | null>(null)
  const pickable = units.filter((u) => !u.mergedInto || u.id === person.unitId).map((u) => ({ value: u.id, label: u.name }))
  const details = !duties.manage
  const save = (v: PersonForm) => {
    const change: Partial<Person> & { expiresAt?: number | null } = {}
    if (v.name !== person.name) change.name = v.name
    if (v.unitId !== person.unitId) change.unitId = v.unitId
    if ((v.title ?? '') !== (person.title ?? '')) change.title = v.title ?? ''
    if ((v.mobile ?? '') !== (person.mobile ?? '')) change.mobile = v.mobile ?? ''
    if ([...v.roles].sort().join() !== [...person.roles].sort().join()) change.roles = v.roles
    const posts = (v.posts ?? []).filter((p) => p.unitId).map((p) => (p.title ? { unitId: p.unitId!, title: p.title } : { unitId: p.unitId! }))
    if (JSON.stringify(posts) !== JSON.stringify(person.posts ?? [])) change.posts = posts
    const expiresAt = v.validUntil ? startOfShanghaiDay(addDays(v.validUntil, 1)) : null
    if (expiresAt !== person.expiresAt) change.expiresAt = expiresAt
    if (Object.keys(change).length === 0) return void message.info(t('ops.edit.noChange'))
    const signOut = change.unitId !== undefined || change.roles !== undefined
    modal.confirm({
      title: t('ops.edit.confirmTitle', { name: person.name }),
      content: <span data-testid="ops-edit-confirm-text">{signOut ? t('ops.edit.confirmSignOut', { name: person.name }) : t('ops.edit.confirmPlain')}</span>,
      okButtonProps: { 'data-testid': 'ops-edit-ok' } as React.ComponentProps<typeof Button>,
      onOk: async () => {
        try {
          await api.updateAccount(person.id, change)
          message.success(t('ops.saved'))
          onClose()
          await reload()
        } catch (e) {
          setError(errorText(t, e))
        }
      }
    })
  }
  return (
    <Modal open title={t('ops.edit.title', { name: person.name })} footer={null} onCancel={onClose} destroyOnHidden width={560}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="ops-edit-error" />}
      <Form<PersonForm>
        layout="vertical"
        initialValues={{
          name: person.name,
          unitId: person.unitId,
          title: person.title,
          mobile: person.mobile,
          roles: person.roles,
          posts: person.posts ?? [],
          validUntil: person.expiresAt ? shanghaiDate(person.expiresAt - 1) : ''
        }}
        onFinish={save}
      >
        <Form.Item name="name" label={t('ops.col.name')} rules={[{ required: true, message: t('ops.form.required') }]}>
          <Input disabled={details} data-testid="ops-edit-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('ops.col.unit')} rules={[{ required: true, message: t('ops.form.required') }]}>
          <Select disabled={details} showSearch optionFilterProp="label" options={pickable} data-testid="ops-edit-unit" />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="title" label={t('ops.col.title')}>
            <Input disabled={details} data-testid="ops-edit-title" />
          </Form.Item>
          <Form.Item name="mobile" label={t('ops.col.mobile')} rules={[{ pattern: /^1\d{10}$/, message: t('ops.edit.badMobile') }]}>
            <Input disabled={details} data-testid="ops-edit-mobile" />
          </Form.Item>
        </Space>
        <Form.List name="posts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'unitId']} label={t('ops.edit.postUnit')} rules={[{ required: true, message: t('ops.form.required') }]}>
                    <Select
                      disabled={details}
                      showSearch
                      optionFilterProp="label"
                      options={pickable}
                      style={{ width: 200 }}
                      data-testid={`ops-edit-post-unit-${f.name}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} label={t('ops.edit.postTitle')}>
                    <Input disabled={details} data-testid={`ops-edit-post-title-${f.name}`} />
                  </Form.Item>
                  {!details && (
                    <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)}>
                      −
                    </Button>
                  )}
                </Space>
              ))}
              {!details && fields.length < 3 && (
                <Button type="dashed" onClick={() => add({})} style={{ marginBottom: 12 }} data-testid="ops-edit-add-post">
                  {t('ops.edit.addPost')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Form.Item name="validUntil" label={t('ops.edit.validUntil')} extra={t('ops.edit.validUntilHint')}>
          <Input type="date" disabled={details} style={{ width: 200 }} data-testid="ops-edit-valid-until" />
        </Form.Item>
        <Form.Item name="roles" label={t('ops.col.roles')} extra={t('ops.edit.adminRolesHint')} rules={[{ required: true, message: t('ops.form.required') }]}>
          <Select
            mode="multiple"
            options={ROLES.map((r) => ({
              value: r,
              label: t(`role.${r}` as MessageKey),
              disabled: ADMIN_ROLES.includes(r) ? !duties.secure : !duties.manage
            }))}
            data-testid="ops-edit-roles"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="ops-edit-submit">
          {t('ops.form.submit')}
        </Button>
      </Form>
    </Modal>
  )
}

/** 审计管理员: the trail of administrative changes, newest first, read only. */
function TrailTab({ api }: { api: AdminApi }) {
  const t = useT()
  const [rows, setRows] = useState<TrailRow[]>([])
  const [next, setNext] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(
    async (before?: number) => {
      try {
        const page = await api.trail(before)
        setRows((r) => (before ? [...r, ...page.rows] : page.rows))
        setNext(page.next)
        setError(null)
      } catch (e) {
        setError(errorText(t, e))
      }
    },
    [api, t]
  )
  useEffect(() => void load(), [load])
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('ops.trail.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<TrailRow>
        rowKey="seq"
        size="small"
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ 'data-testid': `ops-trail-${r.seq}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ops.trail.at'), dataIndex: 'at', width: 170, render: (at: number) => shanghaiDateTimeSec(at) },
          { title: t('ops.trail.who'), dataIndex: 'who', width: 180 },
          { title: t('ops.trail.what'), dataIndex: 'summary', render: (s: string) => <span style={{ wordBreak: 'break-all' }}>{s}</span> }
        ]}
        data-testid="ops-trail"
      />
      {next !== null && (
        <Button onClick={() => void load(next)} data-testid="ops-trail-more">
          {t('ops.trail.more')}
        </Button>
      )}
    </Space>
  )
}
