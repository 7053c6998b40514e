/** Adds one calendar entry: a date, 上班/放假, 官方安排/本地例外, and the reason every trail will show. */
import { PlusOutlined } from '@ant-design/icons'
import { Button, DatePicker, Form, Input, Radio, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect } from 'react'
import type { CalendarOverride, YMD } from '@domain/calendar'
import { REASON_MAX } from '@domain/calendar'
import type { WriteResult } from './calendar/useCalendarRoom'
import { useT } from '@renderer/core/i18n'

export interface OverridePrefill {
  date: YMD
  work: boolean
  /** Bumped on every pick, so picking the same day again refills the form. */
  seq: number
}

interface Values {
  date?: Dayjs | null
  work: 'rest' | 'work'
  kind: 'official' | 'local'
  reason?: string
}

export function OverrideForm({
  overrides,
  disabled,
  prefill,
  onSubmit
}: {
  overrides: CalendarOverride[]
  disabled: boolean
  prefill: OverridePrefill | null
  onSubmit(v: { date: YMD; work: boolean; kind: 'official' | 'local'; reason: string }): WriteResult
}) {
  const t = useT()
  const [form] = Form.useForm<Values>()
  const date = Form.useWatch('date', form)
  const existing = date ? overrides.find((o) => o.date === date.format('YYYY-MM-DD')) : undefined

  useEffect(() => {
    if (prefill) form.setFieldsValue({ date: dayjs(prefill.date), work: prefill.work ? 'work' : 'rest' })
  }, [prefill, form])

  const finish = (v: Values) => {
    const r = onSubmit({ date: v.date!.format('YYYY-MM-DD'), work: v.work === 'work', kind: v.kind, reason: v.reason ?? '' })
    if (r.ok) form.resetFields(['date', 'reason'])
  }

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ work: 'rest', kind: 'local' }} onFinish={finish} disabled={disabled} requiredMark>
      <Form.Item name="date" label={t('admin.override.date')} rules={[{ required: true, message: t('admin.error.date') }]} extra={t('admin.override.pickHint')}>
        <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="admin-ovr-date" allowClear />
      </Form.Item>
      <Form.Item name="work" label={t('admin.override.work')} rules={[{ required: true, message: t('admin.error.work') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="admin-ovr-work">
          <Radio.Button value="rest" data-testid="admin-ovr-rest">
            {t('admin.override.rest')}
          </Radio.Button>
          <Radio.Button value="work" data-testid="admin-ovr-workday">
            {t('admin.override.workDay')}
          </Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="kind" label={t('admin.override.kind')} rules={[{ required: true, message: t('admin.error.kind') }]} extra={t('admin.override.kindHint')}>
        <Radio.Group data-testid="admin-ovr-kind">
          <Radio value="official" data-testid="admin-ovr-official">
            {t('admin.override.official')}
          </Radio>
          <Radio value="local" data-testid="admin-ovr-local">
            {t('admin.override.local')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('admin.override.reason')}
        rules={[
          { required: true, whitespace: true, message: t('admin.error.reason') },
          { max: REASON_MAX, message: t('admin.error.reasonLong') }
        ]}
      >
        <Input.TextArea rows={2} maxLength={REASON_MAX} showCount placeholder={t('admin.override.reasonPlaceholder')} data-testid="admin-ovr-reason" />
      </Form.Item>
      {existing && (
        <Typography.Paragraph type="warning" style={{ marginTop: -8 }} data-testid="admin-ovr-replace">
          {t('admin.override.replaceNote', { reason: existing.reason })}
        </Typography.Paragraph>
      )}
      <Button type="primary" htmlType="submit" icon={<PlusOutlined />} block data-testid="admin-ovr-submit">
        {existing ? t('admin.override.replace') : t('admin.override.submit')}
      </Button>
    </Form>
  )
}
