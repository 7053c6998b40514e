/**
 * "Where is it now": who holds a document and since when (server times), the sender's per-recipient
 * trace, and the county's list of documents in circulation by where they are stuck, oldest first.
 */
import { INCOMING_STATUS_LABEL, OUTGOING_STATUS_LABEL } from './labels'
import type { IncomingMeta, IncomingState, IncomingStatus, OutgoingState, RecipientProgress } from './types'

export type Holder =
  | { kind: 'unit'; unitId: string; who: 'clerk' | 'head' | 'people' }
  | { kind: 'person'; userIds: string[] }
  | { kind: 'recipients'; unitIds: string[] }
  | { kind: 'none' }

export interface Whereabouts {
  holder: Holder
  /** The step it waits on, in Chinese. */
  step: string
  since: number
  /** Open = someone has to act. */
  open: boolean
}

export function whereOutgoing(s: OutgoingState, progress: Record<string, RecipientProgress> = {}): Whereabouts {
  const u = s.header.draftingUnitId
  switch (s.status) {
    case 'drafting':
      return { holder: { kind: 'unit', unitId: u, who: 'people' }, step: OUTGOING_STATUS_LABEL.drafting, since: s.since, open: true }
    case 'reviewing':
      return { holder: { kind: 'unit', unitId: u, who: 'head' }, step: OUTGOING_STATUS_LABEL.reviewing, since: s.since, open: true }
    case 'signing':
      return { holder: { kind: 'person', userIds: s.signerId ? [s.signerId] : [] }, step: OUTGOING_STATUS_LABEL.signing, since: s.since, open: true }
    case 'signed':
      return { holder: { kind: 'unit', unitId: u, who: 'clerk' }, step: OUTGOING_STATUS_LABEL.signed, since: s.since, open: true }
    case 'issued': {
      const waiting = (s.recipients ?? []).filter((r) => (progress[r.unitId]?.stage ?? 'delivered') === 'delivered').map((r) => r.unitId)
      return waiting.length
        ? { holder: { kind: 'recipients', unitIds: waiting }, step: '待签收', since: s.since, open: true }
        : { holder: { kind: 'none' }, step: OUTGOING_STATUS_LABEL.issued, since: s.since, open: false }
    }
    case 'withdrawn':
      return { holder: { kind: 'none' }, step: OUTGOING_STATUS_LABEL.withdrawn, since: s.since, open: false }
  }
}

export function whereIncoming(m: IncomingMeta, s: IncomingState): Whereabouts {
  const label = INCOMING_STATUS_LABEL[s.status]
  switch (s.status) {
    case 'delivered':
    case 'signed':
    case 'registered':
    case 'accepted':
      return { holder: { kind: 'unit', unitId: m.unitId, who: 'clerk' }, step: label, since: s.since, open: true }
    case 'proposed':
      return { holder: { kind: 'unit', unitId: m.unitId, who: 'head' }, step: label, since: s.since, open: true }
    case 'handling': {
      const unread = Object.entries(s.readers)
        .filter(([, r]) => r.readAt === undefined)
        .map(([id]) => id)
      const ids = [s.instruction!.leadUserId, ...unread.filter((id) => id !== s.instruction!.leadUserId)]
      return { holder: { kind: 'person', userIds: ids }, step: unread.length ? '承办/传阅中' : label, since: s.since, open: true }
    }
    case 'returned':
      return { holder: { kind: 'unit', unitId: m.fromUnitId ?? m.unitId, who: 'clerk' }, step: '已退回发文单位', since: s.since, open: m.source === 'internal' }
    case 'done':
    case 'withdrawn':
      return { holder: { kind: 'none' }, step: label, since: s.since, open: false }
  }
}

/** What the 收文 room tells the 发文 room (written by the server on every accepted 收文 event). */
export function progressOf(m: IncomingMeta, s: IncomingState): RecipientProgress {
  return {
    unitId: m.unitId,
    stage: s.status,
    signedAt: s.signed?.at,
    registeredAt: s.registeredAt,
    number: s.number,
    returned: s.returned && { at: s.returned.at, reason: s.returned.reason },
    doneAt: s.done?.at,
    reply: s.done?.reply ? { at: s.done.at, text: s.done.reply, ...(s.done.attachments?.length ? { attachments: s.done.attachments } : {}) } : undefined,
    updatedAt: s.lastEventAt
  }
}

export interface TraceRow {
  unitId: string
  role: 'main' | 'copy'
  stage: IncomingStatus
  label: string
  signedAt?: number
  registeredAt?: number
  number?: string
  returned?: { at: number; reason: string }
  doneAt?: number
  reply?: RecipientProgress['reply']
  /** Not signed yet: highlighted, and the sender may remind. */
  highlight: boolean
  lastRemindedAt?: number
}

/** The sender's trace: one row per recipient unit, unsigned first, then in distribution order. */
export function senderTrace(s: OutgoingState, progress: Record<string, RecipientProgress>): TraceRow[] {
  const rows = (s.recipients ?? []).map((r, i) => {
    const p = progress[r.unitId]
    const stage: IncomingStatus = s.status === 'withdrawn' ? 'withdrawn' : (p?.stage ?? 'delivered')
    const reminders = s.reminders.filter((x) => x.targetUnitId === r.unitId)
    const row: TraceRow = {
      unitId: r.unitId,
      role: r.role,
      stage,
      label: INCOMING_STATUS_LABEL[stage],
      signedAt: p?.signedAt,
      registeredAt: p?.registeredAt,
      number: p?.number,
      returned: p?.returned,
      doneAt: p?.doneAt,
      reply: p?.reply,
      highlight: stage === 'delivered',
      lastRemindedAt: reminders[reminders.length - 1]?.at
    }
    return { row, i }
  })
  return rows.sort((a, b) => Number(b.row.highlight) - Number(a.row.highlight) || a.i - b.i).map((x) => x.row)
}

export interface CirculationItem {
  id: string
  title: string
  where: Whereabouts
}

/** Documents in circulation, by where they are stuck: open ones only, oldest `since` first. */
export function stuckList<T extends CirculationItem>(items: readonly T[], now: number): (T & { waitingMs: number })[] {
  return items
    .filter((x) => x.where.open)
    .map((x) => ({ ...x, waitingMs: Math.max(0, now - x.where.since) }))
    .sort((a, b) => a.where.since - b.where.since || a.id.localeCompare(b.id))
}
