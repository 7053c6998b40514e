import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { ConfigProvider, App as AntApp } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { translate, type Locale, type MessageKey } from './catalogue'
import { setCurrentLocale } from './current'

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string

interface I18n {
  locale: Locale
  setLocale(l: Locale): void
  t: T
}

const LOCALE_KEY = 'qf.locale'
const Ctx = createContext<I18n | null>(null)

function initialLocale(fallback: Locale): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY)
    if (saved === 'zh-CN' || saved === 'en-US') return saved
  } catch {
    /* storage unavailable: use the shell's default */
  }
  return fallback
}

const theme = {
  token: {
    colorPrimary: '#1f6f5c',
    borderRadius: 6,
    fontFamily:
      "-apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif"
  },
  components: {
    Menu: { itemSelectedBg: '#e3f1ec', itemSelectedColor: '#1f6f5c', itemHoverBg: '#f2f7f5', itemBorderRadius: 6 },
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f4f6f8' }
  }
}

export function I18nProvider({ fallback, children }: { fallback: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(fallback))
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l)
    try {
      localStorage.setItem(LOCALE_KEY, l)
    } catch {
      /* not persisted; fine */
    }
  }, [])
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en')
  setCurrentLocale(locale)
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }), [locale, setLocale])
  if (typeof document !== 'undefined') document.documentElement.lang = locale
  return (
    <Ctx.Provider value={value}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </Ctx.Provider>
  )
}

export function useI18n(): I18n {
  const v = useContext(Ctx)
  if (!v) throw new Error('useI18n outside I18nProvider')
  return v
}

/** The translate function for the current language. */
export const useT = (): T => useI18n().t
