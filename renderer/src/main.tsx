import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { Session } from './auth/session'
import { AppDb } from './data/db'
import { I18nProvider } from './i18n'
import { getDesktopApi } from './platform'
import { registerOfflineShell } from './platform/offlineShell'
import './styles.css'

async function boot() {
  const api = getDesktopApi()
  const config = await api.getConfig()
  registerOfflineShell(config.shell, import.meta.env.PROD)
  const session = new Session(new AppDb(), api, config.serverUrl)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider fallback={config.locale}>
        <App api={api} session={session} />
      </I18nProvider>
    </StrictMode>
  )
}

void boot()
