/**
 * 发文字号 and 收文编号: gapless, unique, never reused (docs/decisions.md, "公文 numbering").
 *
 * The real counter is a SQLite row (key → last) incremented in the same transaction that commits
 * the 核发/登记 event, so a rolled-back commit takes its number with it and two clerks issuing at
 * the same moment are serialised by the database. This module is the pure model of that counter:
 * the server's code and the tests use the same rules.
 *
 *   - a number is handed out only when the event that carries it is accepted (no gaps from refusals);
 *   - a record that already has a number keeps it (a retried or duplicated 核发 does not take a second);
 *   - counters only go up: nothing is ever given back, even when a document is later withdrawn.
 */

/** `浠政发〔2026〕12号`. */
export const formatDocNumber = (code: string, year: number, n: number): string => `${code}〔${year}〕${n}号`
/** 收文编号 of one unit: `收〔2026〕7号`. */
export const formatIncomingNumber = (year: number, n: number): string => `收〔${year}〕${n}号`

export const docCounterKey = (code: string, year: number) => `doc:${code}:${year}`
export const incomingCounterKey = (unitId: string, year: number) => `in:${unitId}:${year}`

export interface CounterState {
  /** key → last number given (0 = none yet). */
  last: Record<string, number>
  /** key → recordId → number: what each record got, so a retry gets the same one. */
  given: Record<string, Record<string, number>>
}

export const EMPTY_COUNTERS: CounterState = { last: {}, given: {} }

/**
 * Takes the next number for `recordId` under `key` — or the one it already has. Pure: the caller
 * commits the returned state together with the event (one transaction) or drops both.
 */
export function allocate(state: CounterState, key: string, recordId: string): { n: number; state: CounterState; fresh: boolean } {
  const had = state.given[key]?.[recordId]
  if (had !== undefined) return { n: had, state, fresh: false }
  const n = (state.last[key] ?? 0) + 1
  return {
    n,
    fresh: true,
    state: { last: { ...state.last, [key]: n }, given: { ...state.given, [key]: { ...state.given[key], [recordId]: n } } }
  }
}

/** Gapless and unique: the numbers given under `key` are exactly 1..last, each to one record. */
export function checkCounter(state: CounterState, key: string): { ok: true } | { ok: false; problem: string } {
  const given = Object.values(state.given[key] ?? {}).sort((a, b) => a - b)
  const last = state.last[key] ?? 0
  if (given.length !== last) return { ok: false, problem: `given ${given.length} numbers, counter at ${last}` }
  for (let i = 0; i < given.length; i++) if (given[i] !== i + 1) return { ok: false, problem: `number ${i + 1} missing or repeated` }
  return { ok: true }
}
