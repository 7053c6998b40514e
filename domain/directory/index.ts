export * from './types'
export * from './duties'
