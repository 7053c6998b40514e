/** The language outside React (notifications from the sync layer), kept in step by I18nProvider. */
import { translate, type Locale, type MessageKey } from './catalogue'

let current: Locale = 'zh-CN'

export const setCurrentLocale = (l: Locale) => {
  current = l
}

export const currentTranslate = (key: MessageKey, vars?: Record<string, string | number>) => translate(current, key, vars)
