/**
 * One unit's 收文: what arrived (or was registered from outside), its steps 签收 → 登记 → 初审 →
 * 拟办 → 批办 → 承办/传阅 → 办结, the actions this person may take, and the handling so far.
 * Only this unit, the people it named and oversight see this page (the server enforces it).
 */
import { Button, Card, Descriptions, Space, Steps, Table, Tag, Timeline, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { availableIncomingActions, incomingFilesRoom, readIncomingMeta, readIncomingState, type Attachment, type IncomingEventType } from '@domain/document'
import type { Actor } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { archivedAt } from '@domain/kinds'
import { ArchivedBanner } from '@renderer/features/archive/ArchivedBanner'
import { ActionDialog, type ActionValues, type DialogSpec } from './ActionDialog'
import { appendEvent, incomingEvent } from './commands'
import { DocFiles } from './DocFiles'
import { DocStatusTag, UrgencyTag } from './labels'
import { DocBack, DocNotShown } from './DocPageFrame'
import { useDocRoom, useDocumentContext } from './useDocRoom'

const STEP = { delivered: 0, signed: 1, registered: 2, returned: 2, accepted: 3, proposed: 4, handling: 5, done: 6, withdrawn: 0 } as const

export function IncomingDoc({ id }: { id: string }) {
  const t = useT()
  const { user, session } = useServices()
  const dir = useDirectory()
  const ctx = useDocumentContext()
  const name = `docin:${id}`
  const h = useDocRoom(name)
  const me: Actor = { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
  const [dialog, setDialog] = useState<{ type: IncomingEventType; spec: DialogSpec } | null>(null)

  const doc = h.doc
  const meta = useMemo(() => (doc ? readIncomingMeta(doc) : null), [doc, h.version])
  const state = useMemo(() => (doc ? readIncomingState(doc) : null), [doc, h.version])
  const back = <DocBack />
  if (!doc || !meta || !state) {
    const waiting = !h.forbidden && (!h.loaded || !h.synced || (meta && !state))
    return <DocNotShown back={back} waiting={!!waiting} forbidden={h.forbidden} />
  }
  const now = session.now()
  // 归档: read-only (the server refuses every change); no actions offered (docs/decisions.md, "Archive").
  const archived = archivedAt(doc)
  const actions = archived === undefined ? availableIncomingActions(meta, state, me, now, ctx) : []
  const unitPeople = [...dir.people.values()].filter((p) => p.unitId === meta.unitId).map((p) => ({ value: p.id, label: p.name }))
  // The unit's people, the county's leaders and other units' heads: whom the server lets a unit name (domain/document/incoming.ts).
  const readers = [...dir.people.values()]
    .filter((p) => p.unitId === meta.unitId || p.roles.includes('leader') || p.roles.includes('head'))
    .map((p) => ({ value: p.id, label: `${dir.unitName(p.unitId)} ${p.name}` }))

  const start = (type: IncomingEventType) => {
    const title = t(`documents.action.in.${type}` as const)
    const specs: Partial<Record<IncomingEventType, DialogSpec>> = {
      return: { title, fields: [{ name: 'reason', required: true }] },
      propose: { title, fields: [{ name: 'mode' }, { name: 'text', required: true }] },
      instruct: {
        title,
        fields: [{ name: 'lead', required: true }, { name: 'assist' }, { name: 'due' }, { name: 'text', required: true }],
        people: unitPeople
      },
      progress: { title, fields: [{ name: 'text', required: true }, { name: 'files' }], room: name },
      add_readers: { title, fields: [{ name: 'readers', required: true }], people: readers },
      read: { title, fields: [{ name: 'text' }] },
      chase: { title, fields: [{ name: 'text' }] },
      complete: {
        title,
        fields: [
          { name: 'text', required: true },
          ...(meta.replyRequested && meta.source === 'internal' ? [{ name: 'reply' as const, required: true }] : []),
          { name: 'files' }
        ],
        room: name
      }
    }
    const spec = specs[type]
    if (spec) setDialog({ type, spec })
    else appendEvent(doc, incomingEvent(me, type))
  }
  const finish = (v: ActionValues) => {
    if (!dialog) return
    appendEvent(
      doc,
      incomingEvent(me, dialog.type, {
        text: v.text?.trim() || undefined,
        reason: v.reason?.trim() || undefined,
        mode: dialog.type === 'propose' ? v.mode : undefined,
        leadUserId: v.leadUserId,
        assistUserIds: v.assistUserIds?.length ? v.assistUserIds : undefined,
        dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined,
        readerIds: v.readerIds,
        reply: v.reply?.trim() || undefined,
        attachments: v.attachments?.length ? v.attachments : undefined
      })
    )
    setDialog(null)
  }

  const history: { at: number; text: string; files?: Attachment[] }[] = [
    {
      at: meta.deliveredAt,
      text: meta.source === 'external' ? `${t('documents.external')}：${meta.fromOrg}` : `${dir.unitName(meta.fromUnitId)} ${meta.docNumber}`
    },
    ...(state.signed ? [{ at: state.signed.at, text: `${t('documents.action.in.sign')}：${dir.personName(state.signed.by)}` }] : []),
    ...(state.registeredAt ? [{ at: state.registeredAt, text: `${t('documents.action.in.register')}：${state.number}` }] : []),
    ...(state.returned ? [{ at: state.returned.at, text: `${t('documents.action.in.return')}：${state.returned.reason}` }] : []),
    ...(state.accepted ? [{ at: state.accepted.at, text: `${t('documents.action.in.accept')}：${dir.personName(state.accepted.by)}` }] : []),
    ...(state.proposal
      ? [{ at: state.proposal.at, text: `${t('documents.incoming.proposal')}（${dir.personName(state.proposal.by)}）：${state.proposal.text}` }]
      : []),
    ...(state.instruction
      ? [
          {
            at: state.instruction.at,
            text: `${t('documents.incoming.instruction')}（${dir.personName(state.instruction.by)}）：${state.instruction.text} — ${t('documents.form.lead')} ${dir.personName(state.instruction.leadUserId)}，${t('documents.col.due')} ${state.instruction.dueDate}`
          }
        ]
      : []),
    ...state.progress.map((p) => ({ at: p.at, text: `${t('documents.action.in.progress')}（${dir.personName(p.by)}）：${p.text}`, files: p.attachments })),
    ...state.chases.map((c) => ({ at: c.at, text: `${t('documents.action.in.chase')}：${dir.personName(c.by)}` })),
    ...(state.done
      ? [
          {
            at: state.done.at,
            text: `${t('documents.action.in.complete')}（${dir.personName(state.done.by)}）：${state.done.text}${state.done.reply ? `；${t('documents.form.reply')}：${state.done.reply}` : ''}`,
            files: state.done.attachments
          }
        ]
      : []),
    ...(state.withdrawn ? [{ at: state.withdrawn.at, text: `${t('documents.in.withdrawn')}：${state.withdrawn.reason}` }] : [])
  ].sort((a, b) => a.at - b.at)
  const readerRows = Object.entries(state.readers).map(([uid, r]) => ({ uid, ...r }))

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {archived !== undefined && <ArchivedBanner at={archived} />}
      <Card
        variant="borderless"
        title={
          <Space>
            {back}
            <UrgencyTag urgency={meta.urgency} />
            <Typography.Text strong data-testid="doc-title">
              {meta.title}
            </Typography.Text>
            <DocStatusTag kind="in" status={state.status} warning={state.warning} />
            {state.number && <Tag data-testid="doc-in-number">{state.number}</Tag>}
          </Space>
        }
      >
        <Steps
          size="small"
          current={STEP[state.status]}
          status={state.status === 'returned' || state.status === 'withdrawn' ? 'error' : undefined}
          items={(['sign', 'register', 'accept', 'propose', 'instruct', 'progress', 'complete'] as const).map((k) => ({
            // A return at 初审 shows as such on its step.
            title: t(k === 'accept' && state.status === 'returned' ? 'documents.action.in.return' : `documents.action.in.${k}`)
          }))}
          style={{ marginBottom: 16 }}
        />
        <Descriptions
          size="small"
          column={2}
          title={t('documents.incoming.meta')}
          items={[
            { key: 'from', label: t('documents.col.from'), children: meta.fromOrg ?? dir.unitName(meta.fromUnitId) },
            { key: 'no', label: t('documents.col.number'), children: meta.docNumber },
            { key: 'type', label: t('documents.field.docType'), children: meta.docType ?? '' },
            { key: 'role', label: t('documents.field.mainTo'), children: meta.role === 'main' ? t('documents.field.mainTo') : t('documents.field.copyTo') },
            { key: 'due', label: t('documents.col.due'), children: state.instruction?.dueDate ?? '' }
          ]}
        />
        <div style={{ margin: '8px 0' }}>
          <Typography.Text type="secondary">{t('documents.files.label')}：</Typography.Text>
          <DocFiles room={incomingFilesRoom(meta)} files={meta.attachments} testId="doc-in-files" />
        </div>
        {meta.outgoingId && (
          <Button type="link" onClick={() => navigate(`/documents/pub/${meta.outgoingId}`)} style={{ paddingLeft: 0 }} data-testid="doc-open-content">
            {t('documents.field.body')}
          </Button>
        )}
        <Space wrap data-testid="doc-actions" style={{ marginTop: 12 }}>
          {actions.map((a) => (
            <Button key={a} type={a === 'return' ? 'default' : 'primary'} danger={a === 'return'} onClick={() => start(a)} data-testid={`doc-in-action-${a}`}>
              {t(`documents.action.in.${a}` as const)}
            </Button>
          ))}
        </Space>
      </Card>
      <Card variant="borderless" title={t('documents.incoming.history')}>
        <Timeline
          items={history.map((x) => ({
            children: (
              <span>
                {shanghaiDateTime(x.at)}　{x.text}
                {x.files?.length ? <DocFiles room={name} files={x.files} testId="doc-step-files" /> : null}
              </span>
            )
          }))}
          data-testid="doc-in-history"
        />
      </Card>
      {readerRows.length > 0 && (
        <Card variant="borderless" title={t('documents.incoming.readers')}>
          <Table
            rowKey="uid"
            size="small"
            pagination={false}
            dataSource={readerRows}
            onRow={(r) => ({ 'data-testid': 'reader-row', 'data-read': r.readAt ? 'yes' : 'no' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('documents.form.readers'), key: 'who', render: (_: unknown, r) => dir.personName(r.uid) },
              {
                title: t('documents.col.status'),
                key: 'read',
                render: (_: unknown, r) => (r.readAt ? shanghaiDateTime(r.readAt) : <Tag color="gold">{t('documents.incoming.unread')}</Tag>)
              },
              { title: t('documents.form.text'), dataIndex: 'comment' }
            ]}
          />
        </Card>
      )}
      <ActionDialog spec={dialog?.spec ?? null} onCancel={() => setDialog(null)} onOk={finish} />
    </Space>
  )
}
