/**
 * The publisher's export: one row per recipient, in the tally's order, as CSV
 * that Excel opens (UTF-8 BOM, CRLF, formula-safe; the oversight export's writer).
 */
import type { NoticeSummary, PersonRow, Tally } from '@domain/notice'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { toCsv } from '../oversight/csv'

export interface CsvWords {
  header: [unit: string, person: string, status: string, readAt: string, confirmedAt: string, late: string, text: string, files: string]
  status: (s: PersonRow['status']) => string
  late: string
  /** Marks a newcomer's row (后加入), who owes nothing (docs/decisions.md, "A notice to a unit follows the unit"). */
  joined?: string
  /** Marks someone who has left the unit it was sent to (已调往…), who still owes their 回执 there. */
  movedTo?: (unitName: string) => string
}

export function tallyCsv(t: Tally, unitName: (id: string) => string, w: CsvWords): string {
  const time = (ms?: number) => (ms === undefined ? '' : shanghaiDateTime(ms))
  const byUnit = new Map(t.units.map((u, i) => [u.unitId, i]))
  const rows = [...t.people].sort((a, b) => (byUnit.get(a.unitId) ?? 0) - (byUnit.get(b.unitId) ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))
  return toCsv(
    w.header,
    rows.map((p) => [
      unitName(p.unitId),
      p.name,
      w.status(p.status) +
        (p.joined && w.joined ? `（${w.joined}）` : '') +
        (p.movedTo !== undefined && w.movedTo ? `（${w.movedTo(unitName(p.movedTo))}）` : ''),
      time(p.readAt),
      time(p.confirmedAt),
      p.late ? w.late : '',
      p.text ?? '',
      (p.attachments ?? []).map((a) => a.name).join('；')
    ])
  )
}

/** The overseers' list of notices with a reply deadline: level, notice, publisher, times, 回执 still missing. */
export function oversightNoticesCsv(
  rows: readonly { n: NoticeSummary; level: string | null }[],
  unitName: (id: string) => string,
  w: { header: [level: string, title: string, unit: string, publishedAt: string, due: string, missing: string]; level: (l: string | null) => string }
): string {
  return toCsv(
    w.header,
    rows.map(({ n, level }) => [
      w.level(level),
      n.title,
      unitName(n.publisherUnitId),
      n.publishedAt ? shanghaiDateTime(n.publishedAt) : '',
      n.dueDate ?? '',
      n.missing
    ])
  )
}
