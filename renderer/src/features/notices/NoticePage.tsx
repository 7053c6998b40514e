/**
 * One notice. A reader: opening records the read (once; the server stamps the
 * time), the 回执 form with text and attachment, yellow/red against the
 * deadline. The publishing unit: the draft form, approval, withdraw, 更正 and
 * the live tally. Overseers: the tally, read-only.
 */
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Form, Input, Modal, Result, Space, Tag, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { hasRole } from '@domain/directory'
import { noticeBody, noticeRooms, receiptWarning, type Attachment } from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { useServerNow } from '../oversight/data'
import { navigate } from '@renderer/core/router/hash'
import { useAttachmentClient } from '@renderer/ui/attachments'
import { NoticeBodyEditor } from './NoticeBody'
import { PublisherView } from './PublisherView'
import { PublishForm } from './PublishForm'
import { archivedAt } from '@domain/kinds'
import { ArchivedBanner } from '@renderer/features/archive/ArchivedBanner'
import { isReaderOf, newId, noticeAct, requestConfirm, requestRead, useDirectoryIndex, useNotice, useOwnReceipt } from './useNotices'

export function FileLinks({ room, files }: { room: string; files: readonly Attachment[] }) {
  const client = useAttachmentClient()
  if (!files.length) return null
  return (
    <Space wrap data-testid="notice-files">
      {files.map((a) => (
        <Button key={a.id} icon={<DownloadOutlined />} size="small" onClick={() => void client.download(room, a)}>
          {a.name}
        </Button>
      ))}
    </Space>
  )
}

export function NoticePage({ id }: { id: string }) {
  const t = useT()
  const { message } = App.useApp()
  const { manager, viewer, user, session } = useServices()
  const ix = useDirectoryIndex()
  const now = useServerNow(30_000)
  const n = useNotice(id)
  const meta = n.view?.meta ?? null
  const state = n.view?.state
  const audience = n.view?.audience ?? []
  const me = useMemo(() => ({ userId: viewer.userId, unitId: viewer.unitId, roles: viewer.roles, name: user.name }), [viewer, user])
  // Sent to me, or to my unit as a whole (I may have joined it since): docs/decisions.md, "A notice to a unit follows the unit".
  const inAudience = n.view ? isReaderOf(viewer, n.view) : false
  const ownUnit = meta?.publisherUnitId === viewer.unitId
  const handler = hasRole(viewer, 'clerk') || hasRole(viewer, 'head')
  // 归档: read-only (the server refuses every change); no actions, no read or 回执 recorded (docs/decisions.md, "Archive").
  const archived = n.doc ? archivedAt(n.doc) : undefined
  const canAct = ownUnit && handler && archived === undefined
  const overseer = hasRole(viewer, 'supervisor') || hasRole(viewer, 'reviewer')
  const own = useOwnReceipt(id, viewer.userId, inAudience)
  const [correcting, setCorrecting] = useState<string | null>(null)
  const [withdrawing, setWithdrawing] = useState(false)
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [receiptForm] = Form.useForm<{ text?: string; attachments?: Attachment[] }>()
  const ctx = () => ({ cal: manager.taskContext().cal, dir: ix, now: session.now() })

  // Opening records the read, once, when the reader's own room has synced.
  useEffect(() => {
    if (!inAudience || archived !== undefined || !own.synced || !own.doc || !n.doc || own.view) return
    const r = requestRead(own.doc, n.doc, me, session.now())
    if (!r.ok) message.error(t('notices.refused', { message: r.error.message }))
  }, [inAudience, archived, own.synced, own.doc, own.view, n.doc, me, session, message, t])

  const back = (
    <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/notices')} className="qf-no-print">
      {t('notices.back')}
    </Button>
  )
  if (n.forbidden) return <Result status="403" title={t('notices.forbidden')} extra={back} />
  if (!n.doc || !state || (!meta && !n.synced)) return <Card loading title={back} />
  if (correcting && meta)
    return (
      <Card
        title={
          <Space>
            {back}
            {t('notices.correct')}
          </Space>
        }
        variant="borderless"
      >
        <PublishForm id={correcting} correcting={{ id: meta.id, title: meta.title }} onDone={(nid) => navigate(`/notices/${nid}`)} />
      </Card>
    )
  if (!meta || (state.status === 'draft' && canAct))
    return (
      <Card
        title={
          <Space>
            {back}
            {t('notices.tab.new')}
          </Space>
        }
        variant="borderless"
      >
        <PublishForm id={id} onDone={() => undefined} />
      </Card>
    )

  const doc = n.doc
  const act = (type: 'approve' | 'reject' | 'withdraw', why?: string) => {
    const r = noticeAct(doc, me, type, ctx(), why)
    if (!r.ok) message.error(t('notices.refused', { message: r.error.message }))
    return r.ok
  }
  const row = own.view ?? undefined
  const warn = inAudience && meta.receipt.required ? receiptWarning(state, row, now, manager.taskContext().cal) : null
  const confirm = async () => {
    const v = await receiptForm.validateFields()
    if (!own.doc) return
    const r = requestConfirm(own.doc, doc, me, session.now(), v.text, v.attachments)
    if (!r.ok) message.error(t('notices.refused', { message: r.error.message }))
    else message.success(t('notices.receipt.sent'))
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="notice-page">
      {archived !== undefined && <ArchivedBanner at={archived} />}
      <Card
        variant="borderless"
        title={
          <Space wrap>
            {back}
            <span data-testid="notice-page-title">{meta.title}</span>
            {meta.pinned && <Tag color="red">{t('notices.pinned')}</Tag>}
            <Tag>{t(`notices.status.${state.status}`)}</Tag>
            {meta.correctsId && <Tag color="purple">{t('notices.correction')}</Tag>}
          </Space>
        }
        extra={
          canAct && (
            <Space className="qf-no-print">
              {state.status === 'pending' && hasRole(viewer, 'head') && (
                <>
                  <Button type="primary" onClick={() => act('approve')} data-testid="notice-approve">
                    {t('notices.approve')}
                  </Button>
                  <Button onClick={() => setRejecting(true)}>{t('notices.reject')}</Button>
                </>
              )}
              {(state.status === 'published' || state.status === 'withdrawn') && !state.correctedBy && (
                <Button onClick={() => setCorrecting(newId())} data-testid="notice-correct">
                  {t('notices.correct')}
                </Button>
              )}
              {state.status === 'published' && (
                <Button danger onClick={() => setWithdrawing(true)} data-testid="notice-withdraw">
                  {t('notices.withdraw')}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          {t('notices.publishedBy', {
            unit: ix.units.get(meta.publisherUnitId)?.name ?? meta.publisherUnitId,
            time: state.publishedAt ? shanghaiDateTime(state.publishedAt) : '—'
          })}
          {state.dueDate && (
            <>
              {' · '}
              {t('notices.dueDate', { date: state.dueDate })}
            </>
          )}
        </Typography.Paragraph>
        {state.status === 'withdrawn' && (
          <Alert
            type="error"
            showIcon
            data-testid="notice-withdrawn"
            style={{ marginBottom: 12 }}
            message={t('notices.withdrawnBanner', { time: shanghaiDateTime(state.withdrawnAt ?? 0), reason: state.withdrawReason ?? '' })}
          />
        )}
        {state.correctedBy && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('notices.correctedBanner')}
            action={
              <Button size="small" onClick={() => navigate(`/notices/${state.correctedBy}`)}>
                {t('notices.openCorrection')}
              </Button>
            }
          />
        )}
        {meta.correctsId && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('notices.correctsBanner')}
            action={
              <Button size="small" onClick={() => navigate(`/notices/${meta.correctsId}`)}>
                {t('notices.openOriginal')}
              </Button>
            }
          />
        )}
        <NoticeBodyEditor fragment={noticeBody(doc)} awareness={null} user={{ id: viewer.userId, name: user.name }} readOnly data-testid="notice-page-body" />
        {meta.attachments?.length ? (
          <>
            <Typography.Title level={5}>{t('notices.attachments')}</Typography.Title>
            <FileLinks room={noticeRooms.notice(id)} files={meta.attachments} />
          </>
        ) : null}
      </Card>

      {inAudience && (
        <Card size="small" title={t('notices.receipt.title')} data-testid="notice-receipt" className="qf-no-print">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary" data-testid="notice-read-at">
              {row ? t('notices.receipt.readAt', { time: shanghaiDateTime(row.readAt) }) : t('notices.receipt.waiting')}
            </Typography.Text>
            {warn?.level === 'yellow' && <Tag color="gold">{t('notices.warn.yellow', { days: warn.remainingWorkingDays ?? 0 })}</Tag>}
            {warn?.level === 'red' && (
              <Tag color="red" data-testid="notice-receipt-red">
                {t('notices.warn.red')}
              </Tag>
            )}
            {meta.receipt.required && row?.confirmedAt !== undefined && (
              <Alert
                type={row.late ? 'warning' : 'success'}
                data-testid="notice-receipt-done"
                message={t(row.late ? 'notices.receipt.doneLate' : 'notices.receipt.done', { time: shanghaiDateTime(row.confirmedAt) })}
                description={row.text}
              />
            )}
            {meta.receipt.required && row?.confirmedAt === undefined && state.status === 'published' && archived === undefined && (
              <Form form={receiptForm} layout="vertical" data-testid="notice-receipt-form">
                {meta.receipt.prompt && <Typography.Paragraph>{t('notices.receipt.prompt', { prompt: meta.receipt.prompt })}</Typography.Paragraph>}
                {meta.receipt.text !== 'none' && (
                  <Form.Item
                    name="text"
                    label={t('notices.receipt.text')}
                    rules={[{ required: meta.receipt.text === 'required', whitespace: true }, { max: 2000 }]}
                  >
                    <Input.TextArea autoSize={{ minRows: 3 }} data-testid="notice-receipt-text" />
                  </Form.Item>
                )}
                {meta.receipt.attachment !== 'none' && (
                  <Form.Item
                    name="attachments"
                    label={t('notices.receipt.file')}
                    rules={[{ required: meta.receipt.attachment === 'required', type: 'array', min: meta.receipt.attachment === 'required' ? 1 : 0 }]}
                  >
                    <AttachmentUpload room={noticeRooms.reader(id, viewer.userId)} testId="notice-receipt-files" />
                  </Form.Item>
                )}
                <Button type="primary" onClick={() => void confirm()} disabled={!row} data-testid="notice-confirm">
                  {t('notices.receipt.submit')}
                </Button>
              </Form>
            )}
          </Space>
        </Card>
      )}

      {(ownUnit || overseer) && state.status !== 'draft' && state.status !== 'pending' && (
        <PublisherView meta={meta} state={state} audience={audience} audienceUnits={n.view?.audienceUnits} doc={doc} canAct={canAct} now={now} />
      )}

      <Modal
        open={withdrawing || rejecting}
        title={t(withdrawing ? 'notices.withdraw' : 'notices.reject')}
        onCancel={() => (setWithdrawing(false), setRejecting(false))}
        okButtonProps={{ disabled: !reason.trim(), danger: withdrawing, ...{ 'data-testid': 'notice-reason-ok' } }}
        onOk={() => {
          if (act(withdrawing ? 'withdraw' : 'reject', reason)) {
            setWithdrawing(false)
            setRejecting(false)
            setReason('')
          }
        }}
      >
        {withdrawing && <Typography.Paragraph type="secondary">{t('notices.withdrawConfirm')}</Typography.Paragraph>}
        <Input.TextArea
          placeholder={t(withdrawing ? 'notices.withdrawReason' : 'notices.rejectReason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          data-testid="notice-reason"
        />
      </Modal>
    </Space>
  )
}
