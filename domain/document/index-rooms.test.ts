/**
 * The 公文 rooms that are bounded by year or by what is open, and who may read them
 * (docs/decisions.md, "公文 in oversight", "A unit's 公文箱 holds what is open", "传阅 beyond the unit").
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { actor } from './fixtures'
import {
  docarchiveKind,
  docArchiveRoom,
  docArchiveYearOf,
  docDeadlineYearOf,
  DOC_LIST_YEAR,
  docListYearOf,
  docListYears,
  docDeadlineYearRooms,
  docdeadlineYearKind,
  docnumbersKind,
  docpubKind,
  docpubReaders
} from './kinds'
import type { OutgoingState } from './types'

const at = (s: string) => Date.parse(s)

describe('year keys', () => {
  it('a row belongs to the Shanghai year of its 批办 / its start, also across the UTC new year', () => {
    // 2026-12-31 23:30 UTC is already 2027 in Shanghai.
    expect(docDeadlineYearOf(at('2026-12-31T23:30:00Z'))).toBe('2027')
    expect(docDeadlineYearOf(at('2026-12-31T15:59:00Z'))).toBe('2026')
    expect(docArchiveYearOf({ startedAt: at('2025-06-01T10:00:00+08:00'), updatedAt: at('2027-01-02T10:00:00+08:00') })).toBe('2025')
    // An old row without a start is archived by its last change.
    expect(docArchiveYearOf({ updatedAt: at('2026-03-01T10:00:00+08:00') })).toBe('2026')
    expect(docArchiveRoom('qingquan', '2026')).toBe('docarchive:qingquan--2026')
    expect(docDeadlineYearRooms('2026-10-01', '2026-12-31')).toEqual(['docdeadline:2026'])
    expect(docDeadlineYearRooms('2026-12-01', '2027-01-31')).toEqual(['docdeadline:2026', 'docdeadline:2027'])
  })
})

describe('the list a closed row is in', () => {
  it('the year it closed (Shanghai); the record’s note wins; an unnoted record names the old rule’s years', () => {
    expect(docListYearOf(at('2026-12-31T23:30:00Z'))).toBe('2027')
    const doc = new Y.Doc()
    doc.getMap('server').set('state', {
      header: { id: 'D1', draftingUnitId: 'zhengfuban' },
      createdAt: at('2024-05-01T10:00:00+08:00'),
      lastEventAt: at('2026-02-01T10:00:00+08:00')
    })
    // Listed before the note existed: where it began, or (older still) where it last changed. Two lists at most.
    expect(docListYears(doc)).toEqual(['2024', '2026'])
    doc.getMap('server').set(DOC_LIST_YEAR, '2025')
    expect(docListYears(doc)).toEqual(['2025'])
    const incoming = new Y.Doc()
    incoming.getMap('meta').set('id', 'qingquan--D1')
    incoming.getMap('meta').set('deliveredAt', at('2025-03-01T10:00:00+08:00'))
    incoming.getMap('server').set('state', { lastEventAt: at('2025-09-01T10:00:00+08:00') })
    expect(docListYears(incoming)).toEqual(['2025'])
    expect(docListYears(new Y.Doc())).toEqual([])
  })
})

describe('who reads the bounded rooms', () => {
  it('deadline years: oversight only; archives: the unit only; numbers: nobody', () => {
    expect(docdeadlineYearKind.access(actor('reviewer'), '2026', null)).toBe('read')
    expect(docdeadlineYearKind.access(actor('supervisor'), '2026', null)).toBe('read')
    expect(docdeadlineYearKind.access(actor('qqClerk'), '2026', null)).toBe('none')
    expect(docarchiveKind.access(actor('qqClerk'), 'qingquan--2026', null)).toBe('read')
    expect(docarchiveKind.access(actor('shClerk'), 'qingquan--2026', null)).toBe('none')
    expect(docnumbersKind.access(actor('reviewer'), '2026', null)).toBe('none')
  })
  it('the issued text: a 传阅 reader the server listed reads it; a colleague of theirs does not', () => {
    const doc = new Y.Doc()
    const state = {
      status: 'issued',
      header: { id: 'D1', draftingUnitId: 'zhengfuban', createdBy: 'zfb_clerk' },
      issuedAt: 1,
      recipients: [{ unitId: 'qingquan' }]
    }
    doc.getMap('server').set('state', state as unknown as OutgoingState)
    expect(docpubKind.access(actor('qqClerk'), 'D1', doc)).toBe('read')
    expect(docpubKind.access(actor('shHead'), 'D1', doc)).toBe('none')
    docpubReaders(doc).set('sh_head', true)
    expect(docpubKind.access(actor('shHead'), 'D1', doc)).toBe('read')
    expect(docpubKind.access(actor('shClerk'), 'D1', doc)).toBe('none')
  })
})
