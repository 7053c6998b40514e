/**
 * 通知回执 in the 纪委监委 / 督查室 workspace: notices with a reply deadline
 * (the `notice-oversight` index, written by the server), each with its level
 * like a 交办件 (yellow near the deadline, red past it with 回执 missing), and,
 * expanded, the units with a missing or late 回执 (the notice's audience and its
 * receipts room, both readable by overseers; domain/notice/tally.ts). Read only.
 */
import { FileExcelOutlined } from '@ant-design/icons'
import { App, Button, Empty, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo } from 'react'
import type { WarningLevel } from '@domain/deadline'
import { noticeLevel, tally, unitGaps, type NoticeSummary, type UnitGap } from '@domain/notice'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { oversightNoticesCsv } from '../notices/csv'
import { useDirectoryIndex, useNotice, useOversightNotices, useReceipts } from '../notices/useNotices'
import { safeFileName } from './csv'
import { useServerNow } from './data'
import { Kpi } from './WarningsPane'

const ORDER: Record<string, number> = { red: 0, yellow: 1, normal: 2, done_late: 3 }

function LevelTag({ level, testId }: { level: WarningLevel | null | undefined; testId?: string }) {
  const t = useT()
  const attrs = { 'data-testid': testId, 'data-level': level ?? 'none' }
  if (level === 'red')
    return (
      <Tag color="red" {...attrs}>
        {t('notices.tag.red')}
      </Tag>
    )
  if (level === 'yellow')
    return (
      <Tag color="gold" {...attrs}>
        {t('notices.tag.yellow')}
      </Tag>
    )
  if (level === 'done_late')
    return (
      <Tag color="volcano" {...attrs}>
        {t('notices.late')}
      </Tag>
    )
  return <span {...attrs} />
}

/** The units with a gap in one notice's 回执, live (opened only while expanded). */
function UnitGaps({ n }: { n: NoticeSummary }) {
  const t = useT()
  const { manager } = useServices()
  const ix = useDirectoryIndex()
  const now = useServerNow()
  const notice = useNotice(n.id)
  const receipts = useReceipts(n.id, true)
  const cal = manager.taskContext().cal
  const gaps = useMemo(() => {
    const v = notice.view
    if (!v?.meta || !receipts.view) return null
    return unitGaps(
      tally(v.audience, receipts.view, ix, { state: v.state, receiptRequired: v.meta.receipt.required, audienceUnits: v.audienceUnits }, now, cal)
    )
  }, [notice.view, receipts.view, ix, now, cal])
  if (!gaps) return <Typography.Text type="secondary">{t('notices.loading')}</Typography.Text>
  const cols: ColumnsType<UnitGap> = [
    { title: t('notices.tally.unit'), key: 'unit', render: (_, u) => u.name },
    { title: t('notices.tally.total'), dataIndex: 'total', key: 'total', width: 80, align: 'right' },
    {
      title: t('notices.ov.col.missing'),
      key: 'missing',
      width: 90,
      align: 'right',
      render: (_, u) => <span data-testid={`notice-gap-missing-${u.unitId}`}>{u.missing}</span>
    },
    { title: t('notices.ov.col.late'), dataIndex: 'late', key: 'late', width: 90, align: 'right' },
    { title: t('notices.ov.col.warn'), key: 'warn', width: 120, render: (_, u) => <LevelTag level={u.warning} testId={`notice-gap-${u.unitId}`} /> }
  ]
  return gaps.length ? (
    <Table<UnitGap> size="small" rowKey="unitId" columns={cols} dataSource={gaps} pagination={false} data-testid={`notice-gaps-${n.id}`} />
  ) : (
    <Typography.Text type="success" data-testid={`notice-gaps-${n.id}`}>
      {t('notices.ov.noGaps')}
    </Typography.Text>
  )
}

export function NoticesPane() {
  const t = useT()
  const { message } = App.useApp()
  const { manager, api } = useServices()
  const ix = useDirectoryIndex()
  const now = useServerNow()
  const cal = manager.taskContext().cal
  const list = useOversightNotices(true)
  const rows = useMemo(
    () =>
      (list.view ?? [])
        .filter((n) => n.status === 'published' && n.receiptRequired && n.dueDate)
        .map((n) => ({ n, level: noticeLevel(n, now, cal) }))
        .sort((a, b) => (ORDER[a.level ?? ''] ?? 9) - (ORDER[b.level ?? ''] ?? 9) || (a.n.dueDate ?? '').localeCompare(b.n.dueDate ?? '')),
    [list.view, now, cal]
  )
  const red = rows.filter((r) => r.level === 'red').length
  const yellow = rows.filter((r) => r.level === 'yellow').length
  type Row = (typeof rows)[number]
  const unitName = (id: string) => ix.units.get(id)?.name ?? id
  const exportCsv = async () => {
    const name = `${safeFileName(`${t('notices.ov.tab')}-${shanghaiDateTime(now).slice(0, 10)}`)}.csv`
    const csv = oversightNoticesCsv(rows, unitName, {
      header: [
        t('notices.ov.col.level'),
        t('notices.ov.col.title'),
        t('notices.ov.col.unit'),
        t('notices.ov.col.publishedAt'),
        t('notices.ov.col.due'),
        t('notices.ov.col.missing')
      ],
      level: (l) => (l === 'red' ? t('notices.tag.red') : l === 'yellow' ? t('notices.tag.yellow') : l === 'done_late' ? t('notices.late') : '')
    })
    try {
      if (await api.saveFile(name, csv, 'text/csv;charset=utf-8')) message.success(t('notices.export.done', { name }))
    } catch (e) {
      message.error(t('oversight.export.failed', { message: e instanceof Error ? e.message : String(e) }))
    }
  }
  const cols: ColumnsType<Row> = [
    { title: t('notices.ov.col.level'), key: 'level', width: 120, render: (_, r) => <LevelTag level={r.level} testId="notice-ov-level" /> },
    {
      title: t('notices.ov.col.title'),
      key: 'title',
      ellipsis: true,
      render: (_, { n }) => (
        <Typography.Link onClick={() => navigate(`/notices/${n.id}`)} title={t('notices.ov.open')} data-testid="notice-ov-title">
          {n.title}
        </Typography.Link>
      )
    },
    { title: t('notices.ov.col.unit'), key: 'unit', width: 140, render: (_, { n }) => unitName(n.publisherUnitId) },
    { title: t('notices.ov.col.publishedAt'), key: 'at', width: 150, render: (_, { n }) => (n.publishedAt ? shanghaiDateTime(n.publishedAt) : '') },
    {
      title: t('notices.ov.col.due'),
      key: 'due',
      width: 110,
      render: (_, { n, level }) => <span style={{ color: level === 'red' ? '#cf1322' : level === 'yellow' ? '#d48806' : undefined }}>{n.dueDate}</span>
    },
    { title: t('notices.ov.col.missing'), key: 'missing', width: 90, align: 'right', render: (_, { n }) => n.missing ?? '—' }
  ]
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="notice-oversight-pane">
      <div className="qf-kpis">
        <Kpi tone="red" label={t('notices.ov.kpiRed')} value={red} testId="notice-kpi-red" />
        <Kpi tone="yellow" label={t('notices.ov.kpiYellow')} value={yellow} testId="notice-kpi-yellow" />
      </div>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('notices.ov.hint')}</Typography.Text>
        <Button icon={<FileExcelOutlined />} onClick={() => void exportCsv()} className="qf-no-print" data-testid="notice-ov-csv">
          {t('notices.export.csv')}
        </Button>
      </Space>
      <Table<Row>
        size="small"
        rowKey={(r) => r.n.id}
        columns={cols}
        dataSource={rows}
        loading={!list.synced && !list.view}
        locale={{ emptyText: <Empty description={t('notices.empty')} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (r) => <UnitGaps n={r.n} />, expandRowByClick: false }}
        onRow={(r) => ({ 'data-testid': 'notice-ov-row', 'data-id': r.n.id }) as React.HTMLAttributes<HTMLElement>}
      />
    </Space>
  )
}
