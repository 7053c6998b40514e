/**
 * County-configurable limits of the 公文 workflow. The admin sets the working days for 加急 and for
 * an ordinary 办件; 特急 is always due the same working day (issue: "特急 is due the same working day").
 */
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from '../deadline'
import type { WorkCalendar } from '../calendar'
import type { Person, Unit } from '../directory'

export interface DocumentRules extends Pick<DeadlineRules, 'yellowWithinWorkingDays'> {
  /** 加急: due within this many working days of 批办. */
  jiajiWorkingDays: number
  /** A 办件 without urgency. */
  defaultWorkingDays: number
  /** 催办 and 提醒签收: at most once per this interval per record (and target unit). */
  chaseMinIntervalMs: number
  /** …and at most this many per Shanghai calendar day. */
  chasePerDay: number
  maxTitleLength: number
  maxTextLength: number
  maxReaders: number
}

export const DEFAULT_DOCUMENT_RULES: DocumentRules = {
  yellowWithinWorkingDays: DEFAULT_DEADLINE_RULES.yellowWithinWorkingDays,
  jiajiWorkingDays: 3,
  defaultWorkingDays: 10,
  chaseMinIntervalMs: 10 * 60 * 1000,
  chasePerDay: 3,
  maxTitleLength: 200,
  maxTextLength: 5000,
  maxReaders: 100
}

/** Per-unit document data, kept in the directory (never in code): 发文代字 and 发文机关标志. */
export interface UnitDocProfile {
  /** 发文代字, e.g. 浠政发 / 浠政办发. */
  docCode?: string
  /** 发文机关标志 as printed in red, e.g. "浠水县人民政府文件". */
  issuerMark?: string
  /** 署名 / 印发机关 name, e.g. "浠水县人民政府办公室". */
  formalName?: string
}

export interface DocumentContext {
  cal: WorkCalendar
  rules: DocumentRules
  units: readonly Unit[]
  personOf: (userId: string) => Person | undefined
  profileOf: (unitId: string) => UnitDocProfile | undefined
  /** Deployment flag: this network is approved for classified information (涉密网络). */
  classifiedAllowed: boolean
}
