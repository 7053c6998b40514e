/**
 * Reads the machine and user config files and writes the user's. The shell
 * never writes the machine file: that is the installer's or the
 * administrator's (docs/desktop.md, "Configuration").
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { type ConfigFile, type ConfigPaths, type ConfigProblem, parseConfigFile } from './config-files'

export interface LoadedFiles {
  machine: ConfigFile
  user: ConfigFile
  problems: ConfigProblem[]
}

function readOne(file: string, read: (f: string) => string): { config: ConfigFile; problems: ConfigProblem[] } {
  let text: string
  try {
    text = read(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { config: {}, problems: [] }
    return { config: {}, problems: [{ file, message: `无法读取：${code ?? String(e)}` }] }
  }
  return parseConfigFile(text, file)
}

/** Synchronous: the shell needs its proxy and server before the first window. */
export function loadConfigFiles(paths: ConfigPaths, read: (f: string) => string = (f) => readFileSync(f, 'utf8')): LoadedFiles {
  const machine = readOne(paths.machine, read)
  const user = readOne(paths.user, read)
  return { machine: machine.config, user: user.config, problems: [...machine.problems, ...user.problems] }
}

/**
 * Merges `patch` into the user's file (other fields, even ones this version
 * does not know, are kept) and replaces it atomically.
 */
export async function updateUserConfig(file: string, patch: Partial<ConfigFile>): Promise<void> {
  let current: Record<string, unknown> = {}
  try {
    const parsed = JSON.parse((await readFile(file, 'utf8')).replace(/^\ufeff/, '')) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed as Record<string, unknown>
  } catch {
    /* missing or unreadable: start afresh */
  }
  const next: Record<string, unknown> = { ...current, ...patch }
  for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k]
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
  await rename(tmp, file)
}
