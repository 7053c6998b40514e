/**
 * Refusal codes of the record size limit (docs/decisions.md, "Cost an attacker
 * can impose"), worded like parts/perf.ts (`kinds.refusal.<CODE>`, looked up by
 * core/sync/reminderText.ts).
 */
export const trustZh = {
  'kinds.refusal.RECORD_FULL': '该记录内容已达上限，不能再添加，请联系管理员'
} as const

export const trustEn: Record<keyof typeof trustZh, string> = {
  'kinds.refusal.RECORD_FULL': 'This record has reached its size limit; nothing more can be added. Please contact the administrator'
}
