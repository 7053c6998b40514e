import { TranslationOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useI18n } from '../core/i18n'

export function LangSwitch({ light }: { light?: boolean }) {
  const { locale, setLocale, t } = useI18n()
  return (
    <Button
      type="text"
      size="small"
      icon={<TranslationOutlined />}
      style={light ? { color: 'rgba(255,255,255,0.85)' } : undefined}
      data-testid="lang-switch"
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {t('lang.switch')}
    </Button>
  )
}
