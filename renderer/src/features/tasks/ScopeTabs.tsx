/**
 * Tabs with counts over one scope of the read model: 待签收 办理中 临期 超期 已办结.
 * Each tab reads only the page it shows, in deadline order, from the index; the
 * counts are kept on write (data/queries.ts), so 20,000 items open as fast as 20.
 * A page holds 50 compact rows by default (20 / 50 / 100, the reader's choice, kept per
 * device): rendering rows costs more than querying them (bench/inbox.bench.ts).
 */
import { Badge, Input, Segmented, Space, Tabs } from 'antd'
import { useEffect, useState, type ReactNode } from 'react'
import { TaskTable } from './components/TaskTable'
import { useListPage, useTabCounts } from '@renderer/core/data/hooks'
import { searchKey, TABS, type Scope, type TabKey } from '@renderer/core/data/summaries'
import { useT } from '@renderer/core/i18n'
import { setTablePrefs, useTablePrefs } from './tablePrefs'

const SEARCH_DELAY_MS = 150

const COUNT_COLOR: Partial<Record<TabKey, string>> = { sign: '#1677ff', yellow: '#faad14', red: '#f5222d' }

export function ScopeTabs({ scope, extra, tabs = TABS }: { scope: Scope; extra?: ReactNode; tabs?: readonly TabKey[] }) {
  const t = useT()
  const [tab, setTab] = useState<TabKey>(tabs[0])
  // Until the reader picks a tab, open on the first one that has something in it.
  const [chosen, setChosen] = useState(false)
  const { density, pageSize } = useTablePrefs()
  const [search, setSearch] = useState('')
  const [page, setPage] = useState(1)
  // The query follows the typed text once typing pauses: a search that finds little walks
  // the whole tab (a few hundred ms for 20,000 rows), so not one walk per keystroke.
  const [query, setQuery] = useState('')
  useEffect(() => {
    const key = searchKey(search)
    if (key === query) return
    const timer = setTimeout(
      () => {
        setQuery(key)
        setPage(1)
      },
      key ? SEARCH_DELAY_MS : 0
    )
    return () => clearTimeout(timer)
  }, [search, query])
  const list = `${scope}:${tab}`
  const counts = useTabCounts(scope, tabs)
  const data = useListPage(list, { page, pageSize, search: query })
  const nonEmpty = firstNonEmptyTab(tabs, counts)
  useEffect(() => {
    // Decided once, when the first rows arrive: later moves (a row signed away) do not jump tabs.
    if (chosen || !nonEmpty) return
    if (counts[tab] === 0) setTab(nonEmpty)
    setChosen(true)
  }, [chosen, nonEmpty, tab, counts])
  // The answer for exactly this tab, search and page has arrived.
  const sameList = data !== undefined && data.list === list && data.search === query
  const settled = sameList && data.askedPage === page
  // Asked past the end (rows went away): follow the page the query settled on.
  useEffect(() => {
    if (settled && data.page !== page) setPage(data.page)
  }, [settled, data?.page, page])

  return (
    <>
      {/* Above the tabs, not beside them: at 1366×768 and 125% scaling all six tabs stay visible. */}
      <Space wrap style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 4 }} className="qf-no-print">
        <Input.Search allowClear placeholder={t('tasks.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} data-testid="task-search" />
        <Segmented
          size="small"
          value={density}
          onChange={(v) => setTablePrefs({ density: v as 'compact' | 'comfortable' })}
          options={[
            { value: 'compact', label: t('tasks.density.compact') },
            { value: 'comfortable', label: t('tasks.density.comfortable') }
          ]}
          aria-label={t('tasks.density')}
          data-testid="table-density"
        />
        {extra}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setChosen(true)
          setTab(k as TabKey)
          setPage(1)
        }}
        items={tabs.map((k) => ({
          key: k,
          label: (
            <span data-testid={`tab-${k}`}>
              {t(k === 'cancelled' ? 'tasks.tab.cancelled' : `tab.${k}`)}{' '}
              <span data-testid={`tab-count-${k}`} data-count={counts[k]}>
                <Badge count={counts[k]} showZero overflowCount={99999} color={counts[k] > 0 ? (COUNT_COLOR[k] ?? '#8c8c8c') : '#d9d9d9'} />
              </span>
            </span>
          )
        }))}
      />
      {/*
        One table for every tab: a switch changes its rows, not the table (no remount).
        Until the answer for this tab, search and page arrives it is empty and spinning
        (measured faster than keeping the old rows, which renders them once more); the
        pager stays while paging within a tab.
      */}
      <TaskTable
        rows={settled ? data.rows : undefined}
        paging={
          sameList
            ? {
                page: settled ? data.page : page,
                pageSize: data.pageSize,
                total: data.total,
                onChange: setPage,
                onPageSizeChange: (n) => {
                  setTablePrefs({ pageSize: n })
                  setPage(1)
                }
              }
            : undefined
        }
        showAssigner={scope !== 'mine'}
        testId={`task-list-${scope}-${tab}`}
      />
    </>
  )
}

/** The first tab with rows in it (counts not loaded yet: none), in the order shown. */
export function firstNonEmptyTab(tabs: readonly TabKey[], counts: Record<TabKey, number>): TabKey | null {
  return tabs.find((k) => counts[k] > 0) ?? null
}
