/**
 * Packaging 清风协同办公 for counties (docs/desktop.md, "Packaging").
 * `npm run dist` stages the built client in dist/app (scripts/dist.mjs) and
 * runs electron-builder with this file.
 *
 * - Only the client ships: dist/app holds out/main, out/preload, out/renderer
 *   and a package.json without dependencies (electron-updater is bundled
 *   into out/main). No node_modules, so better-sqlite3 and the collab server
 *   cannot end up in the package; build/hooks/after-pack.cjs checks it, and
 *   flips the Electron fuses before signing.
 * - Windows: NSIS x64; the installer asks "for me / for everyone on this
 *   computer" (per-user or per-machine) and can pre-configure the server.
 * - Linux: deb and AppImage, x64 and arm64 (统信UOS, 麒麟). loongarch64: see docs.
 * - Signing: Windows through build/hooks/sign-windows.cjs (certificate from the
 *   environment); Linux artifacts get SHA256SUMS and, with QF_GPG_KEY, a gpg signature.
 * - Updates: electron-updater's generic provider; the real feed is the
 *   configured server's /updates/ (main/updates.ts sets it at run time).
 */
const { readFileSync } = require('node:fs')
const { join } = require('node:path')

const root = __dirname
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** The exact Electron version installed (electron-builder needs it; the range in package.json is not enough). */
function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

const PRODUCT = '清风协同办公'
// ASCII artifact names: they travel through web servers, update feeds and scripts.
const ARTIFACT = 'qingfeng-office-${version}-${os}-${arch}.${ext}'

/** Publisher names the updater accepts on Windows (the certificate's CN), from the environment. */
const publisherName = process.env.QF_WIN_PUBLISHER
  ? process.env.QF_WIN_PUBLISHER.split(';')
      .map((s) => s.trim())
      .filter(Boolean)
  : undefined

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'cn.qingfeng.office',
  productName: PRODUCT,
  executableName: 'qingfeng-office',
  copyright: `Copyright © ${new Date().getFullYear()} ${PRODUCT}`,
  electronVersion: electronVersion(),
  directories: { app: 'dist/app', output: 'dist/installers', buildResources: 'build' },
  files: ['out/**/*', 'package.json', '!**/*.map', '!**/node_modules/**'],
  asar: true,
  // Nothing native in the client: never rebuild (better-sqlite3 is the server's).
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  artifactName: ARTIFACT,
  protocols: [{ name: PRODUCT, schemes: ['qingfeng'] }],
  afterPack: './build/hooks/after-pack.cjs',
  afterAllArtifactBuild: './build/hooks/after-all-artifacts.cjs',
  // Generates latest*.yml (sha512 of each installer) for the update folder; clients read the
  // feed from their configured server, this URL is only written into app-update.yml.
  publish: [{ provider: 'generic', url: 'https://updates.invalid/qingfeng/' }],
  extraMetadata: { main: 'out/main/index.js' },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icon.png',
    signtoolOptions: {
      sign: './build/hooks/sign-windows.cjs',
      signingHashAlgorithms: ['sha256'],
      ...(publisherName ? { publisherName } : {})
    },
    // electron-updater refuses an update whose signature does not match the publisher, once one is set.
    verifyUpdateCodeSignature: Boolean(publisherName)
  },
  nsis: {
    oneClick: false,
    // false + oneClick false: the installer asks per-user or per-machine; /allusers or /currentuser on the command line.
    perMachine: false,
    allowElevation: true,
    packElevateHelper: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: PRODUCT,
    installerLanguages: ['zh_CN'],
    language: '2052',
    unicode: true,
    deleteAppDataOnUninstall: false,
    // /SERVER=https://oa.example.gov.cn/qingfeng/ writes the machine config (build/installer.nsh).
    include: 'build/installer.nsh',
    artifactName: 'qingfeng-office-${version}-setup-${arch}.${ext}'
  },

  linux: {
    target: [
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] }
    ],
    icon: 'build/icons',
    category: 'Office',
    maintainer: 'Qingfeng Office <support@qingfeng.invalid>',
    vendor: PRODUCT,
    synopsis: '县域协同办公客户端',
    description: pkg.description,
    desktop: {
      entry: {
        Name: PRODUCT,
        'Name[zh_CN]': PRODUCT,
        'Name[en]': 'Qingfeng Office',
        Comment: '县域协同办公：交办件、公文、通知、督查督办',
        StartupWMClass: 'qingfeng-office',
        MimeType: 'x-scheme-handler/qingfeng;'
      }
    }
  },
  deb: {
    // libsecret: the keyring that lets safeStorage keep the sign-in (without it: session-only login).
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
    recommends: ['gnome-keyring'],
    priority: 'optional',
    afterInstall: 'build/linux/after-install.sh'
  },
  appImage: {
    artifactName: ARTIFACT
  }
}
