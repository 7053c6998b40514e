/**
 * 通知公告: the 公告栏 for everyone (pinned first, expired hidden by default,
 * search safe with Chinese brackets), the unit's own drafts and sent notices
 * for its clerks and heads, and a new draft. Counts on what needs action.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { Badge, Card, Empty, Input, List, Space, Switch, Tabs, Tag, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { shanghaiDate } from '@domain/calendar'
import { hasRole } from '@domain/directory'
import { boardCounts, boardView, receiptWarning, type NoticeSummary } from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { useServerNow } from '../oversight/data'
import { navigate } from '@renderer/core/router/hash'
import { PublishForm } from './PublishForm'
import { newId, useBoard, useDirectoryIndex, useSent } from './useNotices'

function NoticeRow({ n, now, mine }: { n: NoticeSummary; now: number; mine: boolean }) {
  const t = useT()
  const { manager } = useServices()
  const ix = useDirectoryIndex()
  const warn =
    !mine && n.receiptRequired && n.dueDate
      ? receiptWarning(
          { status: n.status, dueDate: n.dueDate, reminds: [] },
          n.confirmedAt !== undefined ? { userId: '', unitId: '', readAt: 0, confirmedAt: n.confirmedAt } : undefined,
          now,
          manager.taskContext().cal
        )
      : null
  const today = shanghaiDate(now)
  return (
    <List.Item
      data-testid="notice-row"
      data-id={n.id}
      style={{ cursor: 'pointer' }}
      onClick={() => navigate(`/notices/${n.id}`)}
      onKeyDown={(e) => e.key === 'Enter' && navigate(`/notices/${n.id}`)}
      tabIndex={0}
    >
      <List.Item.Meta
        title={
          <Space wrap size={6}>
            {n.pinned && n.status === 'published' && <Tag color="red">{t('notices.pinned')}</Tag>}
            {!mine && n.status === 'published' && n.readAt === undefined && <Badge status="processing" text={t('notices.unread')} />}
            <Typography.Text strong={!mine && n.readAt === undefined} delete={n.status === 'withdrawn'}>
              {n.title}
            </Typography.Text>
            {n.correctsId && <Tag color="purple">{t('notices.correction')}</Tag>}
            {n.correctedBy && <Tag>{t('notices.corrected')}</Tag>}
            {n.status === 'withdrawn' && <Tag color="default">{t('notices.withdrawn')}</Tag>}
            {mine && n.status !== 'withdrawn' && <Tag>{t(`notices.status.${n.status}`)}</Tag>}
            {n.expiresOn && n.expiresOn < today && <Tag>{t('notices.expired')}</Tag>}
            {!mine && n.receiptRequired && n.status === 'published' && n.confirmedAt === undefined && (
              <Tag color={warn?.level === 'red' ? 'red' : warn?.level === 'yellow' ? 'gold' : 'blue'} data-testid="notice-row-receipt">
                {t('notices.needReceipt')}
              </Tag>
            )}
            {!mine && n.confirmedAt !== undefined && <Tag color="green">{t('notices.confirmed')}</Tag>}
          </Space>
        }
        description={
          <Space size={12} wrap>
            <span>{ix.units.get(n.publisherUnitId)?.name ?? n.publisherUnitId}</span>
            {n.publishedAt && <span>{shanghaiDateTime(n.publishedAt)}</span>}
            {n.dueDate && (
              <span style={{ color: warn?.level === 'red' ? '#cf1322' : warn?.level === 'yellow' ? '#d48806' : undefined }}>
                {t('notices.dueDate', { date: n.dueDate })}
              </span>
            )}
          </Space>
        }
      />
    </List.Item>
  )
}

export function NoticesPage() {
  const t = useT()
  const { viewer } = useServices()
  const now = useServerNow(60_000)
  const handler = hasRole(viewer, 'clerk') || hasRole(viewer, 'head')
  const board = useBoard()
  const sent = useSent(handler)
  const [query, setQuery] = useState('')
  const [showExpired, setShowExpired] = useState(false)
  const [tab, setTab] = useState('board')
  const [draftId, setDraftId] = useState(newId)
  const today = shanghaiDate(now)
  const items = useMemo(() => boardView(board.view ?? [], { today, query, showExpired }), [board.view, today, query, showExpired])
  const counts = useMemo(() => boardCounts(board.view ?? []), [board.view])
  const sentItems = useMemo(() => [...(sent.view ?? [])].sort((a, b) => b.updatedAt - a.updatedAt), [sent.view])
  const pendingApproval = sentItems.filter((n) => n.status === 'pending').length

  const boardTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('notices.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 320 }}
          data-testid="notice-search"
        />
        <Switch checked={showExpired} onChange={setShowExpired} data-testid="notice-show-expired" />
        <span>{t('notices.showExpired')}</span>
        <Typography.Text type={counts.unread || counts.receipt ? 'warning' : 'secondary'} data-testid="notice-counts">
          {t('notices.counts', counts)}
        </Typography.Text>
      </Space>
      <List
        locale={{ emptyText: <Empty description={t('notices.empty')} /> }}
        dataSource={items}
        renderItem={(n) => <NoticeRow n={n} now={now} mine={false} />}
        data-testid="notice-board"
      />
    </Space>
  )

  return (
    <Card variant="borderless" title={t('notices.title')} data-testid="notices-page">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'board',
            label: (
              <Badge count={counts.unread + counts.receipt} size="small" offset={[8, -2]}>
                {t('notices.tab.board')}
              </Badge>
            ),
            children: boardTab
          },
          ...(handler
            ? [
                {
                  key: 'sent',
                  label: (
                    <Badge count={hasRole(viewer, 'head') ? pendingApproval : 0} size="small" offset={[8, -2]}>
                      {t('notices.tab.sent')}
                    </Badge>
                  ),
                  children: (
                    <List
                      locale={{ emptyText: <Empty description={t('notices.empty')} /> }}
                      dataSource={sentItems}
                      renderItem={(n) => <NoticeRow n={n} now={now} mine />}
                      data-testid="notice-sent"
                    />
                  )
                },
                {
                  key: 'new',
                  label: (
                    <span data-testid="notice-new-tab">
                      <PlusOutlined /> {t('notices.tab.new')}
                    </span>
                  ),
                  children: (
                    <PublishForm
                      key={draftId}
                      id={draftId}
                      onDone={(id) => {
                        setDraftId(newId())
                        navigate(`/notices/${id}`)
                      }}
                    />
                  )
                }
              ]
            : [])
        ]}
      />
    </Card>
  )
}

/** Keeps the app badge counting my unread notices and 回执 to give (mounted once in the shell). */
export function NoticeBadge() {
  const { alerts, viewer } = useServices()
  const ix = useDirectoryIndex()
  const board = useBoard()
  const counts = useMemo(() => boardCounts(board.view ?? []), [board.view])
  useEffect(() => alerts.setExtraBadge('notices', counts.unread + counts.receipt), [alerts, counts])
  // A new notice announces itself once with a desktop notification (the board row is the arrival).
  useEffect(() => {
    if (board.synced && board.view)
      void alerts.noticesOnBoard(
        board.view.map((n) => ({ ...n, unit: ix.units.get(n.publisherUnitId)?.name ?? '' })),
        viewer.unitId
      )
  }, [alerts, board.synced, board.view, ix, viewer.unitId])
  return null
}
