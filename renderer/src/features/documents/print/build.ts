/**
 * From an issued 发文 (fields, state, body) and the directory to the printable document. The
 * county's names, the red 发文机关标志 and the 印发机关 come from the directory data (the unit's
 * document profile), never from code.
 */
import * as Y from 'yjs'
import { shanghaiDate } from '@domain/calendar'
import { attachmentLines, type OutgoingFields, type OutgoingState, type UnitDocProfile, type Addressee } from '@domain/document'
import type { Person, Unit } from '@domain/directory'
import type { PrintableDocument, PrintBlock } from './gbt9704'

/** How a group is written in 主送/抄送. */
export const GROUP_PRINT_NAME = { townships: '各乡镇人民政府', departments: '县直各部门' } as const

export function addresseeNames(list: Addressee[], unitName: (id: string) => string): string[] {
  return list.map((a) => ('group' in a ? GROUP_PRINT_NAME[a.group] : unitName(a.unitId)))
}

/** The body's blocks: headings keep their level (一级 黑体, 二级 楷体), everything else is a paragraph. */
export function printBlocks(body: Y.XmlFragment): PrintBlock[] {
  const out: PrintBlock[] = []
  const text = (el: Y.XmlElement): string =>
    el
      .toArray()
      .map((c) =>
        c instanceof Y.XmlText
          ? (c.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')
          : c instanceof Y.XmlElement
            ? text(c)
            : ''
      )
      .join('')
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const c of parent.toArray()) {
      if (!(c instanceof Y.XmlElement)) continue
      if (c.nodeName === 'heading') {
        const level = Number(c.getAttribute('level') ?? 1)
        out.push({ kind: level <= 1 ? 'h1' : level === 2 ? 'h2' : 'h3', text: text(c) })
      } else if (c.nodeName === 'paragraph') out.push({ kind: 'p', text: text(c) })
      else walk(c)
    }
  }
  walk(body)
  return out.filter((b, i, all) => b.text.trim() !== '' || (i > 0 && i < all.length - 1))
}

export interface PrintInputs {
  fields: OutgoingFields
  state: OutgoingState
  body: Y.XmlFragment
  units: readonly Unit[]
  people: readonly Person[]
  profile: UnitDocProfile | undefined
  /** The copy number printed (classified deployments). */
  copyNo?: number
}

export type BuildResult = { ok: true; doc: PrintableDocument } | { ok: false; message: string }

export function buildPrintable(i: PrintInputs): BuildResult {
  const { fields: f, state: s } = i
  if (!s.docNumber || !s.issuedAt || (!s.signed && !s.issuedAt)) return { ok: false, message: '公文尚未核发，不能打印正式文本' }
  const unit = i.units.find((u) => u.id === s.header.draftingUnitId)
  const profile = i.profile ?? {}
  if (!profile.issuerMark) return { ok: false, message: '通讯录中未设置本单位的发文机关标志，请联系管理员' }
  const unitName = (id: string) => i.units.find((u) => u.id === id)?.name ?? id
  const signerId = s.signed?.by ?? s.signerId
  const signer = i.people.find((p) => p.id === signerId)
  const signedAt = s.signed?.at ?? s.issuedAt
  return {
    ok: true,
    doc: {
      classification: f.classification ? { level: f.classification, period: f.secrecyPeriod, copyNo: i.copyNo } : undefined,
      urgency: f.urgency,
      issuerMark: profile.issuerMark,
      docNumber: s.docNumber,
      upward: f.upward,
      signers: signer ? [signer.name] : [],
      title: f.title,
      mainTo: addresseeNames(f.mainTo, unitName),
      body: printBlocks(i.body),
      attachmentNames: attachmentLines(f),
      issuerName: profile.formalName ?? unit?.name ?? '',
      date: shanghaiDate(signedAt),
      note: f.note || undefined,
      copyTo: addresseeNames(f.copyTo, unitName),
      printedBy: profile.formalName ?? unit?.name ?? '',
      printedDate: shanghaiDate(s.issuedAt)
    }
  }
}
