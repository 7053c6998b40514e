/** The issued text of a 发文 as its recipients read it (docpub:<id>: the signed fields and body, no drafting history). */
import { Card, Descriptions, Space, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import { attachmentLines, readFields, readOutgoingState } from '@domain/document'
import { useServices } from '@renderer/core/app/context'
import { RichTextEditor } from '@renderer/ui/RichTextEditor'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { addresseeNames } from './print/build'
import { DocFiles } from './DocFiles'
import { UrgencyTag } from './labels'
import { PrintButton } from './PrintButton'
import { DocBack, DocNotShown } from './DocPageFrame'
import { useDocRoom } from './useDocRoom'

export function PublishedDoc({ id }: { id: string }) {
  const t = useT()
  const { user } = useServices()
  const dir = useDirectory()
  const h = useDocRoom(`docpub:${id}`)
  const state = useMemo(() => (h.doc ? readOutgoingState(h.doc) : null), [h.doc, h.version])
  const fields = useMemo(() => (h.doc ? readFields(h.doc) : null), [h.doc, h.version])
  const back = <DocBack onBack={() => history.back()} />
  if (!h.doc || !state || !fields) {
    const waiting = !h.forbidden && (!h.loaded || !h.synced)
    return <DocNotShown back={back} waiting={!!waiting} forbidden={h.forbidden} />
  }
  const unitName = (u: string) => dir.unitName(u)
  return (
    <Card
      variant="borderless"
      title={
        <Space>
          {back}
          <UrgencyTag urgency={fields.urgency} />
          <Typography.Text strong data-testid="doc-title">
            {fields.title}
          </Typography.Text>
          {state.docNumber && <Tag data-testid="doc-number">{state.docNumber}</Tag>}
          {state.status === 'withdrawn' && <Tag color="red">{t('documents.out.withdrawn')}</Tag>}
        </Space>
      }
      extra={<PrintButton doc={h.doc} state={state} fields={fields} />}
    >
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'from', label: t('documents.col.from'), children: dir.unitName(state.header.draftingUnitId) },
          { key: 'at', label: t('documents.out.issued'), children: state.issuedAt ? shanghaiDateTime(state.issuedAt) : '' },
          { key: 'main', label: t('documents.field.mainTo'), children: addresseeNames(fields.mainTo, unitName).join('，') },
          { key: 'copy', label: t('documents.field.copyTo'), children: addresseeNames(fields.copyTo, unitName).join('，') }
        ]}
        style={{ marginBottom: 12 }}
      />
      <RichTextEditor fragment={h.doc.getXmlFragment('body')} awareness={null} user={{ id: user.id, name: user.name }} readOnly data-testid="doc-body" />
      {attachmentLines(fields).length > 0 && (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          {t('documents.field.attachmentNames')}：{attachmentLines(fields).join('；')}
        </Typography.Paragraph>
      )}
      {fields.attachments.length > 0 && <DocFiles room={`docpub:${id}`} files={fields.attachments} testId="doc-pub-files" />}
    </Card>
  )
}
