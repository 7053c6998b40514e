/**
 * Deadline rules, configurable per county. Defaults follow the
 * county's 限时办结 rules summarised in domain.md, "Time limits".
 */

/** 领导交办件 (standard), 急办件 (urgent), 代办件 (agency, limit per item type). */
export type TaskClass = 'standard' | 'urgent' | 'agency'

export interface AgencyType {
  /** User-facing, Chinese. */
  label: string
  workingDays: number
}

export interface DeadlineRules {
  /** 领导交办件: within 15 working days (domain.md). */
  standardWorkingDays: number
  /** Yellow warning when at most this many working days remain. */
  yellowWithinWorkingDays: number
  /** 代办件: the time the rules prescribe for each item type, edited by an admin. */
  agencyTypes: Record<string, AgencyType>
  /** How many times one item's deadline may be extended. */
  maxExtensions: number
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  standardWorkingDays: 15,
  yellowWithinWorkingDays: 3,
  // Internal handling targets, to be set by each county: they are not the statutory limits of
  // the underlying procedures (e.g. 《信访工作条例》 allows 60 days to conclude a petition).
  agencyTypes: {
    letter: { label: '函件办理', workingDays: 5 },
    petition: { label: '信访件转办', workingDays: 10 },
    proposal: { label: '建议提案办理', workingDays: 20 }
  },
  maxExtensions: 2
}
