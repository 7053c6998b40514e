/**
 * Errors cross every boundary in the shell as values, never as thrown
 * exceptions: IPC can only carry plain data, and a value with a stable `code`
 * lets the renderer decide what to show (the `message` is for logs and, being
 * Chinese, may be shown as-is).
 */
export type ErrorCode =
  | 'FORBIDDEN_SENDER'
  | 'INVALID_ARGUMENT'
  | 'ENCRYPTION_UNAVAILABLE'
  | 'SECRET_UNREADABLE'
  | 'STORAGE_FAILED'
  | 'NOT_SUPPORTED'
  | 'NO_WINDOW'
  | 'WRITE_FAILED'
  | 'PRINT_FAILED'
  | 'INVALID_CONFIG'
  | 'CONFIG_LOCKED'
  | 'INTERNAL'

export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; code: ErrorCode; message: string }
export type Result<T> = Ok<T> | Err

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, code, message })
