/** The small form each task action needs (反馈, 催办, 延期申请 …). */
import { Form, Input, Radio, Select, type FormInstance } from 'antd'
import dayjs from 'dayjs'
import type { Attachment, TaskEventType, TaskMeta, TaskState } from '@domain/task/types'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import { taskRoom } from '../attachments'
import { AttachmentUpload } from '@renderer/ui/attachments'
import { WorkDayPicker } from '@renderer/ui/WorkDayPicker'
import { shanghaiDate } from '@domain/calendar'
import { useServices } from '@renderer/core/app/context'

export interface ActionValues {
  text?: string
  reason?: string
  title?: string
  proposedDate?: dayjs.Dayjs
  granted?: boolean
  targetUnitId?: string
  attachments?: Attachment[]
}

/** Actions whose event may carry files (反馈, 办结报告, 延期申请). */
export const WITH_ATTACHMENTS: readonly TaskEventType[] = ['progress', 'completion_report', 'extension_request']

/** Actions done with one click (no fields). */
export const ONE_CLICK: readonly TaskEventType[] = ['sign']

const TEXT_LABEL: Partial<Record<TaskEventType, MessageKey>> = {
  progress: 'form.progressText',
  chase: 'form.chaseText',
  extension_decision: 'form.comment',
  completion_report: 'form.completionText',
  // 审核办结 takes an optional 意见.
  accept: 'tasks.accept.comment',
  correct: 'tasks.correct.requirement'
}
const REASON_LABEL: Partial<Record<TaskEventType, MessageKey>> = {
  extension_request: 'form.reason',
  return: 'form.returnReason',
  cancel: 'form.cancelReason',
  correct: 'tasks.correct.reason'
}

export function ActionForm(props: {
  type: TaskEventType
  form: FormInstance<ActionValues>
  meta: TaskMeta
  state: TaskState
  dir: DirectoryView
  /** Told while attachments are still uploading, so the dialog can wait. */
  onUploadingChange?: (busy: boolean) => void
}) {
  const { type, form, meta, state, dir, onUploadingChange } = props
  const t = useT()
  const { manager, session } = useServices()
  const cal = manager.taskContext().cal
  const today = shanghaiDate(session.now())
  const required = [{ required: true, whitespace: true, message: t('form.required') }, { max: 5000 }]
  const textLabel = TEXT_LABEL[type]
  const reasonLabel = REASON_LABEL[type]
  const textRequired = type === 'progress' || type === 'completion_report'
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid={`action-form-${type}`}
      initialValues={{
        granted: true,
        targetUnitId: meta.leadUnitId,
        ...(type === 'correct' ? { title: state.corrected?.title ?? meta.title, text: state.corrected?.requirement ?? meta.requirement } : {})
      }}
    >
      {type === 'chase' && (
        <Form.Item name="targetUnitId" label={t('form.chaseTarget')}>
          <Select options={[meta.leadUnitId, ...meta.assistUnitIds].map((u) => ({ value: u, label: dir.unitName(u) }))} />
        </Form.Item>
      )}
      {type === 'extension_request' && (
        <Form.Item
          name="proposedDate"
          label={t('form.proposedDate')}
          rules={[
            { required: true, message: t('form.required') },
            {
              // A date too early is explained, not hidden (the server applies the same rule).
              validator: async (_: unknown, d?: dayjs.Dayjs) => {
                if (!d) return
                const v = d.format('YYYY-MM-DD')
                if (v <= state.deadline.dueDate || v <= today) throw new Error(t('tasks.ext.notAfter', { date: state.deadline.dueDate }))
                if (v > dayjs(today).add(366, 'day').format('YYYY-MM-DD')) throw new Error(t('tasks.ext.tooFar'))
              }
            }
          ]}
        >
          <WorkDayPicker
            cal={cal}
            data-testid="field-proposed-date"
            style={{ width: '100%' }}
            defaultPickerValue={dayjs(state.deadline.dueDate).add(7, 'day')}
          />
        </Form.Item>
      )}
      {type === 'extension_decision' && (
        <Form.Item name="granted" label={t('form.decision')}>
          <Radio.Group data-testid="field-granted">
            <Radio value={true}>{t('form.grant')}</Radio>
            <Radio value={false}>{t('form.refuse')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      {type === 'correct' && (
        <Form.Item name="title" label={t('tasks.correct.title')} rules={[{ max: 200 }]}>
          <Input data-testid="field-title" maxLength={200} />
        </Form.Item>
      )}
      {reasonLabel && (
        <Form.Item name="reason" label={t(reasonLabel)} rules={required}>
          <Input.TextArea data-testid="field-reason" autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      )}
      {textLabel && (
        <Form.Item name="text" label={t(textLabel)} rules={textRequired ? required : [{ max: 5000 }]}>
          <Input.TextArea data-testid="field-text" autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      )}
      {WITH_ATTACHMENTS.includes(type) && (
        <Form.Item name="attachments" label={t('attach.label')}>
          <AttachmentUpload room={taskRoom(meta.id)} onBusyChange={onUploadingChange} testId="field-attachments" />
        </Form.Item>
      )}
    </Form>
  )
}
