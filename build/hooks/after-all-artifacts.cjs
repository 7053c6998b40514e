/**
 * electron-builder afterAllArtifactBuild hook: writes SHA256SUMS next to the
 * installers (what the county's IT checks before filling the update folder)
 * and, when QF_GPG_KEY names a key, a detached GPG signature of that list
 * (deb/AppImage have no Authenticode; 统信UOS/麒麟 admins verify with gpg).
 */
const { createHash } = require('node:crypto')
const { readFileSync, writeFileSync } = require('node:fs')
const { basename, dirname, join } = require('node:path')
const { execFileSync } = require('node:child_process')

function checksums(files, read = readFileSync) {
  return files
    .filter((f) => !f.endsWith('.blockmap') && !f.endsWith('.yml') && !f.endsWith('SHA256SUMS'))
    .map((f) => `${createHash('sha256').update(read(f)).digest('hex')}  ${basename(f)}`)
    .sort()
    .join('\n')
}

async function afterAllArtifactBuild(result, env = process.env) {
  const files = result.artifactPaths ?? []
  if (files.length === 0) return []
  const out = join(dirname(files[0]), 'SHA256SUMS')
  writeFileSync(out, `${checksums(files)}\n`)
  const extra = [out]
  if (env.QF_GPG_KEY) {
    execFileSync('gpg', ['--batch', '--yes', '--local-user', env.QF_GPG_KEY, '--detach-sign', '--armor', out], { stdio: 'inherit' })
    extra.push(`${out}.asc`)
  }
  return extra
}

module.exports = afterAllArtifactBuild
module.exports.default = afterAllArtifactBuild
module.exports.checksums = checksums
