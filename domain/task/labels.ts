import type { WarningLevel } from '../deadline'
import type { TaskEventType, TaskStatus } from './types'

/** Chinese verbs for audit summaries ("清泉镇 张三 签收"). UI labels live in the renderer catalogue. */
export const EVENT_VERB_ZH: Record<TaskEventType, string> = {
  assign: '交办',
  sign: '签收',
  progress: '反馈进展',
  chase: '催办',
  extension_request: '申请延期',
  extension_decision: '审批延期',
  completion_report: '报送办结',
  accept: '审核办结',
  return: '退回重办',
  cancel: '撤销',
  correct: '更正'
}

export const STATUS_ZH: Record<TaskStatus, string> = {
  assigned: '待签收',
  in_progress: '办理中',
  reported: '待审核',
  closed: '已办结',
  cancelled: '已撤销'
}

/** Warning levels as the discipline commission reads them in a trail ("预警由正常变为临期（黄色）"). */
export const WARNING_ZH: Record<WarningLevel, string> = {
  normal: '正常',
  yellow: '临期（黄色）',
  red: '超期（红色）',
  done_on_time: '按期办结',
  done_late: '逾期办结',
  cancelled: '已撤销'
}
