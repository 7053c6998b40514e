/** The small form each 公文 action needs; one dialog for 发文 and 收文 actions. */
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd'
import type dayjs from 'dayjs'
import { useState } from 'react'
import type { Attachment } from '@domain/document'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'

export type Field = 'reason' | 'text' | 'notice' | 'signer' | 'mode' | 'lead' | 'assist' | 'due' | 'readers' | 'reply' | 'files'

export interface ActionValues {
  reason?: string
  text?: string
  notice?: string
  signerId?: string
  mode?: 'handle' | 'read'
  leadUserId?: string
  assistUserIds?: string[]
  dueDate?: dayjs.Dayjs
  readerIds?: string[]
  reply?: string
  attachments?: Attachment[]
}

export interface DialogSpec {
  title: string
  fields: { name: Field; required?: boolean }[]
  /** People to choose from for signer / lead / assist / readers. */
  people?: { value: string; label: string }[]
  /** The room `files` are uploaded for. */
  room?: string
}

const LABEL: Record<Field, MessageKey> = {
  reason: 'documents.form.reason',
  text: 'documents.form.text',
  notice: 'documents.form.notice',
  signer: 'documents.form.signer',
  mode: 'documents.form.mode',
  lead: 'documents.form.lead',
  assist: 'documents.form.assist',
  due: 'documents.form.due',
  readers: 'documents.form.readers',
  reply: 'documents.form.reply',
  files: 'documents.form.files'
}
const NAME: Record<Field, keyof ActionValues> = {
  reason: 'reason',
  text: 'text',
  notice: 'notice',
  signer: 'signerId',
  mode: 'mode',
  lead: 'leadUserId',
  assist: 'assistUserIds',
  due: 'dueDate',
  readers: 'readerIds',
  reply: 'reply',
  files: 'attachments'
}

export function ActionDialog({ spec, onCancel, onOk }: { spec: DialogSpec | null; onCancel: () => void; onOk: (v: ActionValues) => void }) {
  const t = useT()
  const [form] = Form.useForm<ActionValues>()
  const [uploading, setUploading] = useState(false)
  const ok = async () => {
    if (uploading) return
    const v = await form.validateFields()
    form.resetFields()
    onOk(v)
  }
  return (
    <Modal
      open={!!spec}
      title={spec?.title}
      onCancel={onCancel}
      onOk={ok}
      destroyOnHidden
      okButtonProps={{ ...({ 'data-testid': 'doc-dialog-ok' } as Record<string, string>), disabled: uploading }}
    >
      {spec && (
        <Form form={form} layout="vertical" initialValues={{ mode: 'handle' }}>
          {spec.fields.map(({ name, required }) => {
            const many = name === 'assist' || name === 'readers'
            const rules = required
              ? [
                  many
                    ? { required: true, type: 'array' as const, min: 1, message: t('documents.form.required') }
                    : { required: true, whitespace: name !== 'due', message: t('documents.form.required') }
                ]
              : []
            const label = t(LABEL[name])
            const key = NAME[name]
            switch (name) {
              case 'signer':
              case 'lead':
                return (
                  <Form.Item key={name} name={key} label={label} rules={rules}>
                    <Select showSearch optionFilterProp="label" options={spec.people} data-testid={`doc-field-${name}`} />
                  </Form.Item>
                )
              case 'assist':
              case 'readers':
                return (
                  <Form.Item key={name} name={key} label={label} rules={rules}>
                    <Select mode="multiple" showSearch optionFilterProp="label" options={spec.people} data-testid={`doc-field-${name}`} />
                  </Form.Item>
                )
              case 'mode':
                return (
                  <Form.Item key={name} name={key} label={label}>
                    <Radio.Group
                      options={[
                        { value: 'handle', label: t('documents.form.mode.handle') },
                        { value: 'read', label: t('documents.form.mode.read') }
                      ]}
                    />
                  </Form.Item>
                )
              case 'files':
                return (
                  <Form.Item key={name} name={key} label={label}>
                    <AttachmentUpload room={spec.room ?? ''} onBusyChange={setUploading} testId="doc-dialog-files" />
                  </Form.Item>
                )
              case 'due':
                return (
                  <Form.Item key={name} name={key} label={label}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                )
              default:
                return (
                  <Form.Item key={name} name={key} label={label} rules={[...rules, { max: 5000 }]}>
                    <Input.TextArea rows={3} data-testid={`doc-field-${name}`} />
                  </Form.Item>
                )
            }
          })}
        </Form>
      )}
    </Modal>
  )
}
