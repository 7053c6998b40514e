/**
 * The publisher's view (its unit and the overseers): the live tally per unit
 * and per person with server times and 回执 contents, yellow/red against the
 * reply deadline, CSV for Excel, a printable page (the oversight print path),
 * and "remind the unread" with its limits shown.
 */
import { BellOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { canRemind, noticeRooms, tally, type NoticeMeta, type NoticeState, type PersonRow, type UnitRow } from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { safeFileName } from '../oversight/csv'
import { useAttachmentClient } from '@renderer/ui/attachments'
import { tallyCsv } from './csv'
import { noticeAct, useDirectoryIndex, useReceipts } from './useNotices'

export function PublisherView(props: {
  meta: NoticeMeta
  state: NoticeState
  audience: string[]
  audienceUnits?: Readonly<Record<string, string>>
  doc: Y.Doc
  canAct: boolean
  now: number
}) {
  const { meta, state, audience, audienceUnits, doc, canAct, now } = props
  const t = useT()
  const { message } = App.useApp()
  const { manager, api, viewer, user, session } = useServices()
  const ix = useDirectoryIndex()
  const receipts = useReceipts(meta.id, true)
  const files = useAttachmentClient()
  const cal = manager.taskContext().cal
  const view = useMemo(
    () => (receipts.view ? tally(audience, receipts.view, ix, { state, receiptRequired: meta.receipt.required, audienceUnits }, now, cal) : null),
    [receipts.view, audience, audienceUnits, ix, state, meta.receipt.required, now, cal]
  )
  const [printing, setPrinting] = useState(false)
  const remind = canRemind(state, now)
  const unitName = (id: string) => ix.units.get(id)?.name ?? id
  const statusText = (s: PersonRow['status']) => t(s === 'unread' ? 'notices.unread' : s === 'read' ? 'notices.read' : 'notices.confirmed')

  if (!view) return <Typography.Text type="secondary">{t('notices.loading')}</Typography.Text>

  const exportCsv = async () => {
    const name = `${safeFileName(`${meta.title}-${t('notices.tally.title')}`)}.csv`
    const csv = tallyCsv(view, unitName, {
      header: [
        t('notices.tally.unit'),
        t('notices.tally.person'),
        t('notices.tally.status'),
        t('notices.tally.readAt'),
        t('notices.tally.confirmedAt'),
        t('notices.tally.late'),
        t('notices.tally.text'),
        t('notices.tally.files')
      ],
      status: statusText,
      late: t('notices.late'),
      joined: t('notices.tally.joined'),
      movedTo: (unit) => t('notices.tally.movedTo', { unit })
    })
    if (await api.saveFile(name, csv, 'text/csv;charset=utf-8')) message.success(t('notices.export.done', { name }))
  }
  const print = async () => {
    setPrinting(true)
    const title = document.title
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 60)))
    document.title = meta.title
    try {
      await api.printPage()
    } finally {
      document.title = title
      setPrinting(false)
    }
  }
  const doRemind = () => {
    const before = view.pending
    const r = noticeAct(doc, { userId: viewer.userId, unitId: viewer.unitId, roles: viewer.roles, name: user.name }, 'remind', {
      cal,
      dir: ix,
      now: session.now()
    })
    if (!r.ok) message.error(t('notices.refused', { message: r.error.message }))
    else message.success(t('notices.remind.done', { n: before }))
  }

  const unitCols = [
    { title: t('notices.tally.unit'), dataIndex: 'name', key: 'name' },
    { title: t('notices.tally.total'), dataIndex: 'total', key: 'total', width: 80 },
    { title: t('notices.tally.read'), dataIndex: 'read', key: 'read', width: 80 },
    ...(meta.receipt.required
      ? [
          { title: t('notices.tally.confirmed'), dataIndex: 'confirmed', key: 'confirmed', width: 90 },
          { title: t('notices.tally.late'), dataIndex: 'late', key: 'late', width: 80 }
        ]
      : []),
    ...(view.joined > 0 ? [{ title: t('notices.tally.joined'), dataIndex: 'joined', key: 'joined', width: 80 }] : []),
    {
      title: '',
      key: 'warn',
      width: 90,
      render: (_: unknown, u: UnitRow) =>
        u.warning === 'red' ? <Tag color="red">{t('notices.tag.red')}</Tag> : u.warning === 'yellow' ? <Tag color="gold">{t('notices.tag.yellow')}</Tag> : null
    }
  ]
  const personCols = [
    { title: t('notices.tally.unit'), key: 'unit', render: (_: unknown, p: PersonRow) => unitName(p.unitId) },
    { title: t('notices.tally.person'), dataIndex: 'name', key: 'name' },
    {
      title: t('notices.tally.status'),
      key: 'status',
      render: (_: unknown, p: PersonRow) => (
        <Space size={4}>
          <Tag color={p.status === 'confirmed' ? 'green' : p.status === 'read' ? 'blue' : undefined} data-testid={`tally-status-${p.userId}`}>
            {statusText(p.status)}
          </Tag>
          {p.late && <Tag color="orange">{t('notices.late')}</Tag>}
          {p.joined && (
            <Tag data-testid={`tally-joined-${p.userId}`} title={t('notices.tally.joinedHint')}>
              {t('notices.tally.joined')}
            </Tag>
          )}
          {p.movedTo !== undefined && <Tag data-testid={`tally-moved-${p.userId}`}>{t('notices.tally.movedTo', { unit: unitName(p.movedTo) })}</Tag>}
          {p.warning === 'red' && (
            <Tag color="red" data-testid={`tally-red-${p.userId}`}>
              {t('notices.tag.red')}
            </Tag>
          )}
          {p.warning === 'yellow' && <Tag color="gold">{t('notices.tag.yellow')}</Tag>}
        </Space>
      )
    },
    { title: t('notices.tally.readAt'), key: 'readAt', render: (_: unknown, p: PersonRow) => (p.readAt ? shanghaiDateTime(p.readAt) : '') },
    ...(meta.receipt.required
      ? [
          {
            title: t('notices.tally.confirmedAt'),
            key: 'confirmedAt',
            render: (_: unknown, p: PersonRow) => (p.confirmedAt ? shanghaiDateTime(p.confirmedAt) : '')
          },
          { title: t('notices.tally.text'), dataIndex: 'text', key: 'text' },
          {
            title: t('notices.tally.files'),
            key: 'files',
            render: (_: unknown, p: PersonRow) =>
              (p.attachments ?? []).map((a) => (
                <Button key={a.id} type="link" size="small" onClick={() => void files.download(noticeRooms.reader(meta.id, p.userId), a)}>
                  {a.name}
                </Button>
              ))
          }
        ]
      : [])
  ]

  return (
    <Card
      size="small"
      data-testid="notice-tally"
      title={t('notices.tally.title')}
      extra={
        <Space className="qf-no-print" wrap>
          {canAct && state.status === 'published' && (
            <Button icon={<BellOutlined />} disabled={!remind.ok || view.pending === 0} onClick={doRemind} data-testid="notice-remind">
              {t('notices.remind')}
            </Button>
          )}
          <Button icon={<FileExcelOutlined />} onClick={() => void exportCsv()} data-testid="notice-export-csv">
            {t('notices.export.csv')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => void print()} data-testid="notice-print">
            {t('notices.export.print')}
          </Button>
        </Space>
      }
    >
      <div className="qf-print-only qf-print-head">
        <div className="qf-print-title">{meta.title}</div>
        <div className="qf-print-meta">{t('notices.print.meta', { time: shanghaiDateTime(now), name: user.name })}</div>
      </div>
      <Typography.Paragraph data-testid="notice-tally-summary">
        <strong>{t('notices.tally.summary', { total: view.total, read: view.read, unread: view.unread, confirmed: view.confirmed, late: view.late })}</strong>
        {view.joined > 0 && <span data-testid="notice-tally-joined">{t('notices.tally.joinedSummary', { n: view.joined })}</span>}
      </Typography.Paragraph>
      {canAct && state.status === 'published' && (
        <Typography.Paragraph type="secondary" className="qf-no-print" data-testid="notice-remind-limit">
          {remind.ok
            ? t('notices.remind.left', { n: remind.value.left + 1 })
            : remind.nextAt
              ? t('notices.remind.next', { time: shanghaiDateTime(remind.nextAt) })
              : t('notices.remind.none')}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          {
            key: 'unit',
            label: t('notices.tally.byUnit'),
            children: (
              <Table<UnitRow> size="small" rowKey="unitId" columns={unitCols} dataSource={view.units} pagination={printing ? false : { pageSize: 20 }} />
            )
          },
          {
            key: 'person',
            label: t('notices.tally.byPerson'),
            children: (
              <Table<PersonRow>
                size="small"
                rowKey="userId"
                columns={personCols}
                dataSource={view.people}
                pagination={printing ? false : { pageSize: 50 }}
                data-testid="notice-tally-people"
              />
            )
          }
        ]}
      />
    </Card>
  )
}
