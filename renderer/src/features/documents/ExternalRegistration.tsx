/** 外来文登记: a document from outside the county (市, 省) entered by the clerk; it then follows the 收文 steps. */
import { Form, Input, Modal, Radio, Select } from 'antd'
import { useEffect, useState } from 'react'
import { DOC_TYPES, incomingId, type Attachment } from '@domain/document'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import { newExternalRef, registerExternal } from './commands'

interface Values {
  fromOrg: string
  docNumber: string
  title: string
  urgency: 'none' | 'jiaji' | 'teji'
  docType?: (typeof DOC_TYPES)[number]
  /** The scan or file, uploaded for this 收文's room as soon as it is picked. */
  attachments?: Attachment[]
}

export function ExternalRegistration({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT()
  const { manager, user } = useServices()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [uploading, setUploading] = useState(false)
  // The record's id is chosen when the form opens: the scan is uploaded for its room before it exists.
  const [id, setId] = useState(() => incomingId(user.unitId, newExternalRef()))
  useEffect(() => {
    if (open) setId(incomingId(user.unitId, newExternalRef()))
  }, [open, user.unitId])
  const submit = async () => {
    const v = await form.validateFields()
    if (uploading) return
    setBusy(true)
    const name = `docin:${id}`
    const room = manager.acquire(name)
    await room.whenLoaded()
    registerExternal(room.doc, { userId: user.id, unitId: user.unitId }, id, {
      ...v,
      fromOrg: v.fromOrg.trim(),
      docNumber: v.docNumber.trim(),
      title: v.title.trim(),
      attachments: v.attachments ?? []
    })
    manager.release(name)
    setBusy(false)
    form.resetFields()
    onClose()
    navigate(`/documents/in/${id}`)
  }
  const req = [{ required: true, whitespace: true, message: t('documents.form.required') }]
  return (
    <Modal
      open={open}
      title={t('documents.external')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: uploading }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ urgency: 'none' }}>
        <Form.Item name="fromOrg" label={t('documents.form.fromOrg')} rules={[...req, { max: 100 }]}>
          <Input data-testid="ext-from" />
        </Form.Item>
        <Form.Item name="docNumber" label={t('documents.form.docNumber')} rules={[...req, { max: 60 }]}>
          <Input data-testid="ext-number" placeholder="黄政办发〔2026〕8号" />
        </Form.Item>
        <Form.Item name="title" label={t('documents.field.title')} rules={[...req, { max: 200 }]}>
          <Input data-testid="ext-title" />
        </Form.Item>
        <Form.Item name="docType" label={t('documents.field.docType')}>
          <Select allowClear options={DOC_TYPES.map((d) => ({ value: d, label: d }))} />
        </Form.Item>
        <Form.Item name="urgency" label={t('documents.field.urgency')}>
          <Radio.Group options={(['none', 'jiaji', 'teji'] as const).map((u) => ({ value: u, label: t(`documents.urgency.${u}`) }))} />
        </Form.Item>
        <Form.Item name="attachments" label={t('documents.form.scan')}>
          <AttachmentUpload key={id} room={`docin:${id}`} onBusyChange={setUploading} testId="ext-files" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
