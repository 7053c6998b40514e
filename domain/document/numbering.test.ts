/**
 * 发文字号 / 收文编号: gapless, unique, never reused — under two clerks issuing at the same moment,
 * retries, refused and rolled-back commits, and an offline client whose 核发 arrives late. The
 * server serialises commits (one SQLite transaction per group, the counter row inside it); these
 * tests drive the same pure allocator in every order a group can take.
 */
import { describe, expect, it } from 'vitest'
import { County, makeCtx, oev, sh } from './fixtures'
import { allocate, checkCounter, docCounterKey, EMPTY_COUNTERS, formatDocNumber, type CounterState } from './numbering'

/** Several 发文 of 县政府办 sharing one counter, the way the hub's SQLite row is shared. */
class Office {
  counters: CounterState = EMPTY_COUNTERS
  docs = new Map<string, County>()
  /** One commit: check + allocate + apply, or nothing (rollback) when `fail` says the transaction failed. */
  issue(id: string, who: 'clerk' | 'clerk2', at: number, fail = false): string | null {
    const c = this.docs.get(id)!
    c.counters = this.counters
    const before = c.out
    const r = c.send(oev('issue', who), at)
    if (!r.ok) return null
    if (fail) {
      c.out = before // rolled back: the event, the state and the counter row go together
      return null
    }
    this.counters = c.counters
    return c.out!.docNumber!
  }
}

function signedDoc(o: Office, id: string) {
  const c = new County(makeCtx())
  c.draftTo('signed')
  c.out = { ...c.out!, header: { ...c.out!.header, id } }
  o.docs.set(id, c)
}

const T = sh('2026-12-01 10:00')
const KEY = docCounterKey('浠政办发', 2026)

describe('发文字号', () => {
  it('two clerks issuing two documents at the same moment get 1 and 2, in commit order', () => {
    const o = new Office()
    signedDoc(o, 'A')
    signedDoc(o, 'B')
    expect(o.issue('B', 'clerk2', T)).toBe('浠政办发〔2026〕1号')
    expect(o.issue('A', 'clerk', T)).toBe('浠政办发〔2026〕2号')
    expect(checkCounter(o.counters, KEY)).toEqual({ ok: true })
  })
  it('two clerks issuing the same document at once: one number; the second is refused and takes none', () => {
    const o = new Office()
    signedDoc(o, 'A')
    signedDoc(o, 'B')
    expect(o.issue('A', 'clerk', T)).toBe('浠政办发〔2026〕1号')
    expect(o.issue('A', 'clerk2', T)).toBeNull()
    expect(o.issue('B', 'clerk', T + 1)).toBe('浠政办发〔2026〕2号')
  })
  it('a retried allocation for the same record returns its number, never a second one', () => {
    let s = EMPTY_COUNTERS
    const a = allocate(s, KEY, 'A')
    s = a.state
    const again = allocate(s, KEY, 'A')
    expect([a.n, again.n, again.fresh]).toEqual([1, 1, false])
    expect(again.state).toBe(s)
  })
  it('an offline clerk’s 核发 is numbered when the server accepts it, after those accepted meanwhile', () => {
    const o = new Office()
    for (const id of ['OFF', 'X', 'Y']) signedDoc(o, id)
    // OFF was issued offline on Monday; X and Y go through on Tuesday; OFF's event arrives Wednesday.
    expect(o.issue('X', 'clerk', sh('2026-12-01 09:00'))).toBe('浠政办发〔2026〕1号')
    expect(o.issue('Y', 'clerk', sh('2026-12-01 09:05'))).toBe('浠政办发〔2026〕2号')
    expect(o.issue('OFF', 'clerk2', sh('2026-12-02 08:30'))).toBe('浠政办发〔2026〕3号')
  })
  it('numbers restart each Shanghai year, and a withdrawn document keeps its number (never reused)', () => {
    const o = new Office()
    for (const id of ['A', 'B', 'C']) signedDoc(o, id)
    expect(o.issue('A', 'clerk', sh('2026-12-31 23:59'))).toBe('浠政办发〔2026〕1号')
    expect(o.issue('B', 'clerk', sh('2027-01-01 00:01'))).toBe('浠政办发〔2027〕1号')
    const b = o.docs.get('B')!
    expect(b.send(oev('withdraw', 'head', { reason: '内容有误' })).ok).toBe(true)
    expect(b.out!.docNumber).toBe('浠政办发〔2027〕1号')
    expect(o.issue('C', 'clerk', sh('2027-01-02 09:00'))).toBe('浠政办发〔2027〕2号')
  })
  it('gapless and unique under every interleaving: 40 documents, duplicate clicks, refusals and rolled-back commits', () => {
    // A small deterministic PRNG: the same "random" schedule on every run.
    let seed = 20261201
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 20; round++) {
      const o = new Office()
      const ids = Array.from({ length: 40 }, (_, i) => `D${i}`)
      for (const id of ids) signedDoc(o, id)
      // Each document: 1-3 issue attempts by either clerk; some commits fail after the allocation.
      const attempts = ids.flatMap((id) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ id, fail: rnd() < 0.15 })))
      attempts.sort(() => rnd() - 0.5)
      const got = new Map<string, string>()
      let t = T
      for (const a of attempts) {
        const n = o.issue(a.id, rnd() < 0.5 ? 'clerk' : 'clerk2', (t += 1000), a.fail)
        if (n) {
          expect(got.has(a.id), `${a.id} numbered twice`).toBe(false)
          got.set(a.id, n)
        }
      }
      expect(checkCounter(o.counters, KEY)).toEqual({ ok: true })
      const numbers = [...got.values()]
      expect(new Set(numbers).size).toBe(numbers.length)
      expect(numbers.sort((x, y) => parseInt(x.slice(10)) - parseInt(y.slice(10)))).toEqual(numbers.map((_, i) => formatDocNumber('浠政办发', 2026, i + 1)))
    }
  })
  it('checkCounter notices a gap or a repeat', () => {
    expect(checkCounter({ last: { k: 2 }, given: { k: { a: 1, b: 1 } } }, 'k').ok).toBe(false)
    expect(checkCounter({ last: { k: 3 }, given: { k: { a: 1, b: 3 } } }, 'k').ok).toBe(false)
  })
})
