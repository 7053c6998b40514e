import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const root = fileURLToPath(new URL('.', import.meta.url))
const at = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const devServer = process.env.QF_SERVER_URL ?? 'http://127.0.0.1:4455'

/** Builds the renderer on its own (`npx vite build --config renderer/vite.config.ts`) into out/renderer. */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  // The path aliases of tsconfig.base.json (docs/architecture.md, House rules).
  resolve: {
    alias: { '@domain': at('../domain'), '@server': at('../collab-server'), '@renderer': at('./src'), '@main': at('../main'), '@preload': at('../preload') }
  },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    target: 'es2022'
  },
  // `npx vite --config renderer/vite.config.ts`: the dev page talks to a running collab server
  // through its own origin, as the built renderer does when the server serves it.
  server: {
    port: 5173,
    proxy: {
      // The server accepts same-origin pages; the proxy presents the dev page as one.
      '/api': { target: devServer, changeOrigin: true, headers: { origin: devServer } },
      '/ws': { target: devServer.replace(/^http/, 'ws'), ws: true, changeOrigin: true, headers: { origin: devServer } }
    }
  }
})
