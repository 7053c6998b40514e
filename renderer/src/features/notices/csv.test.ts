import { describe, expect, it } from 'vitest'
import type { Tally } from '@domain/notice'
import { oversightNoticesCsv, tallyCsv } from './csv'

const tally: Tally = {
  total: 3,
  read: 2,
  unread: 1,
  confirmed: 1,
  late: 1,
  pending: 2,
  joined: 0,
  units: [
    { unitId: 'qingquan', name: '清泉镇', total: 2, read: 2, confirmed: 1, late: 1, joined: 0 },
    { unitId: 'sanhua', name: '散花镇', total: 1, read: 0, confirmed: 0, late: 0, joined: 0 }
  ],
  people: [
    { userId: 's', name: '张雪琴', unitId: 'sanhua', status: 'unread' },
    {
      userId: 'q1',
      name: '王丽华',
      unitId: 'qingquan',
      status: 'confirmed',
      readAt: Date.parse('2026-09-21T10:00:00+08:00'),
      confirmedAt: Date.parse('2026-09-25T09:00:00+08:00'),
      late: true,
      text: '=1+1, "参会"',
      attachments: [{ id: 'a', name: '名单.xlsx', size: 1, mime: 'x' }]
    },
    { userId: 'q2', name: '李德胜', unitId: 'qingquan', status: 'read', readAt: Date.parse('2026-09-21T10:05:00+08:00') }
  ]
}

describe('the publisher export', () => {
  it('marks a newcomer (后加入) and someone who has left (已调往…) in the status column', () => {
    const t: Tally = {
      ...tally,
      joined: 1,
      people: [
        { userId: 's', name: '张雪琴', unitId: 'sanhua', status: 'unread', movedTo: 'qingquan' },
        { userId: 'n', name: '任春兰', unitId: 'sanhua', status: 'confirmed', joined: true }
      ]
    }
    const csv = tallyCsv(t, (id) => ({ qingquan: '清泉镇', sanhua: '散花镇' })[id] ?? id, {
      header: ['单位', '姓名', '状态', '阅读时间', '回执时间', '逾期', '回执内容', '回执附件'],
      status: (s) => ({ unread: '未读', read: '已读', confirmed: '已回执' })[s],
      late: '逾期',
      joined: '后加入',
      movedTo: (u) => `已调往${u}`
    })
    expect(csv.slice(1).split('\r\n').slice(1, 3)).toEqual(['散花镇,任春兰,已回执（后加入）,,,,,', '散花镇,张雪琴,未读（已调往清泉镇）,,,,,'])
  })

  it('opens in Excel: BOM, CRLF, units in tally order, formulas defused, server times in Shanghai', () => {
    const csv = tallyCsv(tally, (id) => ({ qingquan: '清泉镇', sanhua: '散花镇' })[id] ?? id, {
      header: ['单位', '姓名', '状态', '阅读时间', '回执时间', '逾期', '回执内容', '回执附件'],
      status: (s) => ({ unread: '未读', read: '已读', confirmed: '已回执' })[s],
      late: '逾期'
    })
    expect(csv.startsWith('\ufeff单位,姓名')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines).toHaveLength(5)
    expect(lines[1]).toBe('清泉镇,李德胜,已读,2026-09-21 10:05,,,,')
    expect(lines[2]).toBe('清泉镇,王丽华,已回执,2026-09-21 10:00,2026-09-25 09:00,逾期,"\'=1+1, ""参会""",名单.xlsx')
    expect(lines[3]).toBe('散花镇,张雪琴,未读,,,,,')
  })
})

describe("the overseers' notice list", () => {
  it('one row per notice with its level and missing 回执; a title that looks like a formula never runs', () => {
    const n = (id: string, title: string, missing?: number) => ({
      id,
      title,
      publisherUnitId: 'zhengfuban',
      status: 'published' as const,
      pinned: false,
      receiptRequired: true,
      dueDate: '2026-09-24',
      updatedAt: 0,
      ...(missing !== undefined ? { missing } : {})
    })
    const csv = oversightNoticesCsv(
      [
        { n: n('a', '关于召开防汛会议的通知', 30), level: 'red' },
        { n: n('b', '=HYPERLINK("x")'), level: null }
      ],
      () => '县政府办公室',
      { header: ['预警', '通知', '发布单位', '发布时间', '回执截止', '未回执'], level: (l) => (l === 'red' ? '超期未回执' : '') }
    )
    expect(csv.split('\r\n')).toEqual([
      '\ufeff预警,通知,发布单位,发布时间,回执截止,未回执',
      '超期未回执,关于召开防汛会议的通知,县政府办公室,,2026-09-24,30',
      `,"'=HYPERLINK(""x"")",县政府办公室,,2026-09-24,`,
      ''
    ])
  })
})
