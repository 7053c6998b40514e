import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../deadline'

/** County-configurable limits on the task workflow (domain.md: 催办 is limited so it does not become spam). */
export interface TaskRules extends DeadlineRules {
  /** 催办: at most once per this interval per task and chased unit. */
  chaseMinIntervalMs: number
  /** 催办: at most this many per task, chased unit and Shanghai calendar day. */
  chasePerDay: number
  maxTitleLength: number
  maxTextLength: number
  maxAssistUnits: number
}

export const DEFAULT_TASK_RULES: TaskRules = {
  ...DEFAULT_DEADLINE_RULES,
  chaseMinIntervalMs: 10 * 60 * 1000,
  chasePerDay: 3,
  maxTitleLength: 200,
  maxTextLength: 5000,
  maxAssistUnits: 63
}
