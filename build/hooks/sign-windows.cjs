/**
 * electron-builder's custom Windows signer (win.signtoolOptions.sign). The
 * certificate comes from the environment, never from the repository:
 *
 *   QF_WIN_SIGN_CMD   a command that signs the file whose path replaces {file}, e.g. a
 *                     county HSM / USB-key tool:  "signtool sign /sha1 <thumbprint> /fd sha256 /tr http://tsa.example /td sha256 {file}"
 *   or WIN_CSC_LINK + WIN_CSC_KEY_PASSWORD (a .pfx), which electron-builder's own signer
 *   uses when this hook is not configured.
 *
 * With neither set the build is unsigned and says so: Windows SmartScreen
 * will warn users, and electron-updater cannot check the publisher.
 */
const { execFileSync } = require('node:child_process')

function signCommand(env, file) {
  const template = env.QF_WIN_SIGN_CMD
  if (!template) return null
  // Split like a shell would for simple quoted arguments; the file path is one argument.
  const parts = template.match(/"[^"]*"|\S+/g).map((p) => p.replace(/^"|"$/g, ''))
  return parts.map((p) => (p === '{file}' ? file : p))
}

async function sign(configuration, env = process.env, run = execFileSync) {
  const file = configuration.path
  const cmd = signCommand(env, file)
  if (!cmd) {
    console.warn(`[sign] QF_WIN_SIGN_CMD not set: ${file} left unsigned`)
    return
  }
  run(cmd[0], cmd.slice(1), { stdio: 'inherit' })
}

module.exports = sign
module.exports.default = sign
module.exports.signCommand = signCommand
