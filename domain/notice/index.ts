/** 通知公告: the notice record kind (docs/decisions.md, "Notices: rooms the server can guard"). */
export * from './types'
export * from './schema'
export * from './audience'
export * from './rules'
export * from './tally'
export * from './doc'
export * from './kind'
