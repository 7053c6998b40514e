#!/usr/bin/env node
/**
 * npm run dev: the development loop. The collab server (tsx, demo county seeded into .data/dev on
 * first start, fast password hashing) and the client with hot reload: `electron-vite dev` where the
 * Electron binary exists, otherwise the renderer's Vite dev server for a browser, proxied to the
 * local server (renderer/vite.config.ts), with its URL printed. Ctrl-C stops both.
 *
 *   npm run dev [-- --port 4455 --web-port 5173 --data .data/dev]
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronBinary } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const port = arg('port', process.env.QF_PORT ?? '4455')
const webPort = arg('web-port', process.env.QF_DEV_PORT ?? '5173')
const data = resolve(root, arg('data', '.data/dev'))
mkdirSync(data, { recursive: true })
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

const children = []
const stop = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

const server = spawn(process.execPath, ['--import', 'tsx', 'collab-server/cli.ts', '--port', port, '--data', data, '--seed', 'demo', '--fast-hash'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit']
})
children.push(server)
server.on('exit', (code) => {
  stop()
  process.exit(code ?? 1)
})

let started = false
server.stdout.on('data', (d) => {
  const m = /QF_SERVER_READY (\S+)/.exec(d.toString())
  if (!m) return void process.stdout.write(d)
  if (started) return
  started = true
  const url = m[1]
  console.log(`协同服务器（开发）已启动 Dev collab server at ${url}, data in ${data} (demo accounts: see README)`)
  const env = { ...process.env, QF_SERVER_URL: url }
  const client = electronBinary()
    ? spawn(npx, ['electron-vite', 'dev'], { cwd: root, stdio: 'inherit', env })
    : spawn(npx, ['vite', '--config', 'renderer/vite.config.ts', '--port', webPort, '--strictPort'], { cwd: root, stdio: 'inherit', env })
  if (!electronBinary()) console.log(`Electron 无法在本机运行 — no Electron binary here; the browser client (hot reload) is at http://localhost:${webPort}/`)
  children.push(client)
  client.on('exit', () => stop())
})
