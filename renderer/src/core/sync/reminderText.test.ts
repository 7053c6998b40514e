import { describe, expect, it } from 'vitest'
import { translate, type Locale, type MessageKey } from '../i18n/catalogue'
import { refusalText, reminderText } from './reminderText'

const tr = (l: Locale) => (key: MessageKey, vars?: Record<string, string | number>) => translate(l, key, vars)

describe('server codes in the reader’s language', () => {
  it('words a reminder from its code and params, in Chinese and in English', () => {
    const chase = { code: 'task.chase', params: { title: '秋季防火检查', who: '县政府办 李明', text: '请今日反馈' } }
    expect(reminderText(chase, tr('zh-CN'))).toEqual({ title: '催办：秋季防火检查', body: '县政府办 李明 催办：请今日反馈' })
    expect(reminderText(chase, tr('en-US'))).toEqual({ title: 'Chased: 秋季防火检查', body: '县政府办 李明 chased: 请今日反馈' })
    expect(reminderText({ ...chase, params: { ...chase.params, text: '' } }, tr('en-US')).body).toBe('县政府办 李明 chased this task')
    expect(reminderText({ code: 'digest', params: { date: '2026-10-21', yellow: 2, red: 1 } }, tr('zh-CN'))).toEqual({
      title: '今日督办提醒（2026-10-21）',
      body: '本单位临期 2 件，超期 1 件'
    })
    expect(reminderText({ code: 'task.red', params: { title: 'X', dueDate: '2026-10-19' } }, tr('en-US')).title).toBe('Overdue: X')
  })

  it('shows a reminder from an older server (Chinese text, no code) as it is, and an unknown code generically', () => {
    expect(reminderText({ title: '催办：旧', body: '请加快' }, tr('en-US'))).toEqual({ title: '催办：旧', body: '请加快' })
    expect(reminderText({ code: 'notice.new', params: {} }, tr('en-US')).title).toBe('New reminder')
  })

  it('words a refusal by its code; zh-CN keeps the server’s message; an unknown code shows the message', () => {
    const r = { code: 'NOT_SIGNED', message: '请先签收' }
    expect(refusalText(r, tr('zh-CN'), 'zh-CN')).toBe('请先签收')
    expect(refusalText({ code: 'NOT_SIGNED', message: '' }, tr('zh-CN'), 'zh-CN')).toBe('请先签收')
    expect(refusalText(r, tr('en-US'), 'en-US')).toBe('Your unit must sign for the task first')
    expect(refusalText({ code: 'MEMO_BAD_LINE', message: '便签每行不超过40字' }, tr('en-US'), 'en-US')).toBe('便签每行不超过40字')
  })
})
