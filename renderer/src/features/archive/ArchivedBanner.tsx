/** Shown on an archived record's page: it can be read, not changed (docs/decisions.md, "Archive"). */
import { Alert } from 'antd'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTimeSec } from '@renderer/core/i18n/time'

export function ArchivedBanner({ at }: { at: number }) {
  const t = useT()
  return <Alert type="info" showIcon title={t('archive.readOnly', { time: shanghaiDateTimeSec(at) })} data-testid="archived-banner" />
}
