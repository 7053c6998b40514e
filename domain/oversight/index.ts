export * from './efficiency'
