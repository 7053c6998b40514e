/** 代办件办理时限: the table of item types and their working days, edited as a whole and saved in one write. */
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons'
import { Button, Card, Input, InputNumber, Space, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react'
import { AGENCY_DAYS_MAX, AGENCY_LABEL_MAX, type AgencyTypes } from '@domain/calendar'
import { agencyRowsOf, checkAgencyRows, sameAgencyTypes, type AgencyField, type AgencyRow, type AgencyRowError } from './calendar/model'
import type { WriteResult } from './calendar/useCalendarRoom'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'

export function AgencyTypesCard({
  types,
  custom,
  canWrite,
  disabled,
  onSave
}: {
  types: AgencyTypes
  /** The administrator's table (false: the built-in defaults). */
  custom: boolean
  canWrite: boolean
  disabled: boolean
  onSave(types: AgencyTypes): WriteResult
}) {
  const t = useT()
  const [rows, setRows] = useState<AgencyRow[]>(() => agencyRowsOf(types))
  const [errors, setErrors] = useState<AgencyRowError[]>([])
  const [tableError, setTableError] = useState<MessageKey | null>(null)
  const seq = useRef(0)
  const base = useRef(types)

  const dirty = useMemo(() => {
    const c = checkAgencyRows(rows)
    return !c.ok || !sameAgencyTypes(c.value, types)
  }, [rows, types])

  // Follow the room while nothing is being edited (another admin, or our own write coming back).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the table in force resets the rows.
  useEffect(() => {
    if (base.current === types) return
    const wasClean = (() => {
      const c = checkAgencyRows(rows)
      return c.ok && sameAgencyTypes(c.value, base.current)
    })()
    base.current = types
    if (wasClean) {
      setRows(agencyRowsOf(types))
      setErrors([])
    }
  }, [types])

  const update = (key: string, patch: Partial<AgencyRow>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
    setErrors((es) => es.filter((e) => !(e.key === key && Object.keys(patch).includes(e.field))))
    setTableError(null)
  }
  const add = () => {
    setRows((rs) => [...rs, { key: `new-${++seq.current}`, id: '', label: '', workingDays: null }])
    setTableError(null)
  }
  const remove = (key: string) => {
    setRows((rs) => rs.filter((r) => r.key !== key))
    setErrors((es) => es.filter((e) => e.key !== key))
  }
  const reset = () => {
    setRows(agencyRowsOf(types))
    setErrors([])
    setTableError(null)
  }
  const save = () => {
    const c = checkAgencyRows(rows)
    if (!c.ok) {
      setErrors(c.errors)
      setTableError(c.error ?? null)
      return
    }
    const r = onSave(c.value)
    if (!r.ok) setTableError(r.error)
  }

  const errorOf = (key: string, field: AgencyField) => errors.find((e) => e.key === key && e.field === field)
  const cellError = (key: string, field: AgencyField) => {
    const e = errorOf(key, field)
    return e ? (
      <div className="qf-agency-error" data-testid="admin-agency-error">
        {t(e.error)}
      </div>
    ) : null
  }

  const editable = canWrite
  const columns = [
    {
      title: t('admin.agency.id'),
      key: 'id',
      width: '28%',
      render: (_: unknown, r: AgencyRow, i: number) =>
        editable ? (
          <>
            <Input
              value={r.id}
              status={errorOf(r.key, 'id') ? 'error' : undefined}
              placeholder="survey"
              maxLength={40}
              disabled={disabled}
              onChange={(e) => update(r.key, { id: e.target.value })}
              data-testid={`admin-agency-id-${i}`}
            />
            {cellError(r.key, 'id')}
          </>
        ) : (
          <Typography.Text code>{r.id}</Typography.Text>
        )
    },
    {
      title: t('admin.agency.label'),
      key: 'label',
      render: (_: unknown, r: AgencyRow, i: number) =>
        editable ? (
          <>
            <Input
              value={r.label}
              status={errorOf(r.key, 'label') ? 'error' : undefined}
              placeholder={t('admin.agency.labelPlaceholder')}
              maxLength={AGENCY_LABEL_MAX}
              disabled={disabled}
              onChange={(e) => update(r.key, { label: e.target.value })}
              data-testid={`admin-agency-label-${i}`}
            />
            {cellError(r.key, 'label')}
          </>
        ) : (
          r.label
        )
    },
    {
      title: t('admin.agency.days'),
      key: 'workingDays',
      width: 150,
      render: (_: unknown, r: AgencyRow, i: number) =>
        editable ? (
          <>
            <InputNumber
              value={r.workingDays}
              min={0}
              max={AGENCY_DAYS_MAX}
              precision={0}
              status={errorOf(r.key, 'workingDays') ? 'error' : undefined}
              disabled={disabled}
              style={{ width: '100%' }}
              onChange={(v) => update(r.key, { workingDays: typeof v === 'number' ? v : null })}
              data-testid={`admin-agency-days-${i}`}
            />
            {cellError(r.key, 'workingDays')}
          </>
        ) : (
          t('admin.agency.daysValue', { days: r.workingDays ?? 0 })
        )
    },
    ...(editable
      ? [
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 72,
            render: (_: unknown, r: AgencyRow, i: number) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('admin.agency.remove')}
                disabled={disabled}
                onClick={() => remove(r.key)}
                data-testid={`admin-agency-remove-${i}`}
              />
            )
          }
        ]
      : [])
  ]

  return (
    <Card
      variant="borderless"
      title={
        <Space>
          {t('admin.agency.title')}
          {custom ? <Tag color="green">{t('admin.agency.custom')}</Tag> : <Tag>{t('admin.agency.default')}</Tag>}
        </Space>
      }
      extra={
        editable && (
          <Space>
            {dirty && <Typography.Text type="warning">{t('admin.agency.dirty')}</Typography.Text>}
            <Button icon={<UndoOutlined />} onClick={reset} disabled={disabled || !dirty} data-testid="admin-agency-reset">
              {t('admin.agency.reset')}
            </Button>
            <Button type="primary" icon={<SaveOutlined />} onClick={save} disabled={disabled || !dirty} data-testid="admin-agency-save">
              {t('admin.agency.save')}
            </Button>
          </Space>
        )
      }
      data-testid="admin-agency"
    >
      <Typography.Paragraph type="secondary">{t('admin.agency.hint')}</Typography.Paragraph>
      <Table<AgencyRow>
        rowKey="key"
        size="middle"
        pagination={false}
        dataSource={rows}
        columns={columns}
        onRow={(r) => ({ 'data-testid': `admin-agency-row-${r.id || r.key}` }) as HTMLAttributes<HTMLElement>}
        footer={
          editable
            ? () => (
                <Button type="dashed" icon={<PlusOutlined />} block onClick={add} disabled={disabled} data-testid="admin-agency-add">
                  {t('admin.agency.add')}
                </Button>
              )
            : undefined
        }
      />
      {tableError && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }} data-testid="admin-agency-table-error">
          {t(tableError)}
        </Typography.Paragraph>
      )}
    </Card>
  )
}
