import { Card, Empty, Typography } from 'antd'
import { useT } from '../i18n'
import type { MessageKey } from '../i18n/catalogue'

export function ComingSoon({ titleKey }: { titleKey: MessageKey }) {
  const t = useT()
  return (
    <Card title={t(titleKey)} variant="borderless">
      <Empty
        data-testid="coming-soon"
        style={{ padding: '64px 0' }}
        description={
          <>
            <Typography.Title level={4}>{t('soon.title')}</Typography.Title>
            <Typography.Text type="secondary">{t('soon.body')}</Typography.Text>
          </>
        }
      />
    </Card>
  )
}
