/**
 * One 发文: the GB/T 9704 fields and the body edited together while the policy allows, the steps
 * and the actions this person may take, the traces between any two steps, the sender's trace per
 * recipient unit, and the printout once issued.
 */
import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Switch, Table, Tag, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import {
  availableOutgoingActions,
  checkEdit,
  CLASSIFICATIONS,
  DOC_TYPES,
  type Attachment,
  readFields,
  readOutgoingState,
  senderTrace,
  type Addressee,
  type OutgoingEventType,
  type OutgoingFields,
  type RecipientProgress,
  type TraceRow
} from '@domain/document'
import type { Actor } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { RichTextEditor } from '@renderer/ui/RichTextEditor'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { archivedAt } from '@domain/kinds'
import { ArchivedBanner } from '@renderer/features/archive/ArchivedBanner'
import { ActionDialog, type ActionValues, type DialogSpec } from './ActionDialog'
import { appendEvent, clearFields, createDraft, outgoingEvent, updateFields } from './commands'
import { DocFiles } from './DocFiles'
import { DocStatusTag, UrgencyTag } from './labels'
import { PrintButton } from './PrintButton'
import { TracePanel } from './TracePanel'
import { DocBack, DocNotShown } from './DocPageFrame'
import { useDocRoom, useDocumentContext } from './useDocRoom'

const STEP_OF = { drafting: 0, reviewing: 1, signing: 2, signed: 3, issued: 4, withdrawn: 0 } as const
const GROUPS = ['townships', 'departments'] as const

/** 主送/抄送 as one select: groups first ("g:townships"), then units. */
function AddresseeSelect({ value, onChange, disabled, testId }: { value: Addressee[]; onChange: (v: Addressee[]) => void; disabled: boolean; testId: string }) {
  const t = useT()
  const dir = useDirectory()
  const options = useMemo(
    () => [
      { label: '—', options: GROUPS.map((g) => ({ value: `g:${g}`, label: t(`documents.group.${g}`) })) },
      ...(['township', 'department'] as const).map((kind) => ({
        label: t(`unitKind.${kind}`),
        options: [...dir.units.values()]
          .filter((u) => u.kind === kind)
          .sort((a, b) => a.order - b.order)
          .map((u) => ({ value: `u:${u.id}`, label: u.name }))
      }))
    ],
    [dir, t]
  )
  const keys = value.map((a) => ('group' in a ? `g:${a.group}` : `u:${a.unitId}`))
  return (
    <Select
      mode="multiple"
      showSearch
      optionFilterProp="label"
      disabled={disabled}
      value={keys}
      options={options}
      data-testid={testId}
      onChange={(ks: string[]) => onChange(ks.map((k) => (k.startsWith('g:') ? { group: k.slice(2) as (typeof GROUPS)[number] } : { unitId: k.slice(2) })))}
    />
  )
}

export function OutgoingDoc({ id, creating }: { id: string; creating?: boolean }) {
  const t = useT()
  const { user, session } = useServices()
  const dir = useDirectory()
  const ctx = useDocumentContext()
  const name = `docout:${id}`
  const h = useDocRoom(name)
  const me: Actor = { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
  const [dialog, setDialog] = useState<{ type: OutgoingEventType; spec: DialogSpec } | null>(null)

  // A new draft: written once the (empty) room has loaded.
  useEffect(() => {
    if (!creating || !h.doc || !h.loaded || readOutgoingState(h.doc) || h.doc.getArray('events').length) return
    createDraft(h.doc, { userId: user.id, unitId: user.unitId }, id, {})
    navigate(`/documents/out/${id}`)
  }, [creating, h.doc, h.loaded, id, user])

  const doc = h.doc
  const state = doc ? readOutgoingState(doc) : null
  const fields = useMemo(() => (doc ? readFields(doc) : null), [doc, h.version])
  const progress = useMemo(() => (doc ? Object.fromEntries(doc.getMap<RecipientProgress>('progress').entries()) : {}), [doc, h.version])
  const back = <DocBack />
  if (!doc || !fields || (!state && !doc.getArray('events').length)) {
    const waiting = !h.forbidden && (!h.loaded || !h.synced || creating)
    return <DocNotShown back={back} waiting={!!waiting} forbidden={h.forbidden} />
  }
  const now = session.now()
  const edit = checkEdit(state, me)
  // 归档: read-only (the server refuses every change); nothing editable, no actions (docs/decisions.md, "Archive").
  const archived = archivedAt(doc)
  const editable = edit.ok && archived === undefined
  const facts = { fields: doc.getMap('fields').toJSON(), progress }
  const actions = state && archived === undefined ? availableOutgoingActions(state, me, now, ctx, facts) : []
  const set = (patch: Partial<OutgoingFields>) => updateFields(doc, patch)
  // Files are added and removed against the shared list as it is now (another clerk may have attached one meanwhile).
  const addFile = (a: Attachment) => {
    const cur = readFields(doc).attachments
    if (!cur.some((x) => x.id === a.id)) set({ attachments: [...cur, a] })
  }
  const removeFile = (a: Attachment) => set({ attachments: readFields(doc).attachments.filter((x) => x.id !== a.id) })
  const people = (pred: (p: { roles: string[]; unitId: string }) => boolean) =>
    [...dir.people.values()].filter(pred).map((p) => ({ value: p.id, label: `${dir.unitName(p.unitId)} ${p.name}` }))

  const start = (type: OutgoingEventType) => {
    const title = t(`documents.action.${type}` as const)
    const spec: DialogSpec | null =
      type === 'review_return' || type === 'unsign'
        ? { title, fields: [{ name: 'reason', required: true }] }
        : type === 'withdraw'
          ? {
              title,
              fields: [
                { name: 'reason', required: true },
                { name: 'notice', required: state?.status === 'issued' && Object.values(progress).some((p) => p.signedAt) }
              ]
            }
          : type === 'review_approve'
            ? {
                title,
                fields: [{ name: 'signer', required: true }],
                people: people((p) => p.roles.includes('leader') || (p.roles.includes('head') && p.unitId === state!.header.draftingUnitId))
              }
            : type === 'sign'
              ? { title, fields: [{ name: 'text' }] }
              : null
    if (spec) setDialog({ type, spec })
    else appendEvent(doc, outgoingEvent(me, type))
  }
  const finish = (v: ActionValues) => {
    if (!dialog) return
    const p = { reason: v.reason?.trim() || undefined, text: (v.notice ?? v.text)?.trim() || undefined, signerId: v.signerId }
    appendEvent(doc, outgoingEvent(me, dialog.type, p))
    setDialog(null)
  }
  const remind = (unitId: string) => appendEvent(doc, outgoingEvent(me, 'remind', { targetUnitId: unitId }))
  const reissue = (unitId: string) => appendEvent(doc, outgoingEvent(me, 'reissue', { targetUnitId: unitId }))
  const trace = state ? senderTrace(state, progress) : []
  const mayRemind = state?.status === 'issued' && me.unitId === state.header.draftingUnitId

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {archived !== undefined && <ArchivedBanner at={archived} />}
      <Card
        variant="borderless"
        title={
          <Space>
            {back}
            <UrgencyTag urgency={fields.urgency} />
            {fields.classification && (
              <Tag color="red" data-testid="doc-classification">
                {fields.classification}
                {fields.secrecyPeriod ? `★${fields.secrecyPeriod}` : ''}
              </Tag>
            )}
            <Typography.Text strong data-testid="doc-title">
              {fields.title || '（无标题）'}
            </Typography.Text>
            {state && <DocStatusTag kind="out" status={state.status} />}
            {state?.docNumber && <Tag data-testid="doc-number">{state.docNumber}</Tag>}
          </Space>
        }
        extra={state?.status === 'issued' && <PrintButton doc={doc} state={state} fields={fields} />}
      >
        <Steps
          size="small"
          current={state ? STEP_OF[state.status] : 0}
          status={state?.status === 'withdrawn' ? 'error' : undefined}
          items={[
            { title: t('documents.step.draft') },
            { title: t('documents.step.review') },
            { title: t('documents.step.sign') },
            { title: t('documents.step.issue') }
          ]}
          style={{ marginBottom: 16 }}
        />
        {!editable && state && (
          <Alert
            type={state.status === 'signed' || state.status === 'issued' ? 'info' : 'warning'}
            showIcon
            message={state.status === 'signed' || state.status === 'issued' ? t('documents.frozen') : t('documents.readOnlyDraft')}
            style={{ marginBottom: 12 }}
            data-testid="doc-frozen"
          />
        )}
        <Form layout="vertical" disabled={!editable}>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item label={t('documents.field.docType')}>
                <Select value={fields.docType} options={DOC_TYPES.map((d) => ({ value: d, label: d }))} onChange={(v) => set({ docType: v })} />
              </Form.Item>
            </Col>
            <Col span={18}>
              <Form.Item label={t('documents.field.title')} required>
                <Input value={fields.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} data-testid="doc-field-title" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('documents.field.mainTo')} required>
                <AddresseeSelect value={fields.mainTo} onChange={(v) => set({ mainTo: v })} disabled={!editable} testId="doc-field-mainTo" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('documents.field.copyTo')}>
                <AddresseeSelect value={fields.copyTo} onChange={(v) => set({ copyTo: v })} disabled={!editable} testId="doc-field-copyTo" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('documents.field.urgency')}>
                <Radio.Group
                  value={fields.urgency}
                  onChange={(e) => set({ urgency: e.target.value })}
                  options={(['none', 'jiaji', 'teji'] as const).map((u) => ({ value: u, label: t(`documents.urgency.${u}`) }))}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('documents.field.upward')}>
                <Switch checked={fields.upward} onChange={(v) => set({ upward: v })} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label={t('documents.field.replyRequested')}>
                <Switch checked={fields.replyRequested} onChange={(v) => set({ replyRequested: v })} data-testid="doc-field-replyRequested" />
              </Form.Item>
            </Col>
            {ctx.classifiedAllowed && (
              <>
                <Col span={8}>
                  <Form.Item label={t('documents.field.classification')}>
                    <Select
                      value={fields.classification ?? ''}
                      data-testid="doc-field-classification"
                      options={[{ value: '', label: t('documents.classification.none') }, ...CLASSIFICATIONS.map((c) => ({ value: c, label: c }))]}
                      onChange={(v: string) =>
                        v ? set({ classification: v as OutgoingFields['classification'] }) : clearFields(doc, ['classification', 'secrecyPeriod', 'copies'])
                      }
                    />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('documents.field.secrecyPeriod')}>
                    <Input
                      value={fields.secrecyPeriod ?? ''}
                      maxLength={20}
                      disabled={!editable || !fields.classification}
                      placeholder="10年"
                      onChange={(e) => (e.target.value ? set({ secrecyPeriod: e.target.value }) : clearFields(doc, ['secrecyPeriod']))}
                      data-testid="doc-field-secrecyPeriod"
                    />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label={t('documents.field.copies')}>
                    <InputNumber
                      min={1}
                      max={9999}
                      precision={0}
                      value={fields.copies ?? null}
                      disabled={!editable || !fields.classification}
                      onChange={(v) => (typeof v === 'number' ? set({ copies: v }) : clearFields(doc, ['copies']))}
                      data-testid="doc-field-copies"
                    />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
          <Form.Item label={t('documents.field.body')}>
            <RichTextEditor
              fragment={doc.getXmlFragment('body')}
              awareness={h.room?.provider?.awareness ?? null}
              user={{ id: user.id, name: user.name }}
              readOnly={!editable}
              data-testid="doc-body"
              label={t('documents.field.body')}
            />
          </Form.Item>
          <Form.Item label={t('documents.files.label')} extra={editable ? t('documents.files.hint') : undefined}>
            <DocFiles room={`docout:${id}`} files={fields.attachments} editable={editable} onAdd={addFile} onRemove={removeFile} testId="doc-files" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label={t('documents.field.attachmentNames')}>
                <Select
                  mode="tags"
                  value={fields.attachmentNames}
                  onChange={(v: string[]) =>
                    set({
                      attachmentNames: v
                        .map((x) => x.trim())
                        .filter(Boolean)
                        .slice(0, 20)
                    })
                  }
                  open={false}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label={t('documents.field.note')}>
                <Input value={fields.note} maxLength={500} onChange={(e) => set({ note: e.target.value })} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Space wrap data-testid="doc-actions">
          {actions.map((a) => (
            <Button
              key={a}
              type={a === 'withdraw' || a === 'review_return' || a === 'unsign' ? 'default' : 'primary'}
              danger={a === 'withdraw'}
              onClick={() => start(a)}
              data-testid={`doc-action-${a}`}
            >
              {t(`documents.action.${a}` as const)}
            </Button>
          ))}
        </Space>
      </Card>
      {state?.recipients && (
        <Card variant="borderless" title={t('documents.senderTrace')} data-testid="doc-sender-trace">
          <Table<TraceRow>
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={trace}
            rowClassName={(r) => (r.highlight ? 'qf-row-attention' : '')}
            onRow={(r) => ({ 'data-testid': 'trace-row', 'data-unit': r.unitId, 'data-stage': r.stage }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('documents.col.from'),
                key: 'unit',
                render: (_: unknown, r) => (
                  <Space>
                    {dir.unitName(r.unitId)}
                    {r.role === 'copy' && <Tag>{t('documents.field.copyTo')}</Tag>}
                  </Space>
                )
              },
              { title: t('documents.col.status'), key: 'stage', render: (_: unknown, r) => <DocStatusTag kind="in" status={r.stage} /> },
              { title: t('documents.senderTrace.signedAt'), key: 'signed', render: (_: unknown, r) => (r.signedAt ? shanghaiDateTime(r.signedAt) : '') },
              { title: t('documents.col.inNumber'), dataIndex: 'number' },
              { title: t('documents.senderTrace.doneAt'), key: 'done', render: (_: unknown, r) => (r.doneAt ? shanghaiDateTime(r.doneAt) : '') },
              {
                title: t('documents.senderTrace.reply'),
                key: 'reply',
                render: (_: unknown, r) =>
                  r.returned ? (
                    <Typography.Text type="danger">{t('documents.senderTrace.returned', { reason: r.returned.reason })}</Typography.Text>
                  ) : (
                    <>
                      {r.reply?.text ?? ''}
                      {r.reply?.attachments?.length ? <DocFiles room={`docout:${id}`} files={r.reply.attachments} testId="doc-reply-files" /> : null}
                    </>
                  )
              },
              {
                title: '',
                key: 'act',
                render: (_: unknown, r) =>
                  mayRemind &&
                  (r.highlight ? (
                    <Button size="small" onClick={() => remind(r.unitId)} data-testid="doc-remind">
                      {t('documents.action.remind')}
                    </Button>
                  ) : r.stage === 'returned' ? (
                    <Button size="small" onClick={() => reissue(r.unitId)}>
                      {t('documents.action.reissue')}
                    </Button>
                  ) : null)
              }
            ]}
          />
        </Card>
      )}
      {state && <TracePanel doc={doc} version={h.version} />}
      <ActionDialog spec={dialog?.spec ?? null} onCancel={() => setDialog(null)} onOk={finish} />
    </Space>
  )
}
