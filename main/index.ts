/**
 * Electron main-process entry (built to out/main/index.js).
 * QF_SERVER_URL picks the collab server (default http://127.0.0.1:4455); the
 * window loads the renderer from that server, see config.ts for why.
 */
import { startApp } from './app'

startApp(process.env)
