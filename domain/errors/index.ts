/** Errors cross boundaries as values: a stable code for machines, a message for people. */
export interface DomainError {
  code: string
  /** Chinese, shown to users as is. */
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: string, message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: { code, message }
})
