/** A record's files: name, size and a download button (download needs the network and read access to the record). */
import { DeleteOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons'
import { App, Button, Space, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '@renderer/core/i18n'
import { formatSize, type Attachment } from './client'
import { attachErrorText, useAttachmentClient } from './useAttachmentClient'

export function AttachmentList({
  room,
  attachments,
  compact,
  onRemove,
  testId = 'attachment-list'
}: {
  /** The record room the files are registered for (`task:<id>`, `docpub:<id>`, …). */
  room: string
  attachments: readonly Attachment[]
  compact?: boolean
  /** A remove button per file, worded by the caller (a form that edits the list). */
  onRemove?: { label: string; remove: (a: Attachment) => void }
  testId?: string
}) {
  const t = useT()
  const { message } = App.useApp()
  const client = useAttachmentClient()
  const [busy, setBusy] = useState<string | null>(null)
  if (attachments.length === 0) return null

  const download = async (a: Attachment) => {
    setBusy(a.id)
    try {
      const r = await client.download(room, a)
      if (!r.ok) message.error(t('attach.downloadFailed', { name: a.name, reason: attachErrorText(t, r.error, { name: a.name, download: true }) }))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: compact ? 2 : 6, marginTop: compact ? 4 : 0 }}>
      {attachments.map((a) => (
        <div
          key={a.id}
          data-testid="attachment-item"
          data-name={a.name}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            maxWidth: 560,
            padding: compact ? '2px 8px' : '6px 12px',
            background: '#fafbfc',
            border: '1px solid #eef0f3',
            borderRadius: 6
          }}
        >
          <PaperClipOutlined style={{ color: '#8c8c8c' }} />
          <Typography.Text ellipsis={{ tooltip: a.name }} style={{ flex: 1, minWidth: 0 }} data-testid="attachment-name">
            {a.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }} data-testid="attachment-size">
            {formatSize(a.size)}
          </Typography.Text>
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<DownloadOutlined />}
              loading={busy === a.id}
              onClick={() => void download(a)}
              data-testid="attachment-download"
              aria-label={`${t('attach.download')} ${a.name}`}
            >
              {t('attach.download')}
            </Button>
            {onRemove && (
              <Button
                type="link"
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() => onRemove.remove(a)}
                data-testid="attachment-remove"
                aria-label={`${onRemove.label} ${a.name}`}
              />
            )}
          </Space>
        </div>
      ))}
    </div>
  )
}
