/**
 * npm run bench [-- <area> …] — runs the benchmarks of the areas named (all by
 * default) and prints their figures as `BENCH <area>.<metric> <value> <unit>`.
 * Figures depend on the machine; these are not tests and assert nothing.
 */
const AREAS: Record<string, string[]> = {
  deadlines: ['./deadlines.bench.ts'],
  collab: ['./collab.bench.ts'],
  inbox: ['./inbox.bench.ts'],
  trust: ['./trust.bench.ts', './attack.bench.ts'],
  notices: ['./notices.bench.ts'],
  documents: ['./documents.bench.ts'],
  tasks: ['./tasks.bench.ts'],
  ops: ['./ops.bench.ts'],
  history: ['./history.bench.ts']
}

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = asked.filter((a) => !AREAS[a])
if (unknown.length) {
  console.error(`unknown bench area: ${unknown.join(', ')} (areas: ${Object.keys(AREAS).join(', ')})`)
  process.exit(2)
}
const benches = (asked.length ? asked : Object.keys(AREAS)).flatMap((a) => AREAS[a])

for (const b of benches) {
  let mod: { main?: () => Promise<void> }
  try {
    mod = await import(b)
  } catch (e) {
    console.log(`${b}: not available (${(e as Error).message.split('\n')[0]})`)
    continue
  }
  console.log(`\n== ${b}`)
  await mod.main?.()
}
process.exit(0)
export {}
