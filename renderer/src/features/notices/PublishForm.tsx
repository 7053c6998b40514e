/**
 * 起草 / 编辑 a notice: title, body, audience (whole county, groups, a role in
 * each unit, chosen units, chosen people), 回执, reply deadline, pinned,
 * expiry, attachments; then save, 送审 or 发布 as the unit's setting allows.
 * The domain's checks run first (same rules as the server).
 */
import { stripBidi } from '@domain/text/search'
import { App, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { hasRole } from '@domain/directory'
import { isCountyOffice, noticeBody, resolveAudience, type AudiencePart, type NoticeMeta } from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { useT } from '@renderer/core/i18n'
import type { Attachment } from '@renderer/ui/attachments'
import { NoticeBodyEditor } from './NoticeBody'
import { noticeAct, saveDraft, useDirectoryIndex, useNotice } from './useNotices'

type Preset = 'county' | 'townships' | 'departments' | 'clerks' | 'heads' | 'townshipClerks'
const PRESETS: Record<Preset, AudiencePart> = {
  county: { type: 'county' },
  townships: { type: 'group', group: 'townships' },
  departments: { type: 'group', group: 'departments' },
  clerks: { type: 'role', role: 'clerk', scope: 'all' },
  heads: { type: 'role', role: 'head', scope: 'all' },
  townshipClerks: { type: 'role', role: 'clerk', scope: 'townships' }
}
const PRESET_KEYS: Record<
  Preset,
  'notices.aud.county' | 'notices.aud.townships' | 'notices.aud.departments' | 'notices.aud.clerks' | 'notices.aud.heads' | 'notices.aud.townshipClerks'
> = {
  county: 'notices.aud.county',
  townships: 'notices.aud.townships',
  departments: 'notices.aud.departments',
  clerks: 'notices.aud.clerks',
  heads: 'notices.aud.heads',
  townshipClerks: 'notices.aud.townshipClerks'
}

interface Values {
  title: string
  presets: Preset[]
  unitIds: string[]
  userIds: string[]
  receiptRequired: boolean
  receiptText: 'none' | 'optional' | 'required'
  receiptFile: 'none' | 'optional' | 'required'
  receiptPrompt?: string
  deadlineMode: 'none' | 'days' | 'date'
  deadlineDays?: number
  deadlineDate?: string
  pinned: boolean
  expiresOn?: string
  attachments: Attachment[]
}

export function toAudience(v: Pick<Values, 'presets' | 'unitIds' | 'userIds'>): AudiencePart[] {
  const parts: AudiencePart[] = (v.presets ?? []).map((p) => PRESETS[p])
  if (v.unitIds?.length) parts.push({ type: 'units', unitIds: v.unitIds })
  if (v.userIds?.length) parts.push({ type: 'people', userIds: v.userIds })
  return parts
}

function fromMeta(m: NoticeMeta | null): Partial<Values> {
  if (!m)
    return {
      presets: [],
      unitIds: [],
      userIds: [],
      receiptRequired: false,
      receiptText: 'optional',
      receiptFile: 'optional',
      deadlineMode: 'none',
      pinned: false,
      attachments: []
    }
  const presets = (Object.keys(PRESETS) as Preset[]).filter((k) => m.audience.some((p) => JSON.stringify(p) === JSON.stringify(PRESETS[k])))
  return {
    title: m.title,
    presets,
    unitIds: m.audience.flatMap((p) => (p.type === 'units' ? p.unitIds : [])),
    userIds: m.audience.flatMap((p) => (p.type === 'people' ? p.userIds : [])),
    receiptRequired: m.receipt.required,
    receiptText: m.receipt.text,
    receiptFile: m.receipt.attachment,
    receiptPrompt: m.receipt.prompt,
    deadlineMode: m.deadline ? (m.deadline.type === 'date' ? 'date' : 'days') : 'none',
    deadlineDays: m.deadline?.type === 'workingDays' ? m.deadline.days : undefined,
    deadlineDate: m.deadline?.type === 'date' ? m.deadline.date : undefined,
    pinned: m.pinned,
    expiresOn: m.expiresOn,
    attachments: m.attachments ?? []
  }
}

export function PublishForm({ id, correcting, onDone }: { id: string; correcting?: { id: string; title: string }; onDone: (id: string) => void }) {
  const t = useT()
  const { message } = App.useApp()
  const { manager, viewer, user, unit, session } = useServices()
  const ix = useDirectoryIndex()
  const n = useNotice(id)
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const office = isCountyOffice(unit)
  const me = { userId: viewer.userId, unitId: viewer.unitId, roles: viewer.roles, name: user.name }
  const head = hasRole(viewer, 'head')
  const approvalRequired = unit.noticeApproval === true && !head
  const initial = useMemo(() => fromMeta(n.view?.meta ?? null), [n.view?.meta])
  const watched = Form.useWatch([], form) as Values | undefined
  const count = useMemo(() => (watched ? resolveAudience(toAudience(watched), ix).userIds.length : 0), [watched, ix])

  if (!n.doc || !n.view) return <Typography.Text type="secondary">{t('notices.loading')}</Typography.Text>
  const doc = n.doc

  const metaOf = (v: Values): NoticeMeta => ({
    id,
    title: stripBidi(v.title).trim(),
    publisherUnitId: viewer.unitId,
    authorId: n.view?.meta?.authorId ?? viewer.userId,
    audience: toAudience(v),
    receipt: {
      required: v.receiptRequired,
      text: v.receiptRequired ? v.receiptText : 'none',
      attachment: v.receiptRequired ? v.receiptFile : 'none',
      ...(v.receiptRequired && v.receiptPrompt?.trim() ? { prompt: stripBidi(v.receiptPrompt).trim() } : {})
    },
    ...(v.deadlineMode === 'days' && v.deadlineDays !== undefined ? { deadline: { type: 'workingDays' as const, days: v.deadlineDays } } : {}),
    ...(v.deadlineMode === 'date' && v.deadlineDate ? { deadline: { type: 'date' as const, date: v.deadlineDate } } : {}),
    pinned: v.pinned,
    ...(v.expiresOn ? { expiresOn: v.expiresOn } : {}),
    ...(v.attachments?.length ? { attachments: v.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, mime: a.mime })) } : {}),
    ...(correcting || n.view?.meta?.correctsId ? { correctsId: correcting?.id ?? n.view?.meta?.correctsId } : {})
  })

  const run = async (then?: 'submit' | 'publish') => {
    let v: Values
    try {
      v = await form.validateFields()
    } catch {
      return
    }
    setBusy(true)
    try {
      const ctx = { cal: manager.taskContext().cal, dir: ix, now: session.now() }
      const saved = saveDraft(doc, metaOf(v), me, ix, ctx.cal)
      if (!saved.ok) return void message.error(t('notices.refused', { message: saved.error.message }))
      if (!then) return void message.success(t('notices.form.saved'))
      const r = noticeAct(doc, me, then, ctx)
      if (!r.ok) return void message.error(t('notices.refused', { message: r.error.message }))
      message.success(t(then === 'publish' ? 'notices.form.published' : 'notices.form.submitted'))
      onDone(id)
    } finally {
      setBusy(false)
    }
  }

  const unitOptions = [...ix.units.values()].map((u) => ({ value: u.id, label: u.name }))
  const peopleOptions = [...ix.people.values()].map((p) => ({
    value: p.id,
    label: `${ix.units.get(p.unitId)?.name ?? ''} ${p.name}${p.title ? `（${p.title}）` : ''}`
  }))

  return (
    <Form
      key={n.view.meta ? 'loaded' : 'new'}
      form={form}
      layout="vertical"
      initialValues={initial}
      data-testid="notice-form"
      disabled={busy}
      style={{ maxWidth: 820 }}
    >
      {correcting && (
        <Typography.Paragraph type="warning" data-testid="notice-correcting">
          {t('notices.form.correcting', { title: correcting.title })}
        </Typography.Paragraph>
      )}
      {n.view.state.rejectReason && <Typography.Paragraph type="danger">{t('notices.rejected', { reason: n.view.state.rejectReason })}</Typography.Paragraph>}
      <Form.Item
        name="title"
        label={t('notices.form.title')}
        rules={[{ required: true, whitespace: true, message: t('notices.form.titleRequired') }, { max: 200 }]}
      >
        <Input data-testid="notice-title" />
      </Form.Item>
      <Form.Item label={t('notices.form.body')}>
        <NoticeBodyEditor
          fragment={noticeBody(doc)}
          awareness={null}
          user={{ id: viewer.userId, name: user.name }}
          label={t('notices.form.body')}
          data-testid="notice-body"
        />
      </Form.Item>
      <Form.Item
        label={t('notices.form.audience')}
        required
        extra={office ? t('notices.aud.count', { n: count }) : `${t('notices.aud.countyOnly')} · ${t('notices.aud.count', { n: count })}`}
      >
        <Form.Item name="presets" noStyle>
          <Checkbox.Group
            data-testid="notice-presets"
            disabled={!office}
            options={(Object.keys(PRESETS) as Preset[]).map((k) => ({ value: k, label: t(PRESET_KEYS[k]) }))}
          />
        </Form.Item>
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Form.Item name="unitIds" noStyle>
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('notices.aud.units')}
              options={unitOptions}
              data-testid="notice-units"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="userIds" noStyle>
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('notices.aud.people')}
              options={peopleOptions}
              data-testid="notice-people"
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Space>
      </Form.Item>
      <Space size={24} wrap align="start">
        <Form.Item name="receiptRequired" label={t('notices.form.receipt')} valuePropName="checked">
          <Switch data-testid="notice-receipt" />
        </Form.Item>
        {watched?.receiptRequired && (
          <>
            <Form.Item name="receiptText" label={t('notices.form.receiptText')}>
              <Radio.Group optionType="button" options={(['none', 'optional', 'required'] as const).map((v) => ({ value: v, label: t(`notices.ask.${v}`) }))} />
            </Form.Item>
            <Form.Item name="receiptFile" label={t('notices.form.receiptFile')}>
              <Radio.Group optionType="button" options={(['none', 'optional', 'required'] as const).map((v) => ({ value: v, label: t(`notices.ask.${v}`) }))} />
            </Form.Item>
          </>
        )}
      </Space>
      {watched?.receiptRequired && (
        <Form.Item name="receiptPrompt" label={t('notices.form.receiptPrompt')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
      <Space size={24} wrap align="start">
        <Form.Item name="deadlineMode" label={t('notices.form.deadline')}>
          <Radio.Group
            data-testid="notice-deadline-mode"
            options={(['none', 'days', 'date'] as const).map((v) => ({ value: v, label: t(`notices.deadline.${v}`) }))}
          />
        </Form.Item>
        {watched?.deadlineMode === 'days' && (
          <Form.Item name="deadlineDays" label={t('notices.deadline.days')} rules={[{ required: true }]}>
            <InputNumber min={0} max={60} data-testid="notice-deadline-days" />
          </Form.Item>
        )}
        {watched?.deadlineMode === 'date' && (
          <Form.Item name="deadlineDate" label={t('notices.deadline.date')} rules={[{ required: true }]}>
            <Input type="date" data-testid="notice-deadline-date" />
          </Form.Item>
        )}
        <Form.Item name="pinned" label={t('notices.form.pinned')} valuePropName="checked">
          <Switch data-testid="notice-pinned" />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('notices.form.expires')}>
          <Input type="date" data-testid="notice-expires" />
        </Form.Item>
      </Space>
      <Form.Item name="attachments" label={t('notices.form.attachments')}>
        <AttachmentUpload room={`notice:${id}`} testId="notice-attachments" />
      </Form.Item>
      {approvalRequired && <Typography.Paragraph type="secondary">{t('notices.form.approvalHint')}</Typography.Paragraph>}
      <Space>
        <Button onClick={() => void run()} data-testid="notice-save">
          {t('notices.form.save')}
        </Button>
        {approvalRequired ? (
          <Button type="primary" onClick={() => void run('submit')} data-testid="notice-submit">
            {t('notices.form.submit')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => void run('publish')} data-testid="notice-publish">
            {t('notices.form.publish')}
          </Button>
        )}
      </Space>
    </Form>
  )
}
