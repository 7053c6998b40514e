/** Deadline rules: due dates of 领导交办件, 急办件 and 代办件, and their warning levels. */
export { type TaskClass, type AgencyType, type DeadlineRules, DEFAULT_DEADLINE_RULES } from './rules'
export { type Deadline, type DeadlineError, type DeadlineInput, computeDeadline, isDeadlineError, extendedDeadline } from './deadline'
export { type WarningLevel, type WarningInfo, type WarningInput, warningLevel } from './warning'
