import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const at = (p: string) => resolve(root, p)
// The path aliases of tsconfig.base.json (docs/architecture.md, House rules), for all three builds.
const alias = { '@domain': at('domain'), '@server': at('collab-server'), '@renderer': at('renderer/src'), '@main': at('main'), '@preload': at('preload') }

export default defineConfig({
  // ESM, like the package ("type": "module"): out/main/index.js is package.json "main".
  main: {
    resolve: { alias },
    build: {
      outDir: at('out/main'),
      // Bundled, so the installed app needs no node_modules at all (electron-builder.config.cjs).
      externalizeDeps: { exclude: ['electron-updater'] },
      rolldownOptions: {
        input: { index: at('main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' }
      }
    }
  },
  // CommonJS on purpose: a sandboxed preload is loaded with a require() shim
  // and cannot be an ES module. The .cjs extension keeps Node's "type":
  // "module" from reinterpreting it. Everything except 'electron' is bundled
  // in, since the sandbox offers no module resolution.
  preload: {
    resolve: { alias },
    build: {
      outDir: at('out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  // One build, two hosts: the desktop shell serves it from disk as
  // app://qingfeng/ (main/security/app-protocol.ts, read from out/renderer
  // next to out/main), and the collab server serves it to browsers. Relative
  // base so the output works under either origin and any path prefix.
  renderer: {
    root: at('renderer'),
    base: './',
    plugins: [react()],
    resolve: { alias },
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves builds unminified; the client is 3.5 MB of JS that every
      // window and browser parses on start, so the renderer is minified.
      minify: true,
      rolldownOptions: { input: at('renderer/index.html') }
    }
  }
})
