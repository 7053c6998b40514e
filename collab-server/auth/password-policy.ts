/**
 * The county's password rules (docs/deploy.md, "Accounts"): a minimum length,
 * a number of character classes, and no reuse of the last N passwords.
 * Pure: reuse is checked by the caller against stored hashes.
 */
export interface PasswordPolicy {
  minLength: number
  /** Of: lower case, upper case, digits, other characters. */
  minClasses: number
  /** The new password may not equal any of the last N. */
  noReuse: number
  /** Days after which a password must be changed; 0 = never. */
  maxAgeDays: number
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3, noReuse: 5, maxAgeDays: 0 }

export type PolicyProblem = { code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_SIMPLE' | 'PASSWORD_TOO_LONG'; message: string }

export function checkPasswordShape(pw: string, p: PasswordPolicy): PolicyProblem | null {
  if (pw.length > 256) return { code: 'PASSWORD_TOO_LONG', message: '密码不能超过256个字符' }
  if ([...pw].length < p.minLength) return { code: 'PASSWORD_TOO_SHORT', message: `密码至少${p.minLength}个字符` }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length
  if (classes < p.minClasses) return { code: 'PASSWORD_TOO_SIMPLE', message: `密码须包含小写字母、大写字母、数字、符号中的至少${p.minClasses}类` }
  return null
}
