/** 交办件: a unit's inbox; for leaders, "我交办的" and the 交办 button. */
import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Segmented } from 'antd'
import { useState } from 'react'
import { hasRole } from '../../../../domain/directory'
import { useServices } from '../../app/context'
import type { Scope } from '../../data/summaries'
import { useT } from '../../i18n'
import { AssignModal } from './AssignModal'
import { ScopeTabs } from './ScopeTabs'

export function TasksPage() {
  const t = useT()
  const { viewer } = useServices()
  const leader = hasRole(viewer, 'leader')
  const handler = hasRole(viewer, 'clerk') || hasRole(viewer, 'head')
  const scopes: Scope[] = [...(leader ? (['mine'] as const) : []), ...(handler || !leader ? (['inbox'] as const) : [])]
  const [scope, setScope] = useState<Scope>(scopes[0])
  const [assigning, setAssigning] = useState(false)

  const assign = leader ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)} data-testid="assign-open">
      {t('tasks.assign')}
    </Button>
  ) : null

  return (
    <Card
      title={
        scopes.length > 1 ? (
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as Scope)}
            options={scopes.map((s) => ({ value: s, label: t(s === 'mine' ? 'tasks.mine' : 'tasks.inbox') }))}
          />
        ) : (
          t(scope === 'mine' ? 'tasks.mine' : 'tasks.inbox')
        )
      }
      variant="borderless"
    >
      <ScopeTabs key={scope} scope={scope} extra={assign} />
      {leader && assigning && <AssignModal onClose={() => setAssigning(false)} />}
    </Card>
  )
}
