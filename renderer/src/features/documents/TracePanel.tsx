/** 修改留痕: the body's differences between two workflow steps, insertions and deletions with author and server time. */
import { Card, Empty, Select, Space, Typography } from 'antd'
import { useMemo, useState } from 'react'
import * as Y from 'yjs'
import { diffSnapshots, EMPTY_AUTHOR_BOOK, traceSummary, type AuthorBook } from '@domain/document'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'

interface Step {
  eventId: string
  type: string
  at: number
  snapshot: Uint8Array
}

export function TracePanel({ doc, version }: { doc: Y.Doc; version: number }) {
  const t = useT()
  const dir = useDirectory()
  const steps = useMemo(() => doc.getArray<Step>('snapshots').toArray(), [doc, version])
  const [from, setFrom] = useState<number | null>(null)
  const [to, setTo] = useState<number | null>(null)
  const a = from ?? Math.max(0, steps.length - 2)
  const b = to ?? steps.length - 1
  const blocks = useMemo(() => {
    if (steps.length < 2 || !steps[a] || !steps[b]) return []
    const book = (doc.getMap('server').get('authors') as AuthorBook | undefined) ?? EMPTY_AUTHOR_BOOK
    return diffSnapshots(doc.getXmlFragment('body'), Y.decodeSnapshot(steps[a].snapshot), Y.decodeSnapshot(steps[b].snapshot), book)
  }, [doc, steps, a, b, version])
  if (steps.length < 2) return null
  const options = steps.map((s, i) => ({ value: i, label: `${t(`documents.action.${s.type}` as 'documents.action.create')} · ${shanghaiDateTime(s.at)}` }))
  const changed = traceSummary(blocks)
  return (
    <Card variant="borderless" title={t('documents.trace.title')} data-testid="doc-traces">
      <Space style={{ marginBottom: 12 }}>
        {t('documents.trace.from')}
        <Select value={a} options={options} onChange={setFrom} style={{ minWidth: 260 }} data-testid="trace-from" />
        {t('documents.trace.to')}
        <Select value={b} options={options} onChange={setTo} style={{ minWidth: 260 }} data-testid="trace-to" />
      </Space>
      {changed.length === 0 ? (
        <Empty description={t('documents.trace.none')} />
      ) : (
        <div className="qf-richtext qf-richtext--readonly">
          {blocks.map((blk, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a trace is a fixed rendering of two snapshots; its blocks and runs have no identity of their own
            <p key={i} style={{ textIndent: '2em', margin: '0 0 4px' }}>
              {blk.runs.map((r, j) => {
                // biome-ignore lint/suspicious/noArrayIndexKey: runs of a fixed diff, never reordered
                if (r.kind === 'same') return <span key={j}>{r.text}</span>
                const who = r.by ? t('documents.trace.by', { name: dir.personName(r.by.userId), time: shanghaiDateTime(r.by.at) }) : ''
                return r.kind === 'insert' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: runs of a fixed diff, never reordered
                  <ins key={j} className="qf-trace-ins" title={who} data-testid="trace-ins" data-by={r.by?.userId}>
                    {r.text}
                  </ins>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: runs of a fixed diff, never reordered
                  <del key={j} className="qf-trace-del" title={who} data-testid="trace-del" data-by={r.by?.userId}>
                    {r.text}
                  </del>
                )
              })}
            </p>
          ))}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {changed.map((c) => `${dir.personName(c.userId)}：+${c.inserted} / −${c.deleted}`).join('；')}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  )
}
