#!/usr/bin/env node
/**
 * Codemod, run once by the integrator after the branches are merged (docs/architecture.md, House rules):
 * every relative import that climbs two or more folders (`../../x`) becomes a path alias of
 * tsconfig.base.json. Imports within a folder or one level up stay relative.
 *
 *   node scripts/codemods/aliases.mjs [--dry]
 *
 * It touches import/export-from specifiers, dynamic import(), vi.mock() and vi.importActual() of
 * tracked .ts/.tsx files, and nothing else. Idempotent: a second run changes nothing.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'

export const ALIASES = [
  ['@renderer', 'renderer/src'],
  ['@server', 'collab-server'],
  ['@domain', 'domain'],
  ['@main', 'main'],
  ['@preload', 'preload']
]

/** Repo-relative target (posix) → alias specifier, or null when no alias covers it. */
export function aliasFor(target) {
  for (const [alias, dir] of ALIASES) {
    if (target === dir) return alias
    if (target.startsWith(`${dir}/`)) return `${alias}${target.slice(dir.length)}`
  }
  return null
}

const SPEC = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|importActual|doMock)\(\s*)(['"])(\.\.\/\.\.\/[^'"]*)\2/g

/** Rewrites one file's text; `file` is repo-relative. */
export function rewrite(file, src, root) {
  return src.replace(SPEC, (m, pre, q, spec) => {
    const target = relative(root, resolve(root, dirname(file), spec))
      .split('\\')
      .join('/')
    const to = aliasFor(target)
    return to ? `${pre}${q}${to}${q}` : m
  })
}

function main() {
  const root = process.cwd()
  const dry = process.argv.includes('--dry')
  const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  let changed = 0
  for (const f of files) {
    const src = readFileSync(f, 'utf8')
    const out = rewrite(f, src, root)
    if (out === src) continue
    changed++
    if (dry) console.log(f)
    else writeFileSync(f, out)
  }
  console.log(`aliases: ${dry ? 'would rewrite' : 'rewrote'} imports in ${changed} files`)
}

if (import.meta.url === `file://${process.argv[1]}`) main()
