/**
 * The notice body's editor. It will be the shared 公文 editor
 * (components/RichTextEditor.tsx, `<RichTextEditor fragment awareness user readOnly />`,
 * built on the documents branch); until that file is on this branch, this
 * stand-in keeps the same props and stores plain paragraphs in the same
 * Y.XmlFragment, so the merge is one line:
 *   export { RichTextEditor as NoticeBodyEditor } from '../../components/RichTextEditor'
 */
import { Input, Typography } from 'antd'
import { useEffect, useState } from 'react'
import * as Y from 'yjs'

export interface NoticeBodyProps {
  fragment: Y.XmlFragment
  awareness: unknown
  user: { id: string; name: string }
  readOnly?: boolean
  label?: string
  minHeight?: number
  'data-testid'?: string
}

/** The fragment's paragraphs as plain text (marks dropped). */
export function fragmentText(fragment: Y.XmlFragment): string[] {
  const out: string[] = []
  const textOf = (n: Y.XmlElement | Y.XmlText | Y.XmlHook): string =>
    n instanceof Y.XmlText
      ? (n.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')
      : n instanceof Y.XmlElement
        ? n.toArray().map((c) => textOf(c as Y.XmlElement | Y.XmlText)).join('')
        : ''
  for (const n of fragment.toArray()) out.push(textOf(n as Y.XmlElement | Y.XmlText))
  return out
}

function writeParagraphs(fragment: Y.XmlFragment, lines: string[]): void {
  const doc = fragment.doc
  const run = () => {
    if (fragment.length) fragment.delete(0, fragment.length)
    fragment.insert(
      0,
      lines.map((l) => {
        const p = new Y.XmlElement('paragraph')
        if (l) p.insert(0, [new Y.XmlText(l)])
        return p
      })
    )
  }
  if (doc) doc.transact(run)
  else run()
}

export function NoticeBodyEditor({ fragment, readOnly, label, minHeight = 160, 'data-testid': testId }: NoticeBodyProps) {
  const [text, setText] = useState(() => fragmentText(fragment).join('\n'))
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    const sync = () => {
      if (!editing) setText(fragmentText(fragment).join('\n'))
    }
    sync()
    fragment.observeDeep(sync)
    return () => fragment.unobserveDeep(sync)
  }, [fragment, editing])
  if (readOnly)
    return (
      <div data-testid={testId} style={{ minHeight: 40, fontSize: 15, lineHeight: 1.9 }}>
        {fragmentText(fragment).map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity of their own
          <Typography.Paragraph key={i} style={{ textIndent: '2em', marginBottom: 4 }}>
            {p}
          </Typography.Paragraph>
        ))}
      </div>
    )
  return (
    <Input.TextArea
      aria-label={label}
      data-testid={testId}
      value={text}
      style={{ minHeight }}
      autoSize={{ minRows: 6 }}
      onFocus={() => setEditing(true)}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        setEditing(false)
        if (text !== fragmentText(fragment).join('\n')) writeParagraphs(fragment, text.split('\n'))
      }}
    />
  )
}
