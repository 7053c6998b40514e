/** Tabs with counts over one scope of the read model: 待签收 办理中 临期 超期 已办结. */
import { Badge, Input, Space, Tabs } from 'antd'
import { useState, type ReactNode } from 'react'
import { TaskTable } from '../../components/TaskTable'
import { useList, useTabCounts } from '../../data/hooks'
import { TABS, type Scope, type TabKey } from '../../data/summaries'
import { useT } from '../../i18n'

const COUNT_COLOR: Partial<Record<TabKey, string>> = { sign: '#1677ff', yellow: '#faad14', red: '#f5222d' }

export function ScopeTabs({ scope, extra, tabs = TABS }: { scope: Scope; extra?: ReactNode; tabs?: readonly TabKey[] }) {
  const t = useT()
  const [tab, setTab] = useState<TabKey>(tabs[0])
  const [search, setSearch] = useState('')
  const counts = useTabCounts(scope)
  const rows = useList(`${scope}:${tab}`, search)

  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => setTab(k as TabKey)}
      tabBarExtraContent={
        <Space>
          <Input.Search allowClear placeholder={t('tasks.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} data-testid="task-search" />
          {extra}
        </Space>
      }
      items={tabs.map((k) => ({
        key: k,
        label: (
          <span data-testid={`tab-${k}`}>
            {t(`tab.${k}`)}{' '}
            <span data-testid={`tab-count-${k}`} data-count={counts[k]}>
              <Badge count={counts[k]} showZero overflowCount={9999} color={counts[k] > 0 ? (COUNT_COLOR[k] ?? '#8c8c8c') : '#d9d9d9'} />
            </span>
          </span>
        ),
        children: k === tab ? <TaskTable rows={rows} showAssigner={scope !== 'mine'} testId={`task-list-${scope}-${k}`} /> : null
      }))}
    />
  )
}
