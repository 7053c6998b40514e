/**
 * A collaborative rich-text editor bound to a Y.XmlFragment (Tiptap 3 over y-prosemirror), with
 * the other editors' cursors from awareness. Shared by 公文 bodies and 通知.
 *
 * Stable API: <RichTextEditor fragment awareness user readOnly />.
 *   fragment  the Y.XmlFragment that holds the body (e.g. doc.getXmlFragment('body'))
 *   awareness the room's awareness (y-protocols), or null offline / read-only
 *   user      { id, name } of the signed-in person; the server stamps the real identity into
 *             presence, this is only what the caret shows before it does
 *   readOnly  the policy says no edits now (frozen after 签发, not the drafting unit, …)
 * The server is the judge of every edit; readOnly only keeps the UI honest.
 */
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import StarterKit from '@tiptap/starter-kit'
import { useEffect, useMemo } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import './RichTextEditor.css'

export interface RichTextUser {
  id: string
  name: string
}

export interface RichTextEditorProps {
  fragment: Y.XmlFragment
  awareness: Awareness | null
  user: RichTextUser
  readOnly?: boolean
  /** Accessible label of the editing area. */
  label?: string
  minHeight?: number
  'data-testid'?: string
}

const PALETTE = ['#d4380d', '#1677ff', '#389e0d', '#c41d7f', '#7cb305', '#08979c', '#531dab', '#d48806']
/** A stable colour per person, so the same person has the same caret on every screen. */
export function colourOf(id: string): string {
  let h = 0
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return PALETTE[h % PALETTE.length]
}

function caret(user: Record<string, unknown>): HTMLElement {
  const name = typeof user.name === 'string' ? user.name : '?'
  const colour = typeof user.color === 'string' ? user.color : colourOf(typeof user.id === 'string' ? user.id : name)
  const el = document.createElement('span')
  el.className = 'collaboration-carets__caret'
  el.style.borderColor = colour
  const label = document.createElement('div')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = colour
  label.textContent = name
  el.append(label)
  return el
}

export function RichTextEditor({ fragment, awareness, user, readOnly = false, label, minHeight = 240, ...rest }: RichTextEditorProps) {
  // Without awareness (offline, or a read-only view) there are no cursors to show or send.
  const provider = useMemo(() => (awareness ? { awareness } : null), [awareness])
  const editor = useEditor(
    {
      editable: !readOnly,
      immediatelyRender: true,
      extensions: [
        // Undo/redo come from the Yjs binding, per person; ProseMirror's own history would undo others' typing.
        StarterKit.configure({ undoRedo: false, link: false }),
        Collaboration.configure({ fragment }),
        ...(provider ? [CollaborationCaret.configure({ provider, user: { id: user.id, name: user.name, color: colourOf(user.id) }, render: caret })] : [])
      ],
      editorProps: { attributes: { 'aria-label': label ?? '', class: 'qf-richtext__content', spellcheck: 'false' } }
    },
    [fragment, provider]
  )
  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly)
  }, [editor, readOnly])
  return (
    <div
      className={`qf-richtext${readOnly ? ' qf-richtext--readonly' : ''}`}
      style={{ minHeight }}
      data-testid={rest['data-testid']}
      data-readonly={readOnly ? 'true' : 'false'}
    >
      <EditorContent editor={editor} />
    </div>
  )
}
