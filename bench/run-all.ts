/**
 * npm run bench — runs every benchmark and prints its figures.
 * Figures depend on the machine; these are not tests and assert nothing.
 */
const benches = ['./deadlines.bench.ts', './collab.bench.ts', './inbox.bench.ts', './ops.bench.ts']

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
