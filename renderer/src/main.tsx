import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './core/app/App'
import { Session } from './core/auth/session'
import { AppDb } from './core/data/db'
import { I18nProvider } from './core/i18n'
import { getDesktopApi } from './core/platform'
import { loadCounty } from './core/platform/county'
import { registerOfflineShell } from './core/platform/offlineShell'
import './styles.css'

async function boot() {
  const api = getDesktopApi()
  const config = await api.getConfig()
  registerOfflineShell(config.shell, import.meta.env.PROD)
  // No server yet (first run): the app shows the first-run screen and nothing else.
  const session = config.serverUrl ? new Session(new AppDb(), api, config.serverUrl, { persist: config.secureStorage }) : null
  if (config.serverUrl) void loadCounty(api, config.serverUrl)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider fallback={config.locale}>
        <App api={api} session={session} config={config} />
      </I18nProvider>
    </StrictMode>
  )
}

void boot()
