/** Buttons from availableActions(): the same rules the server enforces decide what shows. */
import { App, Button, Form, Modal, Space } from 'antd'
import { useState } from 'react'
import type * as Y from 'yjs'
import type { Actor } from '@domain/directory'
import type { TaskEvent, TaskEventType, TaskMeta, TaskState } from '@domain/task/types'
import { availableActions } from '@domain/task/workflow'
import { useServices } from '@renderer/core/app/context'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { act } from '../commands'
import { ActionForm, ONE_CLICK, WITH_ATTACHMENTS, type ActionValues } from './ActionForm'

type Action = Exclude<TaskEventType, 'assign'>

const PRIMARY: readonly TaskEventType[] = ['sign', 'accept', 'completion_report', 'extension_decision']
const DANGER: readonly TaskEventType[] = ['return', 'cancel']

interface Props {
  doc: Y.Doc
  meta: TaskMeta
  state: TaskState
  me: Actor
  dir: DirectoryView
}

export function TaskActions({ doc, meta, state, me, dir }: Props) {
  const t = useT()
  const { message, modal } = App.useApp()
  const { manager, session } = useServices()
  const [open, setOpen] = useState<Action | null>(null)
  const ctx = manager.taskContext()
  const actions = availableActions(meta, state, me, session.now(), ctx) as Action[]
  if (actions.length === 0) return null

  const run = (type: Action, payload?: TaskEvent['payload']) => {
    const r = act(doc, meta, state, me, type, payload, ctx, session.now())
    if (!r.ok) {
      message.error(r.error.message)
      return false
    }
    message.success(t(manager.snapshot().status === 'online' ? 'action.done' : 'action.doneOffline'))
    return true
  }

  const click = (type: Action) => {
    if (type === 'sign') return void run('sign')
    if (ONE_CLICK.includes(type)) {
      return void modal.confirm({ title: t(`action.${type}`), okText: t('form.submit'), cancelText: t('form.cancel'), onOk: () => void run(type) })
    }
    setOpen(type)
  }

  return (
    <>
      <Space wrap data-testid="task-actions">
        {actions.map((a) => (
          <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => click(a)} data-testid={`action-${a}`}>
            {t(`action.${a}`)}
          </Button>
        ))}
      </Space>
      {open && <ActionDialog type={open} meta={meta} state={state} dir={dir} onClose={() => setOpen(null)} onSubmit={(p) => run(open, p)} />}
    </>
  )
}

/** Mounted only while open, so its form always belongs to a rendered Form. */
function ActionDialog(props: {
  type: Action
  meta: TaskMeta
  state: TaskState
  dir: DirectoryView
  onClose: () => void
  onSubmit: (p: TaskEvent['payload']) => boolean
}) {
  const { type, meta, state, dir, onClose, onSubmit } = props
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<ActionValues>()
  const [uploading, setUploading] = useState(false)
  const submit = async () => {
    if (uploading) return void message.warning(t('attach.uploading'))
    let v: ActionValues
    try {
      v = await form.validateFields()
    } catch {
      return // the form shows what is missing; nothing is left unhandled
    }
    const pendingReq = state.extensions.find((x) => !x.decision && !x.lapsed)
    const payload: TaskEvent['payload'] = {
      text: v.text,
      reason: v.reason,
      proposedDate: v.proposedDate?.format('YYYY-MM-DD'),
      ...(type === 'extension_decision' ? { granted: v.granted !== false, requestId: pendingReq?.requestId } : {}),
      ...(type === 'chase' ? { targetUnitId: v.targetUnitId } : {}),
      ...(type === 'correct' && v.title ? { title: v.title } : {}),
      ...(WITH_ATTACHMENTS.includes(type) && v.attachments?.length ? { attachments: v.attachments } : {})
    }
    if (onSubmit(payload)) onClose()
  }
  return (
    <Modal
      open
      title={t(`action.${type}`)}
      okText={t('form.submit')}
      cancelText={t('form.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'action-submit', disabled: uploading }}
    >
      <ActionForm type={type} form={form} meta={meta} state={state} dir={dir} onUploadingChange={setUploading} />
    </Modal>
  )
}
