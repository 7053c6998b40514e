/** 交办: a leader assigns a task. The deadline is the server's (computed from its receipt time). */
import { App, Form, Input, Modal, Radio, Select, Typography } from 'antd'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { AttachmentUpload } from '../../components/AttachmentUpload'
import { useAgencyTypes } from '../../calendar/useCalendarRoom'
import { UnitSelect } from '../../components/UnitSelect'
import { useT } from '../../i18n'
import { navigate } from '../../router/hash'
import { taskRoom } from '../../tasks/attachments'
import { createTask, newId, type NewTaskFields } from '../../tasks/commands'

/** Mounted only while open (its form must always belong to a rendered Form). */
export function AssignModal({ onClose }: { onClose: () => void }) {
  const t = useT()
  // The county's 代办件 table (calendar room, admin-edited), else the defaults.
  const agencyTypes = useAgencyTypes()
  const { message } = App.useApp()
  const { manager, user } = useServices()
  const [form] = Form.useForm<NewTaskFields>()
  const [busy, setBusy] = useState(false)
  // Chosen now: attachments are uploaded for the task's room before the task exists.
  const [taskId] = useState(newId)
  const [uploading, setUploading] = useState(false)
  const taskClass = Form.useWatch('taskClass', form)
  const lead = Form.useWatch('leadUnitId', form)

  const submit = async () => {
    if (uploading) return void message.warning(t('attach.uploading'))
    const f = await form.validateFields()
    setBusy(true)
    try {
      const me = manager.actorOf(user.id) ?? { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
      const r = await createTask(manager, me, { ...f, requirement: f.requirement ?? '', assistUnitIds: f.assistUnitIds ?? [], attachments: f.attachments ?? [] }, taskId)
      if (!r.ok) {
        message.error(r.error.message)
        return
      }
      message.success(t('form.assigned', { title: f.title }))
      onClose()
      navigate(`/tasks/${r.id}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open
      title={t('form.assignTitle')}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      width={640}
      okButtonProps={{ 'data-testid': 'assign-submit', disabled: uploading }}
    >
      <Form form={form} layout="vertical" initialValues={{ taskClass: 'standard', assistUnitIds: [] }} data-testid="assign-form">
        <Form.Item name="title" label={t('form.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 200 }]}>
          <Input data-testid="assign-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="requirement" label={t('form.requirement')} rules={[{ max: 5000 }]}>
          <Input.TextArea data-testid="assign-requirement" autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item name="taskClass" label={t('form.class')}>
          <Radio.Group data-testid="assign-class">
            <Radio.Button value="standard">{t('class.standard')}</Radio.Button>
            <Radio.Button value="urgent">{t('class.urgent')}</Radio.Button>
            <Radio.Button value="agency">{t('class.agency')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {taskClass === 'agency' && (
          <Form.Item name="agencyType" label={t('form.agencyType')} rules={[{ required: true, message: t('form.required') }]}>
            <Select
              data-testid="assign-agency-type"
              options={Object.entries(agencyTypes).map(([k, v]) => ({ value: k, label: t('form.agencyOption', { label: v.label, days: v.workingDays }) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="leadUnitId" label={t('form.leadUnit')} rules={[{ required: true, message: t('form.required') }]}>
          <UnitSelect testId="assign-lead" />
        </Form.Item>
        <Form.Item name="assistUnitIds" label={t('form.assistUnits')}>
          <UnitSelect multiple exclude={lead ? [lead] : []} testId="assign-assist" />
        </Form.Item>
        <Form.Item name="attachments" label={t('attach.assignLabel')}>
          <AttachmentUpload room={taskRoom(taskId)} onBusyChange={setUploading} testId="assign-attachments" />
        </Form.Item>
        <Typography.Text type="secondary">{t('form.assignHint')}</Typography.Text>
      </Form>
    </Modal>
  )
}
