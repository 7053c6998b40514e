/**
 * Electron main-process entry (built to out/main/index.js).
 * QF_SERVER_URL picks the collab server (default http://127.0.0.1:4455); the
 * window loads the renderer from local disk (app://qingfeng) and talks to that
 * server cross-origin, see config.ts for why.
 */
import { startApp } from './app'

startApp(process.env)
