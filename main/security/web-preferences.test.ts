import { describe, expect, it } from 'vitest'
import { webPreferences } from './web-preferences'

describe('webPreferences', () => {
  it('turns on every isolation the Electron checklist asks for', () => {
    const p = webPreferences('/app/out/preload/index.cjs', { devTools: false })
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false
    })
  })
})
