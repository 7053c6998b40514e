import { describe, expect, it } from 'vitest'
import { ipcEvent } from '../testing/fake-electron'
import { isTrustedSender } from './sender'

const APP = 'app://qingfeng'
const mainWc = { id: 1 }
const policy = { appOrigin: APP, mainWebContents: () => mainWc }

describe('isTrustedSender', () => {
  it('accepts the main window showing the app', () => {
    expect(isTrustedSender(ipcEvent(mainWc, `${APP}/index.html`), policy)).toBe(true)
    expect(isTrustedSender(ipcEvent(mainWc, `${APP}/index.html#/tasks/abc`), policy)).toBe(true)
  })

  it.each([
    ['a foreign page in our window', ipcEvent(mainWc, 'https://evil.example/')],
    ['our window after navigating to a file', ipcEvent(mainWc, 'file:///tmp/x.html')],
    ['the collab server loaded in our window', ipcEvent(mainWc, 'http://127.0.0.1:4455/')],
    ['a data: URL', ipcEvent(mainWc, 'data:text/html,hi')],
    ['a look-alike origin', ipcEvent(mainWc, 'app://qingfeng@evil.example/')],
    ['another app:// host', ipcEvent(mainWc, 'app://evil/index.html')],
    ['an iframe, even of our origin', ipcEvent(mainWc, `${APP}/`, { subframe: true })],
    ['another webContents showing our app', ipcEvent({ id: 2 }, `${APP}/`)],
    ['a destroyed frame', { sender: mainWc, senderFrame: null }]
  ])('refuses %s', (_label, event) => {
    expect(isTrustedSender(event, policy)).toBe(false)
  })

  it('refuses everyone while no main window exists', () => {
    expect(isTrustedSender(ipcEvent(mainWc, `${APP}/`), { appOrigin: APP, mainWebContents: () => null })).toBe(false)
  })
})
