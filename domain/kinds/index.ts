/**
 * Room kinds, shared by server and client (docs/architecture.md).
 * `KINDS` is the registry every layer consults; a new kind is one `KINDS.register(...)`.
 */
import { builtinRegistry } from './builtin'

export * from './types'
export * from './registry'
export * from './builtin'
export * from './task'

export const KINDS = builtinRegistry()
export * from './archive'
