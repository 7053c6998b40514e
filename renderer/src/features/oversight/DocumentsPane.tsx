/**
 * 公文 in the 纪委监委 workspace, as their own class beside 交办件: every 收文 办件 with a 批办
 * deadline that is yellow or red now, across units, and per-unit figures (on time, late, overdue,
 * open) for a month, quarter or year. The data is the server's deadline indexes (titles, units,
 * dates and outcomes only; domain/document/deadlines.ts): the warnings from the deadlines running
 * now (`docdeadlines`), the figures from the year rooms the chosen period covers
 * (`docdeadline:<year>`), so nothing here reads the county's whole history. Read only.
 */
import { DatePicker, Empty, Segmented, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import dayjs from 'dayjs'
import { type HTMLAttributes, useMemo, useState } from 'react'
import { shanghaiDate } from '@domain/calendar'
import { isWorkingUnit } from '@domain/directory'
import {
  DEFAULT_DOCUMENT_RULES,
  DOCDEADLINES,
  docDeadlineYearRooms,
  documentEfficiency,
  documentWarnings,
  type DocDeadlineRow,
  type DocUnitEfficiency,
  type DocWarningItem
} from '@domain/document'
import { periodOf } from '@domain/oversight'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import { useDocRoom, useDocRooms } from '@renderer/features/documents/useDocRoom'
import { WarningTag } from '@renderer/ui/Tags'
import { useServerNow } from './data'
import { Kpi } from './WarningsPane'

type PeriodKind = 'month' | 'quarter' | 'year'

/** The deadlines running now and their warnings (shared by the tab's badge and the pane). */
function useDocDeadlines() {
  const h = useDocRoom(DOCDEADLINES, { viewing: false })
  const { manager } = useServices()
  const now = useServerNow()
  // An entry written before the split holds only date and level until the server has migrated it.
  const open = useMemo(() => (h.doc ? [...h.doc.getMap<DocDeadlineRow>('open').values()].filter((r) => typeof r.unitId === 'string') : []), [h.doc, h.version])
  const warnings = useMemo(() => documentWarnings(open, now, manager.taskContext().cal, DEFAULT_DOCUMENT_RULES), [open, now, manager])
  return { open, warnings, now, loaded: h.loaded && h.synced, forbidden: h.forbidden }
}

/** Every deadline row of the years a period covers. */
function useYearRows(from: string, to: string): { rows: DocDeadlineRow[]; forbidden: boolean } {
  const names = useMemo(() => docDeadlineYearRooms(from, to), [from, to])
  const h = useDocRooms(names)
  const rows = useMemo(() => h.docs.flatMap((d) => [...d.getMap<DocDeadlineRow>('all').values()]), [h.docs, h.version])
  return { rows, forbidden: h.forbidden }
}

/** The tab's label: the class name and how many documents are red now. */
export function DocumentsTabLabel() {
  const t = useT()
  const { warnings } = useDocDeadlines()
  const red = warnings.filter((w) => w.warning.level === 'red').length
  return (
    <span data-testid="oversight-tab-documents">
      {t('documents.oversight.tab')}
      {red > 0 && (
        <Tag color="red" style={{ marginInlineStart: 6 }} data-testid="oversight-documents-red">
          {red}
        </Tag>
      )}
    </span>
  )
}

export function DocumentsPane() {
  const t = useT()
  const dir = useDirectory()
  const { open, warnings, now, loaded, forbidden } = useDocDeadlines()
  const [kind, setKind] = useState<PeriodKind>('month')
  const [anchor, setAnchor] = useState(() => shanghaiDate(now))
  const period = periodOf(kind, anchor)
  const { rows } = useYearRows(period.from, period.to)
  const units = useMemo(
    () => [...dir.units.values()].filter(isWorkingUnit).sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'township' ? -1 : 1)),
    [dir.units]
  )
  const figures = useMemo(() => {
    const order = new Map(units.map((u, i) => [u.id, i]))
    return documentEfficiency(rows, periodOf(kind, anchor), now, [...order.keys()])
      .filter((r) => order.has(r.unitId))
      .sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0))
  }, [rows, kind, anchor, now, units])
  const totals = figures.reduce(
    (s, r) => ({
      instructed: s.instructed + r.instructed,
      onTime: s.onTime + r.finishedOnTime,
      late: s.late + r.finishedLate,
      overdue: s.overdue + r.openOverdue
    }),
    { instructed: 0, onTime: 0, late: 0, overdue: 0 }
  )
  if (forbidden) return <Empty description={t('documents.forbidden')} />

  const warnColumns: ColumnsType<DocWarningItem> = [
    { title: t('oversight.col.level'), key: 'level', width: 150, render: (_, w) => <WarningTag warning={w.warning} /> },
    {
      title: t('documents.col.title'),
      key: 'title',
      ellipsis: true,
      render: (_, { row }) => (
        <Typography.Link onClick={() => navigate(`/documents/in/${row.room.slice('docin:'.length)}`)} data-testid="doc-warning-title" title={row.title}>
          {row.title}
        </Typography.Link>
      )
    },
    { title: t('documents.col.unit'), key: 'unit', width: 130, render: (_, w) => <Typography.Text strong>{dir.unitName(w.row.unitId)}</Typography.Text> },
    { title: t('documents.col.number'), key: 'no', width: 170, render: (_, w) => w.row.docNumber },
    { title: t('documents.col.from'), key: 'from', width: 140, ellipsis: true, render: (_, w) => w.row.fromOrg ?? dir.unitName(w.row.fromUnitId) },
    { title: t('documents.oversight.instructedAt'), key: 'at', width: 104, render: (_, w) => shanghaiDate(w.row.instructedAt) },
    { title: t('documents.col.due'), key: 'due', width: 104, render: (_, w) => w.row.dueDate }
  ]
  const rate = (r: DocUnitEfficiency) => (r.onTimeRate === null ? '—' : `${r.onTimeRate}%`)
  const effColumns: ColumnsType<DocUnitEfficiency> = [
    { title: t('oversight.col.unit'), key: 'unit', render: (_, r) => dir.unitName(r.unitId) },
    { title: t('documents.oversight.instructed'), dataIndex: 'instructed', align: 'right', width: 110 },
    { title: t('oversight.col.onTime'), dataIndex: 'finishedOnTime', align: 'right', width: 100 },
    {
      title: t('oversight.col.late'),
      key: 'late',
      align: 'right',
      width: 100,
      render: (_, r) => (r.finishedLate ? <Typography.Text type="warning">{r.finishedLate}</Typography.Text> : 0)
    },
    {
      title: t('oversight.col.overdue'),
      key: 'overdue',
      align: 'right',
      width: 110,
      render: (_, r) => (r.openOverdue ? <Typography.Text type="danger">{r.openOverdue}</Typography.Text> : 0)
    },
    { title: t('oversight.col.open'), dataIndex: 'open', align: 'right', width: 80 },
    { title: t('oversight.col.rate'), key: 'rate', align: 'right', width: 110, render: (_, r) => rate(r) }
  ]
  const red = warnings.filter((w) => w.warning.level === 'red').length

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="oversight-documents">
      <div className="qf-kpis">
        <Kpi tone="red" label={t('documents.oversight.red')} value={red} testId="doc-kpi-red" />
        <Kpi tone="yellow" label={t('documents.oversight.yellow')} value={warnings.length - red} testId="doc-kpi-yellow" />
        <Kpi tone="plain" label={t('documents.oversight.open')} value={open.length} />
      </div>
      <Typography.Text type="secondary">{t('documents.oversight.hint')}</Typography.Text>
      <Table<DocWarningItem>
        rowKey={(w) => w.row.room}
        size="small"
        loading={!loaded}
        dataSource={warnings}
        columns={warnColumns}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('documents.oversight.none')} /> }}
        onRow={(w) => ({ 'data-testid': 'doc-warning-row', 'data-level': w.warning.level, 'data-unit': w.row.unitId }) as HTMLAttributes<HTMLElement>}
      />
      <Space wrap>
        <Typography.Text strong>{t('documents.oversight.efficiency')}</Typography.Text>
        <Segmented<PeriodKind>
          value={kind}
          onChange={setKind}
          options={(['month', 'quarter', 'year'] as const).map((k) => ({ value: k, label: t(`documents.oversight.period.${k}`) }))}
          data-testid="doc-eff-kind"
        />
        <DatePicker picker={kind} allowClear={false} value={dayjs(anchor)} onChange={(d) => d && setAnchor(d.format('YYYY-MM-DD'))} />
        <Typography.Text type="secondary" data-testid="doc-eff-totals">
          {t('documents.oversight.totals', { instructed: totals.instructed, onTime: totals.onTime, late: totals.late, overdue: totals.overdue })}
        </Typography.Text>
      </Space>
      <Table<DocUnitEfficiency>
        rowKey="unitId"
        size="small"
        dataSource={figures}
        columns={effColumns}
        pagination={false}
        scroll={{ y: 480 }}
        onRow={(r) => ({ 'data-testid': 'doc-eff-row', 'data-unit': r.unitId }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  )
}
