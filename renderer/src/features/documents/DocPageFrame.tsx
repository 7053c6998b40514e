/** What the 收文, 发文 and issued-text pages share before their content: the way back, and the card shown while the record loads or cannot be shown. */
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Spin } from 'antd'
import type { ReactNode } from 'react'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'

/** Back to the 公文 list (or, given `onBack`, wherever the reader came from). */
export function DocBack({ onBack = () => navigate('/documents') }: { onBack?: () => void }) {
  const t = useT()
  return (
    <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="doc-back">
      {t('documents.back')}
    </Button>
  )
}

/** The page while its record loads (`waiting`), or why it cannot be shown: not this reader's, or not there. */
export function DocNotShown({ back, waiting, forbidden }: { back: ReactNode; waiting: boolean; forbidden: boolean }) {
  const t = useT()
  return (
    <Card variant="borderless" title={back}>
      {waiting ? (
        <Spin description={t('documents.loading')}>
          <div style={{ height: 160 }} />
        </Spin>
      ) : (
        <Empty description={t(forbidden ? 'documents.forbidden' : 'documents.notFound')} />
      )}
    </Card>
  )
}
