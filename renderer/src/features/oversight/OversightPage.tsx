/**
 * 督查督办. County-wide overseers (督查室 supervisors, 纪委监委 reviewers) get the
 * oversight workspace — warnings, unit efficiency, all items; a leader sees the
 * items they assigned, anyone else their unit's.
 */
import { Card, Typography } from 'antd'
import { hasRole } from '@domain/directory'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { ScopeTabs } from '../tasks/ScopeTabs'
import { OversightWorkspace } from './OversightWorkspace'

export function OversightPage() {
  const t = useT()
  const { viewer } = useServices()
  if (hasRole(viewer, 'supervisor') || hasRole(viewer, 'reviewer')) return <OversightWorkspace />
  return (
    <Card title={t('overview.title')} variant="borderless" extra={<Typography.Text type="secondary">{t('overview.hintMine')}</Typography.Text>}>
      <ScopeTabs scope={hasRole(viewer, 'leader') ? 'mine' : 'inbox'} tabs={['red', 'yellow', 'doing', 'sign', 'done']} />
    </Card>
  )
}
