import type { IncomingStatus, OutgoingStatus } from './types'

/** Status words as the offices use them (the UI catalogue has the English beside them). */
export const OUTGOING_STATUS_LABEL: Record<OutgoingStatus, string> = {
  drafting: '拟稿中',
  reviewing: '核稿中',
  signing: '待签发',
  signed: '已签发，待核发',
  issued: '已核发',
  withdrawn: '已撤销'
}

export const INCOMING_STATUS_LABEL: Record<IncomingStatus, string> = {
  delivered: '待签收',
  signed: '待登记',
  registered: '待初审',
  returned: '已退回',
  accepted: '待拟办',
  proposed: '待批办',
  handling: '承办中',
  done: '已办结',
  withdrawn: '发文单位已撤回'
}

/** 依据: the rule every refusal of a 密级 cites. */
export const CLASSIFIED_RULE =
  '依据《中华人民共和国保守国家秘密法》，不得使用非涉密信息系统存储、处理国家秘密。本系统为非涉密网络，不能处理标有密级的公文，请通过涉密渠道办理。'
