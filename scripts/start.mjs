#!/usr/bin/env node
/**
 * npm start: the collab server on its embedded SQLite (per-user data folder,
 * demo county seeded on first run) plus the client — the Electron shell where
 * its binary exists, otherwise the same client served to a browser.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVER_ENV, SERVER_NODE_FLAGS, buildServer } from './build-server.mjs'
import { electronBinary } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const port = process.env.QF_PORT ?? '4455'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const built = join(root, 'out', 'renderer', 'index.html')
const sources = ['renderer', 'main', 'preload', 'domain'].map((d) => join(root, d)).filter(existsSync)
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log('构建客户端 Building the client …')
  const r = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

// The server runs bundled with plain node and its flags (scripts/build-server.mjs): less memory than tsx's loader and module graph.
const bundle = await buildServer()
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, bundle, '--port', port, ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, ...SERVER_ENV },
  stdio: ['ignore', 'pipe', 'inherit']
})
server.on('exit', (code) => process.exit(code ?? 1))
const stop = () => server.kill('SIGTERM')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

server.stdout.on('data', (d) => {
  const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
  if (!m) return void process.stdout.write(d)
  const url = m[1]
  console.log(`协同服务器已启动 Collab server ready at ${url} (demo accounts: see README)`)
  const bin = electronBinary()
  if (!bin) {
    console.log(`Electron 无法在本机运行（未下载其二进制）— Electron binary not available here; open the client in a browser: ${url}/`)
    return
  }
  const app = spawn(bin, [join(root, 'out', 'main', 'index.js')], { cwd: root, stdio: 'inherit', env: { ...process.env, QF_SERVER_URL: url } })
  app.on('exit', () => stop())
})
