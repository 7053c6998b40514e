/**
 * Attachments field for a form (Form.Item value/onChange): files are uploaded
 * over HTTP for the record's room as soon as they are picked; the value is the
 * list of uploaded files, ready for the record. Too large or offline is refused
 * before anything is sent.
 */
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons'
import { App, Button, Typography, Upload, type UploadFile } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useT } from '@renderer/core/i18n'
import { checkFile, formatSize, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, toAttachment, type Attachment } from './client'
import { attachErrorText, useAttachmentClient } from './useAttachmentClient'

interface Props {
  /** The room the files belong to: `task:<id>`, `docout:<id>`, …. */
  room: string
  value?: Attachment[]
  onChange?: (v: Attachment[]) => void
  /** True while any file is still uploading (the form should wait). */
  onBusyChange?: (busy: boolean) => void
  testId?: string
  disabled?: boolean
}

const asFile = (a: Attachment): UploadFile<Attachment> => ({ uid: a.id, name: a.name, size: a.size, type: a.mime, status: 'done', response: a })

export function AttachmentUpload({ room, value, onChange, onBusyChange, testId = 'attachments', disabled }: Props) {
  const t = useT()
  const { message } = App.useApp()
  const client = useAttachmentClient()
  const [files, setFiles] = useState<UploadFile<Attachment>[]>(() => (value ?? []).map(asFile))
  const filesRef = useRef(files)
  filesRef.current = files

  const busy = files.some((f) => f.status === 'uploading')
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange])

  const emit = (list: UploadFile<Attachment>[]) => {
    setFiles(list)
    filesRef.current = list
    const done = list.filter((f) => f.status === 'done' && f.response).map((f) => toAttachment(f.response!))
    // One file uploaded twice is one attachment.
    const seen = new Set<string>()
    onChange?.(done.filter((a) => !seen.has(a.id) && !!seen.add(a.id)))
  }

  const max = formatSize(MAX_ATTACHMENT_BYTES)

  return (
    <div data-testid={testId}>
      <Upload<Attachment>
        multiple
        disabled={disabled}
        fileList={files}
        beforeUpload={(file) => {
          const kept = filesRef.current.filter((f) => f.status !== 'error').length
          const problem = checkFile(file, kept)
          if (problem) {
            message.error(attachErrorText(t, { code: problem, message: problem }, { name: file.name }))
            return Upload.LIST_IGNORE
          }
          if (!navigator.onLine) {
            message.warning(attachErrorText(t, { code: 'OFFLINE', message: 'offline' }))
            return Upload.LIST_IGNORE
          }
          // Counted now, so a batch of files picked together cannot exceed the limit.
          filesRef.current = [...filesRef.current, { uid: file.uid, name: file.name, status: 'uploading' }]
          return true
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          const f = file as File
          const ctl = new AbortController()
          void client.upload(room, f, { signal: ctl.signal, onProgress: (percent) => onProgress?.({ percent }) }).then((r) => {
            if (ctl.signal.aborted) return
            if (r.ok) return onSuccess?.(r.value)
            const reason = attachErrorText(t, r.error, { name: f.name })
            message.error(t('attach.uploadFailed', { name: f.name, reason }))
            onError?.(Object.assign(new Error(reason), { status: 0 }))
          })
          return { abort: () => ctl.abort() }
        }}
        onChange={({ fileList }) => emit(fileList)}
        showUploadList={{ showDownloadIcon: false, showRemoveIcon: true, showPreviewIcon: false }}
        iconRender={() => <PaperClipOutlined />}
        itemRender={(node, file) => (
          <div data-testid="attachment-upload-item" data-status={file.status} title={file.name}>
            {node}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />} disabled={disabled} data-testid={`${testId}-pick`}>
          {t('attach.select')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4, fontSize: 12 }}>
        {t('attach.hint', { max, count: MAX_ATTACHMENTS })}
      </Typography.Text>
    </div>
  )
}
