/**
 * Errors cross every boundary in the shell as values, never as thrown
 * exceptions: IPC can only carry plain data, and a value with a stable `code`
 * lets the renderer decide what to show (the `message` is for logs and, being
 * Chinese, may be shown as-is).
 */
export type { ErrorCode, Ok, Err, Result } from '../preload/contract'
import type { ErrorCode, Err, Ok } from '../preload/contract'

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, code, message })
