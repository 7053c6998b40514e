/** Runs async jobs one after another, so projections into Dexie never interleave. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job)
    this.tail = next.catch((e) => console.error('[sync] projection failed', e))
    return next
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
