/**
 * 纪委监委 / 督查室 workspace: 预警 (every yellow and red item in the county),
 * 单位效能 (per-unit outcomes for a month, quarter or year) and all items.
 * Read only: nothing here writes to any record. Exports: CSV (DesktopApi.saveFile)
 * and PDF (DesktopApi.printPage with the print stylesheet).
 */
import { FilePdfOutlined, FileExcelOutlined, LockOutlined } from '@ant-design/icons'
import { App, Badge, Button, Card, Space, Tabs, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { shanghaiDate } from '@domain/calendar'
import { hasRole, isWorkingUnit } from '@domain/directory'
import { periodOf, unitEfficiency } from '@domain/oversight'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { useCounty } from '@renderer/core/platform/county'
import { ScopeTabs } from '../tasks/ScopeTabs'
import { safeFileName } from './csv'
import { useOversightSummaries, useServerNow, useWarningSummaries } from './data'
import { EfficiencyPane, type EfficiencyView } from './EfficiencyPane'
import {
  efficiencyCsv,
  efficiencyTotals,
  periodLabel,
  rankUnits,
  sortEfficiency,
  warningCounts,
  warningItems,
  warningsCsv,
  type EfficiencySortKey,
  type Names,
  type PeriodKind
} from './model'
import './oversight.css'
import { WitnessPanel } from '@renderer/features/witness/WitnessPanel'
import { WarningsPane, type WarningFilter } from './WarningsPane'
import { DocumentsPane, DocumentsTabLabel } from './DocumentsPane'
import { NoticesPane } from './NoticesPane'

type TabKey = 'warnings' | 'efficiency' | 'documents' | 'notices' | 'all'
type UnitKindFilter = 'township' | 'department' | null

/** Where the reviewer was, kept while the app runs: back from a task page lands on the same view. */
const memory: {
  tab: TabKey
  kind: PeriodKind
  anchor: string | null
  warn: WarningFilter
  effKind: UnitKindFilter
  sort: { key: EfficiencySortKey | null; order: 'ascend' | 'descend' | null }
} = { tab: 'warnings', kind: 'month', anchor: null, warn: { level: 'all', unitKind: 'all', search: '' }, effKind: null, sort: { key: null, order: null } }

export function OversightWorkspace() {
  const t = useT()
  const { message } = App.useApp()
  const { viewer, manager, api, user } = useServices()
  const dir = useDirectory()
  const now = useServerNow()
  const reviewer = hasRole(viewer, 'reviewer')
  const ctx = manager.taskContext()

  const [tab, setTabState] = useState<TabKey>(memory.tab)
  const [printing, setPrinting] = useState(false)
  const setTab = (k: TabKey) => setTabState((memory.tab = k))

  // ---- directory: the 64 working units, townships first, in the administrator's order
  const units = useMemo(
    () => [...dir.units.values()].filter(isWorkingUnit).sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'township' ? -1 : 1)),
    [dir.units]
  )
  const unitOrder = useMemo(() => new Map(units.map((u, i) => [u.id, i])), [units])
  const names: Names = useMemo(
    () => ({
      unitName: dir.unitName,
      personName: dir.personName,
      unitKind: (id) => {
        const k = dir.units.get(id)?.kind
        return k === 'township' || k === 'department' ? t(`unitKind.${k}`) : ''
      }
    }),
    [dir, t]
  )

  // ---- 预警
  const warnRows = useWarningSummaries()
  const items = useMemo(() => (warnRows ? warningItems(warnRows, now, ctx.cal, ctx.rules) : undefined), [warnRows, now, ctx])
  const counts = useMemo(() => warningCounts(items ?? []), [items])
  const [warnFilter, setWarnFilterState] = useState<WarningFilter>(memory.warn)
  const setWarnFilter = (f: WarningFilter) => setWarnFilterState((memory.warn = f))
  const shownWarnings = useMemo(() => {
    if (!items) return undefined
    const q = warnFilter.search.trim().toLowerCase()
    return items.filter(({ summary: s, level }) => {
      if (warnFilter.level !== 'all' && level !== warnFilter.level) return false
      if (warnFilter.unitKind !== 'all' && dir.units.get(s.leadUnitId)?.kind !== warnFilter.unitKind) return false
      if (!q) return true
      return s.title.toLowerCase().includes(q) || [s.leadUnitId, ...s.assistUnitIds].some((u) => dir.unitName(u).includes(q)) || s.id.toLowerCase() === q
    })
  }, [items, warnFilter, dir])

  // ---- 单位效能: one Dexie read of every oversight summary, then pure compute
  const [visitedEff, setVisitedEff] = useState(tab === 'efficiency')
  const [kind, setKindState] = useState<PeriodKind>(memory.kind)
  const [anchor, setAnchorState] = useState<string>(() => memory.anchor ?? shanghaiDate(now))
  const setKind = (k: PeriodKind) => setKindState((memory.kind = k))
  const setAnchor = (a: string) => setAnchorState((memory.anchor = a))
  const period = useMemo(() => periodOf(kind, anchor), [kind, anchor])
  const label = periodLabel(kind, period, t)
  const all = useOversightSummaries(visitedEff)
  const computed = useMemo(() => {
    if (!all.rows) return undefined
    const t0 = performance.now()
    const ranked = rankUnits(
      unitEfficiency(
        all.rows,
        period,
        now,
        ctx.cal,
        units.map((u) => u.id)
      ).filter((r) => unitOrder.has(r.unitId)),
      (id) => unitOrder.get(id) ?? 9999
    )
    return { ranked, ms: performance.now() - t0 }
  }, [all.rows, period, now, ctx, units, unitOrder])
  const [effKind, setEffKindState] = useState<UnitKindFilter>(memory.effKind)
  const setEffKind = (k: UnitKindFilter) => setEffKindState((memory.effKind = k))
  const [sort, setSortState] = useState(memory.sort)
  const setSort = (s: typeof sort) => setSortState((memory.sort = s))
  const effRanked = useMemo(() => computed?.ranked.filter((r) => !effKind || dir.units.get(r.unitId)?.kind === effKind), [computed, effKind, dir.units])
  const effRows = useMemo(() => effRanked && sortEfficiency(effRanked, sort.key, sort.order), [effRanked, sort])
  const eff: EfficiencyView = {
    kind,
    anchor,
    period,
    label,
    ranked: effRanked,
    rows: effRows,
    totals: useMemo(() => efficiencyTotals(effRanked ?? []), [effRanked]),
    unitKind: effKind,
    sort,
    summaries: all.rows,
    readMs: all.readMs,
    computeMs: computed?.ms ?? 0
  }

  // ---- export
  const county = useCounty()?.name ?? ''
  const today = shanghaiDate(now)
  const printTitle = tab === 'efficiency' ? t('oversight.print.efficiency', { county, period: label }) : t('oversight.print.warnings', { county, date: today })
  const printMeta = t('oversight.print.meta', { time: shanghaiDateTime(now), name: `${user.name}${user.title ? ` ${user.title}` : ''}` })

  const exportCsv = async () => {
    const [base, content] =
      tab === 'efficiency'
        ? [t('oversight.file.efficiency', { period: label }), efficiencyCsv(effRows ?? [], names, t)]
        : [t('oversight.file.warnings', { date: today }), warningsCsv(shownWarnings ?? [], names, t)]
    const name = `${safeFileName(base)}.csv`
    try {
      if (await api.saveFile(name, content, 'text/csv;charset=utf-8')) message.success(t('oversight.export.done', { name }))
    } catch (e) {
      message.error(t('oversight.export.failed', { message: e instanceof Error ? e.message : String(e) }))
    }
  }

  const exportPdf = async () => {
    // Whole lists on paper (no paging), the title as the PDF's name, then back.
    setPrinting(true)
    const title = document.title
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 60)))
    document.title = printTitle
    try {
      await api.printPage()
    } catch (e) {
      message.error(t('oversight.export.failed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      document.title = title
      setPrinting(false)
    }
  }

  const exportButtons = (tab === 'warnings' || tab === 'efficiency') && (
    <Space className="qf-no-print">
      <Button icon={<FileExcelOutlined />} onClick={() => void exportCsv()} data-testid="export-csv">
        {t('oversight.export.csv')}
      </Button>
      <Button icon={<FilePdfOutlined />} onClick={() => void exportPdf()} data-testid="export-pdf">
        {t('oversight.export.pdf')}
      </Button>
    </Space>
  )

  const printHead = (
    <div className="qf-print-only qf-print-head">
      <div className="qf-print-title">{printTitle}</div>
      <div className="qf-print-meta">{printMeta}</div>
    </div>
  )

  return (
    <Card
      variant="borderless"
      className="qf-oversight"
      data-testid="oversight-workspace"
      title={
        <Space size={12} wrap>
          <span>{t('oversight.title')}</span>
          {reviewer && (
            <Tooltip title={t('oversight.readOnlyHint')}>
              <Tag icon={<LockOutlined />} color="red" variant="outlined" data-testid="oversight-readonly">
                {t('oversight.readOnly')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      }
      extra={
        <Typography.Text type="secondary" className="qf-no-print" title={t('time.server')}>
          {t('time.server')} {shanghaiDateTime(now)}
        </Typography.Text>
      }
    >
      {reviewer && <WitnessPanel />}
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as TabKey)
          if (k === 'efficiency') setVisitedEff(true)
        }}
        tabBarExtraContent={exportButtons}
        items={[
          {
            key: 'warnings',
            label: (
              <span data-testid="oversight-tab-warnings" data-red={counts.red} data-yellow={counts.yellow}>
                {t('oversight.tab.warnings')} <Badge count={counts.red} showZero overflowCount={9999} color={counts.red ? '#d9363e' : '#d9d9d9'} />{' '}
                <Badge count={counts.yellow} showZero overflowCount={9999} color={counts.yellow ? '#f0a020' : '#d9d9d9'} />
              </span>
            ),
            children: (
              <>
                {tab === 'warnings' && printHead}
                <WarningsPane items={shownWarnings} counts={counts} filter={warnFilter} onFilter={setWarnFilter} dir={dir} printing={printing} />
              </>
            )
          },
          {
            key: 'efficiency',
            label: <span data-testid="oversight-tab-efficiency">{t('oversight.tab.efficiency')}</span>,
            children: visitedEff ? (
              <>
                {tab === 'efficiency' && printHead}
                <EfficiencyPane
                  view={eff}
                  now={now}
                  dir={dir}
                  printing={printing}
                  onPeriod={(k, a) => {
                    setKind(k)
                    setAnchor(a)
                  }}
                  onUnitKind={setEffKind}
                  onSort={setSort}
                />
              </>
            ) : null
          },
          { key: 'documents', label: <DocumentsTabLabel />, children: tab === 'documents' ? <DocumentsPane /> : null },
          {
            key: 'all',
            label: <span data-testid="oversight-tab-all">{t('oversight.tab.all')}</span>,
            children: tab === 'all' ? <ScopeTabs scope="oversight" tabs={['red', 'yellow', 'doing', 'sign', 'done']} /> : null
          },
          {
            key: 'notices',
            label: <span data-testid="oversight-tab-notices">{t('notices.ov.tab')}</span>,
            children: tab === 'notices' ? <NoticesPane /> : null
          }
        ]}
      />
    </Card>
  )
}
