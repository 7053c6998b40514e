/**
 * The files of a 公文 (domain/document/attachments.ts says which room holds them): the list with
 * downloads, and while editable a picker that uploads for the room and adds each finished file to
 * the record. Adding and removing go through callbacks that read the shared doc at that moment, so
 * two people attaching files to one draft at once keep both.
 */
import { useRef, useState } from 'react'
import type { Attachment } from '@domain/document'
import { useT } from '@renderer/core/i18n'
import { AttachmentList, AttachmentUpload } from '@renderer/ui/attachments'

export function DocFiles({
  room,
  files,
  editable,
  onAdd,
  onRemove,
  testId = 'doc-files'
}: {
  room: string
  files: readonly Attachment[]
  editable?: boolean
  onAdd?: (a: Attachment) => void
  onRemove?: (a: Attachment) => void
  testId?: string
}) {
  const t = useT()
  // The picker is renewed once its uploads have finished (the files then show in the list above it).
  const [gen, setGen] = useState(0)
  const added = useRef(new Set<string>())
  const wasBusy = useRef(false)
  return (
    <div data-testid={testId}>
      <AttachmentList
        room={room}
        attachments={files}
        onRemove={editable && onRemove ? { label: t('documents.files.remove'), remove: onRemove } : undefined}
        testId={`${testId}-list`}
      />
      {files.length === 0 && !editable && <span style={{ color: '#8c8c8c' }}>{t('documents.files.none')}</span>}
      {editable && onAdd && (
        <div style={{ marginTop: files.length ? 8 : 0 }}>
          <AttachmentUpload
            key={gen}
            room={room}
            testId={`${testId}-upload`}
            onChange={(list) => {
              for (const a of list)
                if (!added.current.has(a.id)) {
                  added.current.add(a.id)
                  onAdd(a)
                }
            }}
            onBusyChange={(busy) => {
              if (wasBusy.current && !busy) {
                added.current = new Set()
                setGen((g) => g + 1)
              }
              wasBusy.current = busy
            }}
          />
        </div>
      )}
    </div>
  )
}
