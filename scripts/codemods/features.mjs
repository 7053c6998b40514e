#!/usr/bin/env node
/**
 * Codemod, run once by the integrator after the branches are merged (docs/architecture.md, House rules):
 * the renderer by feature.
 *
 *   renderer/src/core/       the sync engine and what every screen stands on: sync/ data/ auth/ platform/
 *                            i18n/ router/ app/ alerts/
 *   renderer/src/features/X/ one folder per feature: pages/X/ → features/X/ (tasks, oversight, admin, setup,
 *                            home, and any page folder a branch adds); tasks/ → features/tasks/; calendar/ →
 *                            features/admin/calendar/; the task components → features/tasks/components/;
 *                            OversightChart → features/oversight/; LoginPage → features/login/
 *   renderer/src/ui/         shared components: the rest of components/, ComingSoon
 *   renderer/src/features/   folders already there (documents, notices) stay where they are
 *
 * Files are moved with `git mv` by folder and name pattern, so files it has never seen move with their
 * folder. Then every import in the repo whose target moved (or whose importer moved) is resolved to
 * its old target and rewritten to the new place: relative within a folder or one level up, else
 * through a path alias. The inbox benchmark's page code leaves src/ for bench/inbox/.
 *
 *   node scripts/codemods/features.mjs [--dry]
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { dirname, posix } from 'node:path'
import { aliasFor } from './aliases.mjs'

const SRC = 'renderer/src'
const CORE = ['sync', 'data', 'auth', 'platform', 'i18n', 'router', 'app', 'alerts']
const TASK_COMPONENTS = /^(Task[A-Z]\w*|ActionForm|Attachment\w*|AuditPanel|EventTimeline)\.(tsx?|css)$/

/** Old repo path → new repo path, or null when the file stays. First rule that matches wins. */
export function destination(path) {
  if (path === `${SRC}/data/inboxBench.ts`) return 'bench/inbox/inboxBench.ts'
  if (!path.startsWith(`${SRC}/`)) return null
  const rel = path.slice(SRC.length + 1)
  const [top, ...rest] = rel.split('/')
  const tail = rest.join('/')
  if (rest.length > 0 && CORE.includes(top)) return `${SRC}/core/${rel}`
  if (top === 'tasks' && rest.length > 0) return `${SRC}/features/tasks/${tail}`
  if (top === 'calendar' && rest.length > 0) return `${SRC}/features/admin/calendar/${tail}`
  if (top === 'pages') {
    if (rest.length === 1) {
      if (/^Login/.test(tail)) return `${SRC}/features/login/${tail}`
      return `${SRC}/ui/${tail}`
    }
    return `${SRC}/features/${tail}`
  }
  if (top === 'components' && rest.length > 0) {
    if (rest.length === 1 && TASK_COMPONENTS.test(tail)) return `${SRC}/features/tasks/components/${tail}`
    if (/^Oversight\w*\.(tsx?|css)$/.test(tail)) return `${SRC}/features/oversight/${tail}`
    return `${SRC}/ui/${tail}`
  }
  return null
}

const EXTS = ['', '.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json', '.css', '/index.ts', '/index.tsx']
const SPEC = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|importActual|doMock)\(\s*|\bimport\s*\{\s*\w+\s*\}\s*from\s*)(['"])([^'"]+)\2/g
const ALIAS_DIRS = [
  ['@renderer/', 'renderer/src/'],
  ['@server/', 'collab-server/'],
  ['@domain/', 'domain/'],
  ['@main/', 'main/'],
  ['@preload/', 'preload/']
]

/** The tracked file an import specifier points at (old tree), with the suffix the specifier left out. */
function target(importer, spec, tracked) {
  let base
  if (spec.startsWith('.')) base = posix.normalize(posix.join(posix.dirname(importer), spec))
  else {
    const a = ALIAS_DIRS.find(([alias]) => spec.startsWith(alias))
    if (!a) return null
    base = a[1] + spec.slice(a[0].length)
  }
  for (const ext of EXTS) if (tracked.has(base + ext)) return { file: base + ext, suffix: ext }
  return null
}

/** How a file at `from` should name `to` (both repo paths; `to` without the left-out suffix). */
function specifier(from, to) {
  let rel = posix.relative(posix.dirname(from), to)
  if (!rel.startsWith('.')) rel = `./${rel}`
  if (rel.startsWith('../../')) return aliasFor(to) ?? rel
  return rel
}

function main() {
  const dry = process.argv.includes('--dry')
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8' })
  const all = git('ls-files').split('\n').filter(Boolean)
  const tracked = new Set(all)
  const moves = new Map()
  for (const f of all) {
    const to = destination(f)
    if (to && to !== f) moves.set(f, to)
  }
  const taken = new Set(all.filter((f) => !moves.has(f)))
  for (const [from, to] of moves) {
    if (taken.has(to)) throw new Error(`features: ${from} → ${to}, but ${to} exists; decide by hand`)
    taken.add(to)
  }

  // Rewrite every source file's imports against the old tree, then move.
  const sources = all.filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.startsWith('scripts/codemods/'))
  const rewritten = new Map()
  for (const f of sources) {
    const src = readFileSync(f, 'utf8')
    const newF = moves.get(f) ?? f
    const out = src.replace(SPEC, (m, pre, q, spec) => {
      const t = target(f, spec, tracked)
      if (!t) return m
      const newT = moves.get(t.file) ?? t.file
      if (newT === t.file && newF === f) return m
      const keep = t.suffix === '' ? newT : newT.slice(0, newT.length - t.suffix.length)
      return `${pre}${q}${specifier(newF, keep)}${q}`
    })
    if (out !== src) rewritten.set(f, out)
  }
  // The inbox benchmark bundles its page code by path.
  const benchEntry = 'bench/inbox.bench.ts'
  if (tracked.has(benchEntry)) {
    const src = rewritten.get(benchEntry) ?? readFileSync(benchEntry, 'utf8')
    const out = src
      .replaceAll('./renderer/src/data/inboxBench', './bench/inbox/inboxBench')
      .replaceAll('bench/inbox/inboxBench.ts', 'bench/inbox/inboxBench.ts')
    if (out !== src) rewritten.set(benchEntry, out)
  }

  if (dry) {
    for (const [from, to] of moves) console.log(`${from} → ${to}`)
    console.log(`features: would move ${moves.size} files and rewrite imports in ${rewritten.size}`)
    return
  }
  for (const [from, to] of moves) {
    mkdirSync(dirname(to), { recursive: true })
    git('mv', from, to)
  }
  for (const [f, text] of rewritten) writeFileSync(moves.get(f) ?? f, text)
  // Folders the moves emptied (git does not track folders).
  const prune = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) prune(`${dir}/${e.name}`)
    if (dir !== SRC && readdirSync(dir).length === 0) rmdirSync(dir)
  }
  prune(SRC)

  // The benchmark's page code is browser code: the web project typechecks it, the node project skips it.
  const tsWeb = 'tsconfig.web.json'
  const tsNode = 'tsconfig.node.json'
  if (existsSync('bench/inbox/inboxBench.ts')) {
    const web = readFileSync(tsWeb, 'utf8')
    if (!web.includes('bench/inbox'))
      writeFileSync(tsWeb, web.replace('"include": ["renderer/src/**/*",', '"include": ["renderer/src/**/*", "bench/inbox/**/*",'))
    const node = readFileSync(tsNode, 'utf8')
    if (!node.includes('bench/inbox')) writeFileSync(tsNode, node.replace('"exclude": [', '"exclude": ["bench/inbox/**/*", '))
  }
  console.log(`features: moved ${moves.size} files, rewrote imports in ${rewritten.size}`)
}

if (import.meta.url === `file://${process.argv[1]}`) main()
