/**
 * 交办: a leader assigns a task (or 督查室 records one for a leader: 代录). The form
 * previews the deadline the server will compute; the leader may set an earlier date,
 * never a later one (docs/decisions.md). The server computes and checks again.
 */
import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { hasRole } from '@domain/directory'
import { shanghaiDate } from '@domain/calendar'
import { ruleDeadline } from '@domain/task/issue'
import { WorkDayPicker, dayMark } from '@renderer/ui/WorkDayPicker'
import { useDirectory } from '@renderer/core/data/hooks'
import { useServices } from '@renderer/core/app/context'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { useAgencyTypes } from '../admin/calendar/useCalendarRoom'
import { UnitSelect } from '@renderer/ui/UnitSelect'
import { useT } from '@renderer/core/i18n'
import { navigate } from '@renderer/core/router/hash'
import { taskRoom } from './attachments'
import { createTask, newId, type NewTaskFields } from './commands'

/** Mounted only while open (its form must always belong to a rendered Form). */
export function AssignModal({ onClose }: { onClose: () => void }) {
  const t = useT()
  // The county's 代办件 table (calendar room, admin-edited), else the defaults.
  const agencyTypes = useAgencyTypes()
  const { message } = App.useApp()
  const { manager, user, session } = useServices()
  const dir = useDirectory()
  const [form] = Form.useForm<NewTaskFields & { earlier?: boolean; dueByDay?: Dayjs }>()
  // 代录: a supervisor who is not a leader records for one.
  const proxy = !hasRole(user, 'leader') && hasRole(user, 'supervisor')
  const leaders = [...dir.people.values()].filter((p) => p.roles.includes('leader'))
  const [busy, setBusy] = useState(false)
  // Chosen now: attachments are uploaded for the task's room before the task exists.
  const [taskId] = useState(newId)
  const [uploading, setUploading] = useState(false)
  const taskClass = Form.useWatch('taskClass', form)
  const lead = Form.useWatch('leadUnitId', form)
  const agencyType = Form.useWatch('agencyType', form)
  const earlier = Form.useWatch('earlier', form)
  const ctx = manager.taskContext()
  const now = session.now()
  const today = shanghaiDate(now)
  // What the server will compute if it receives the task now.
  const rule = taskClass && (taskClass !== 'agency' || agencyType) ? ruleDeadline({ taskClass, agencyType }, now, ctx.cal, ctx.rules) : null
  const ruleDate = rule && 'dueDate' in rule ? rule.dueDate : null
  const checkDueBy = async (_: unknown, v: Dayjs | undefined) => {
    if (!v) return
    const d = v.format('YYYY-MM-DD')
    if (d < today) throw new Error(t('tasks.assign.pastDate'))
    if (ruleDate && d > ruleDate) throw new Error(t('tasks.assign.tooLate', { date: ruleDate }))
    if (dayMark(ctx.cal, d, v.day()).mark === 'off' || !ctx.cal.isWorkingDay(d)) throw new Error(t('tasks.assign.dayOff', { date: d }))
  }

  const submit = async () => {
    if (uploading) return void message.warning(t('attach.uploading'))
    let f: NewTaskFields & { earlier?: boolean; dueByDay?: Dayjs }
    try {
      f = await form.validateFields()
    } catch {
      return // the form shows what is missing; nothing is left unhandled
    }
    setBusy(true)
    try {
      const me = manager.actorOf(user.id) ?? { userId: user.id, unitId: user.unitId, roles: user.roles, name: user.name }
      const { earlier: early, dueByDay, ...fields } = f
      const r = await createTask(
        manager,
        me,
        {
          ...fields,
          requirement: f.requirement ?? '',
          assistUnitIds: f.assistUnitIds ?? [],
          attachments: f.attachments ?? [],
          ...(early && dueByDay ? { dueBy: dueByDay.format('YYYY-MM-DD') } : {})
        },
        taskId,
        session.now()
      )
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
        {proxy && (
          <Form.Item
            name="forLeaderId"
            label={t('tasks.assign.proxyLeader')}
            extra={t('tasks.assign.proxyHint')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select data-testid="assign-for-leader" options={leaders.map((p) => ({ value: p.id, label: `${p.name} ${p.title ?? ''}` }))} />
          </Form.Item>
        )}
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
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="assign-rule-deadline"
          data-date={ruleDate ?? ''}
          title={ruleDate ? t('tasks.assign.rule', { date: ruleDate }) : t('tasks.assign.ruleUnknown')}
        />
        <Form.Item name="earlier" valuePropName="checked" style={{ marginBottom: earlier ? 8 : undefined }}>
          <Checkbox data-testid="assign-earlier">{t('tasks.assign.earlier')}</Checkbox>
        </Form.Item>
        {earlier && (
          <Form.Item
            name="dueByDay"
            label={t('tasks.assign.dueBy')}
            extra={t('tasks.assign.dueByHint')}
            dependencies={['taskClass', 'agencyType']}
            rules={[{ required: true, message: t('form.required') }, { validator: checkDueBy }]}
          >
            <WorkDayPicker cal={ctx.cal} data-testid="assign-due-by" style={{ width: 220 }} />
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
