/** Files on 公文 in the domain: which steps may carry files, where they travel, and the 附件说明 lines. */
import { describe, expect, it } from 'vitest'
import { attachmentLines, attachmentTitle, incomingFilesRoom, newAttachmentIds } from './attachments'
import { County, iev } from './fixtures'
import { progressOf } from './where'

const file = (name: string, c = 'a') => ({ id: c.repeat(64), name, size: 10, mime: 'text/plain' })

describe('公文 attachments', () => {
  it('附件说明 lists the files by their real names, then typed lines that are not files, never twice', () => {
    expect(attachmentTitle('2026年冬季森林防火工作方案.docx')).toBe('2026年冬季森林防火工作方案')
    expect(attachmentTitle('.bashrc')).toBe('.bashrc')
    expect(attachmentTitle('名单.2026')).toBe('名单')
    expect(
      attachmentLines({
        attachments: [file('工作方案.docx', 'a'), file('联络员名单.xlsx', 'b')],
        attachmentNames: ['联络员名单', '示意图（纸质另送）']
      })
    ).toEqual(['工作方案', '联络员名单', '示意图（纸质另送）'])
    expect(attachmentLines({ attachments: [], attachmentNames: ['统计表'] })).toEqual(['统计表'])
  })

  it('an internal 收文’s files are read through the issued text, an external one’s in its own room', () => {
    expect(incomingFilesRoom({ id: 'qingquan--D1', source: 'internal', outgoingId: 'D1' })).toBe('docpub:D1')
    expect(incomingFilesRoom({ id: 'qingquan--x1', source: 'external' })).toBe('docin:qingquan--x1')
  })

  it('only files an edit adds are looked up', () => {
    expect(newAttachmentIds([file('a', 'a')], [file('a', 'a'), file('b', 'b'), file('b2', 'b')])).toEqual(['b'.repeat(64)])
    expect(newAttachmentIds(undefined, [])).toEqual([])
  })

  it('承办反馈 and 办结 carry files; the 答复’s files go back to the sender; other steps refuse them', () => {
    const c = new County().draftTo('issued')
    const steps = [
      iev('sign', 'qqClerk'),
      iev('register', 'qqClerk'),
      iev('accept', 'qqClerk'),
      iev('propose', 'qqClerk', { text: '建议办理', mode: 'handle', attachments: [file('x.txt')] })
    ]
    for (const e of steps.slice(0, 3)) expect(c.receive('qingquan', e).ok).toBe(true)
    const refused = c.receive('qingquan', steps[3])
    expect(!refused.ok && refused.error.code).toBe('BAD_ATTACHMENT')
    expect(c.receive('qingquan', iev('propose', 'qqClerk', { text: '建议办理', mode: 'handle' })).ok).toBe(true)
    expect(c.receive('qingquan', iev('instruct', 'otherHead', { text: '请办理', leadUserId: 'qq_staff' })).ok).toBe(true)
    expect(c.receive('qingquan', iev('progress', 'qqStaff', { text: '已部署', attachments: [file('部署.txt', 'c')] })).ok).toBe(true)
    expect(c.receive('qingquan', iev('complete', 'qqStaff', { text: '已落实', reply: '见附件', attachments: [file('报告.pdf', 'd')] })).ok).toBe(true)
    const r = c.incoming.get('qingquan')!
    expect(r.state.progress[0].attachments).toEqual([file('部署.txt', 'c')])
    expect(r.state.done!.attachments).toEqual([file('报告.pdf', 'd')])
    expect(progressOf(r.meta, r.state).reply).toMatchObject({ text: '见附件', attachments: [file('报告.pdf', 'd')] })
  })
})
