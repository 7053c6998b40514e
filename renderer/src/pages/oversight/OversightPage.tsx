/** 督查督办: near-due and overdue items (all county for 督查室/纪委监委, one's own for leaders). */
import { Card, Typography } from 'antd'
import { hasRole } from '../../../../domain/directory'
import { useServices } from '../../app/context'
import { useT } from '../../i18n'
import { ScopeTabs } from '../tasks/ScopeTabs'

export function OversightPage() {
  const t = useT()
  const { viewer } = useServices()
  const all = hasRole(viewer, 'supervisor') || hasRole(viewer, 'reviewer')
  return (
    <Card title={t('overview.title')} variant="borderless" extra={<Typography.Text type="secondary">{t(all ? 'overview.hint' : 'overview.hintMine')}</Typography.Text>}>
      <ScopeTabs scope={all ? 'oversight' : hasRole(viewer, 'leader') ? 'mine' : 'inbox'} tabs={['red', 'yellow', 'doing', 'sign', 'done']} />
    </Card>
  )
}
