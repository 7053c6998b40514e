/**
 * npm run bench — runs every benchmark and prints its figures.
 * npm run bench -- <area> [<area>…] — only those (e.g. `npm run bench -- trust`).
 * Figures depend on the machine; these are not tests and assert nothing.
 */
const all: Record<string, string> = {
  deadlines: './deadlines.bench.ts',
  collab: './collab.bench.ts',
  inbox: './inbox.bench.ts',
  trust: './trust.bench.ts',
  history: './history.bench.ts'
}
const wanted = process.argv.slice(2).filter((a) => a !== '--')
const unknown = wanted.filter((a) => !(a in all))
if (unknown.length) {
  console.error(`unknown bench area ${unknown.join(', ')}; known: ${Object.keys(all).join(', ')}`)
  process.exit(2)
}
const benches = wanted.length ? wanted.map((a) => all[a]!) : Object.values(all)

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
