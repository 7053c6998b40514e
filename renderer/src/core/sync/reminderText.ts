/**
 * A reminder in the reader's language. The server sends a code and its
 * parameters (domain/kinds/task.ts); the words are in the catalogue
 * (i18n/parts/kinds.ts). Reminders stored by older servers carry Chinese
 * `title`/`body` and no code: shown as they are.
 */
import type { Reminder } from '@domain/index-rooms'
import { catalogue, type Locale, type MessageKey } from '../i18n/catalogue'

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function reminderText(r: Pick<Reminder, 'code' | 'params' | 'title' | 'body'>, t: Translate): { title: string; body: string } {
  if (!r.code) return { title: r.title ?? '', body: r.body ?? '' }
  const vars: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(r.params ?? {})) vars[k] = typeof v === 'boolean' ? String(v) : v
  const base = `kinds.reminder.${r.code}`
  const titleKey = `${base}.title` as MessageKey
  if (!has(titleKey)) return { title: r.title ?? t('kinds.reminder.unknown.title'), body: r.body ?? '' }
  const withText = `${base}.bodyText` as MessageKey
  const bodyKey = (vars.text && has(withText) ? withText : `${base}.body`) as MessageKey
  return { title: t(titleKey, vars), body: has(bodyKey) ? t(bodyKey, vars) : '' }
}

const has = (key: string): boolean => key in catalogue['zh-CN']

/**
 * A refused change in the reader's language. In Chinese the server's own message
 * is the most precise; other languages word the code (the message when the code is unknown).
 */
export function refusalText(r: { code: string; message: string }, t: Translate, locale: Locale): string {
  const key = `kinds.refusal.${r.code}` as MessageKey
  if (locale === 'zh-CN' && r.message) return r.message
  return has(key) ? t(key) : r.message
}
