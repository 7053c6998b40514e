/** Errors cross boundaries as values: a stable code for machines, a message for people. */
export interface DomainError {
  code: string
  /** Chinese, shown to users as is. */
  message: string
}

/** The one Result shape: a value, or an error with a stable code (a DomainError unless a layer says otherwise). */
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: string, message: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: { code, message }
})
