/** Tags and small formatting shared by the 公文 pages. Colours: yellow = 临期, red = 超期 (as for 交办件). */
import { Tag } from 'antd'
import type { Holder, IncomingStatus, OutgoingStatus, Urgency } from '@domain/document'
import type { DirectoryView } from '@renderer/core/data/hooks'
import type { WarningInfo } from '@domain/deadline'
import { useT } from '@renderer/core/i18n'

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const t = useT()
  if (urgency === 'none') return null
  return (
    <Tag color={urgency === 'teji' ? 'red' : 'orange'} data-testid="doc-urgency">
      {t(`documents.urgency.${urgency}`)}
    </Tag>
  )
}

const OUT_COLOR: Record<OutgoingStatus, string> = {
  drafting: 'default',
  reviewing: 'blue',
  signing: 'purple',
  signed: 'cyan',
  issued: 'success',
  withdrawn: 'default'
}
const IN_COLOR: Record<IncomingStatus, string> = {
  delivered: 'gold',
  signed: 'blue',
  registered: 'blue',
  returned: 'default',
  accepted: 'blue',
  proposed: 'purple',
  handling: 'processing',
  done: 'success',
  withdrawn: 'default'
}

export function DocStatusTag({ kind, status, warning }: { kind: 'out' | 'in'; status: string; warning?: WarningInfo }) {
  const t = useT()
  const colour =
    warning?.level === 'red'
      ? 'red'
      : warning?.level === 'yellow'
        ? 'gold'
        : kind === 'out'
          ? OUT_COLOR[status as OutgoingStatus]
          : IN_COLOR[status as IncomingStatus]
  return (
    <Tag color={colour} data-testid="doc-status" data-status={status}>
      {t(kind === 'out' ? (`documents.out.${status as OutgoingStatus}` as const) : (`documents.in.${status as IncomingStatus}` as const))}
    </Tag>
  )
}

export function waited(t: ReturnType<typeof useT>, ms: number): string {
  const hours = Math.floor(ms / 3_600_000)
  return hours >= 48 ? t('documents.sinceDays', { days: Math.floor(hours / 24) }) : t('documents.since', { hours })
}

/** Who holds a document now, in words. */
export function holderText(t: ReturnType<typeof useT>, dir: DirectoryView, h: Holder | undefined): string {
  if (!h) return ''
  switch (h.kind) {
    case 'unit':
      return t(h.who === 'head' ? 'documents.where.holder.head' : h.who === 'clerk' ? 'documents.where.holder.clerk' : 'documents.where.holder.unit', {
        unit: dir.unitName(h.unitId)
      })
    case 'person':
      return h.userIds.map((id) => dir.personName(id)).join('、')
    case 'recipients':
      return `${t('documents.where.holder.recipients', { count: h.unitIds.length })}：${h.unitIds
        .slice(0, 5)
        .map((u) => dir.unitName(u))
        .join('、')}${h.unitIds.length > 5 ? '…' : ''}`
    default:
      return t('documents.where.holder.none')
  }
}
