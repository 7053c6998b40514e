/**
 * 交办件: a unit's inbox; for leaders, "我交办的" and the 交办 button; for top leaders and
 * 督查室 the whole county (read-only for top leaders); 督查室 records for a leader (代录).
 */
import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Segmented } from 'antd'
import { useState } from 'react'
import { hasRole } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import type { Scope } from '@renderer/core/data/summaries'
import { useT } from '@renderer/core/i18n'
import { AssignModal } from './AssignModal'
import { ScopeTabs } from './ScopeTabs'

export function TasksPage() {
  const t = useT()
  const { viewer } = useServices()
  const leader = hasRole(viewer, 'leader')
  const handler = hasRole(viewer, 'clerk') || hasRole(viewer, 'head')
  const county = hasRole(viewer, 'top_leader') || hasRole(viewer, 'supervisor')
  const proxy = !leader && hasRole(viewer, 'supervisor')
  const scopes: Scope[] = [
    ...(leader ? (['mine'] as const) : []),
    ...(handler || (!leader && !county) ? (['inbox'] as const) : []),
    ...(county ? (['oversight'] as const) : [])
  ]
  const [scope, setScope] = useState<Scope>(scopes[0])
  const [assigning, setAssigning] = useState(false)

  const assign =
    leader || proxy ? (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)} data-testid="assign-open">
        {t(proxy ? 'tasks.assign.proxy' : 'tasks.assign')}
      </Button>
    ) : null
  const label = (s: Scope) => t(s === 'mine' ? 'tasks.mine' : s === 'oversight' ? 'tasks.county' : 'tasks.inbox')

  return (
    <Card
      title={
        scopes.length > 1 ? (
          <Segmented value={scope} onChange={(v) => setScope(v as Scope)} options={scopes.map((s) => ({ value: s, label: label(s) }))} />
        ) : (
          label(scope)
        )
      }
      variant="borderless"
    >
      <ScopeTabs key={scope} scope={scope} extra={assign} />
      {(leader || proxy) && assigning && <AssignModal onClose={() => setAssigning(false)} />}
    </Card>
  )
}
