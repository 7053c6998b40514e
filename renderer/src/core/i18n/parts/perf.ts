/**
 * Refusal codes added with the per-person limits (docs/decisions.md, "Cost an
 * attacker can impose"). The keys follow the refusal wording scheme of
 * parts/kinds.ts (`kinds.refusal.<CODE>`, looked up by sync/reminderText.ts).
 */
export const perfZh = {
  'kinds.refusal.CLIENT_ID_TAKEN': '该客户端编号已被他人使用，请刷新页面后重试',
  'kinds.refusal.QUOTA': '提交过于频繁或内容过多，请稍后再试',
  'kinds.refusal.WRONG_ROOM': '记录编号与所在房间不符，已拒绝'
} as const

export const perfEn: Record<keyof typeof perfZh, string> = {
  'kinds.refusal.CLIENT_ID_TAKEN': 'This client id is already used by someone else; reload the page and try again',
  'kinds.refusal.QUOTA': 'Too many or too large changes; please try again shortly',
  'kinds.refusal.WRONG_ROOM': "The record's id does not match its room; refused"
}
