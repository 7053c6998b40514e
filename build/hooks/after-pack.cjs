/**
 * electron-builder afterPack hook: runs on the unpacked app, before it is
 * signed and put into an installer (docs/desktop.md, "Fuses").
 *
 * 1. Flips the Electron fuses, so the shipped binary cannot be turned into
 *    a general-purpose Node or debug target:
 *      RunAsNode off                      ELECTRON_RUN_AS_NODE is ignored
 *      EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS is ignored
 *      EnableNodeCliInspectArguments off  --inspect / --inspect-brk are ignored
 *      OnlyLoadAppFromAsar on             no loose app folder next to the asar
 *      EnableEmbeddedAsarIntegrityValidation on   (Windows, macOS: the asar hash is checked at start)
 *      EnableCookieEncryption on          cookies encrypted with the OS keychain
 *      GrantFileProtocolExtraPrivileges off       file:// gets no special powers (we use app://)
 * 2. Refuses to ship a package that contains server-only code or native
 *    modules (better-sqlite3, the collab server) or source maps.
 */
const { join } = require('node:path')
const { existsSync } = require('node:fs')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
}

/** Paths inside app.asar that must never ship in the client. */
const FORBIDDEN = [/(^|\/)node_modules\/better-sqlite3(\/|$)/, /(^|\/)collab-server(\/|$)/, /(^|\/)bench(\/|$)/, /\.node$/, /\.map$/]

/** The Electron executable electron-builder produced, per platform. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const product = packager.appInfo.productFilename
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${product}.app`)
  if (electronPlatformName === 'win32') return join(appOutDir, `${product}.exe`)
  return join(appOutDir, packager.executableName)
}

function asarPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources', 'app.asar')
  }
  return join(appOutDir, 'resources', 'app.asar')
}

function checkContents(asar, list = (p) => require('@electron/asar').listPackage(p, { isPack: false })) {
  if (!existsSync(asar)) throw new Error(`[after-pack] ${asar} missing: the app must be packed into an asar (OnlyLoadAppFromAsar)`)
  const files = list(asar).map((f) => f.replace(/\\/g, '/'))
  const bad = files.filter((f) => FORBIDDEN.some((re) => re.test(f)))
  if (bad.length) throw new Error(`[after-pack] server-only or debug files in the client package:\n  ${bad.slice(0, 20).join('\n  ')}`)
  for (const needed of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
    if (!files.includes(needed)) throw new Error(`[after-pack] ${needed} missing from app.asar`)
  }
  return files.length
}

async function afterPack(context, deps = {}) {
  const exe = executablePath(context)
  const flip = deps.flipFuses ?? flipFuses
  // Universal/arm64 macOS builds need their ad-hoc signature redone after the binary changes.
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */
  await flip(exe, { ...FUSES, resetAdHocDarwinSignature: arm64Mac })
  const count = (deps.checkContents ?? checkContents)(asarPath(context))
  console.log(`[after-pack] fuses set on ${exe}; app.asar: ${count} entries, none server-only`)
}

module.exports = afterPack
module.exports.default = afterPack
module.exports.FUSES = FUSES
module.exports.FORBIDDEN = FORBIDDEN
module.exports.executablePath = executablePath
module.exports.checkContents = checkContents
