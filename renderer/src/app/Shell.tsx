/** The signed-in app: layout + the page for the current route; notification clicks navigate. */
import { type ReactNode, useEffect } from 'react'
import { AppLayout } from '../components/AppLayout'
import { CalendarAdminPage } from '../pages/admin/CalendarAdminPage'
import { ComingSoon } from '../pages/ComingSoon'
import { OversightPage } from '../pages/oversight/OversightPage'
import { TaskPage } from '../pages/tasks/TaskPage'
import { TasksPage } from '../pages/tasks/TasksPage'
import { TodoPage } from '../pages/tasks/TodoPage'
import { navigate, useRoute } from '../router/hash'
import { useServices } from './context'

export function Shell({ onLogout }: { onLogout: () => void }) {
  const route = useRoute()
  const { api } = useServices()
  useEffect(() => api.onNavigate((r) => navigate(r)), [api])

  let page: ReactNode
  switch (route.page) {
    case 'task':
      page = <TaskPage key={route.id} id={route.id} />
      break
    case 'tasks':
      page = <TasksPage />
      break
    case 'documents':
      page = <ComingSoon titleKey="nav.documents" />
      break
    case 'notices':
      page = <ComingSoon titleKey="nav.notices" />
      break
    case 'oversight':
      page = <OversightPage />
      break
    case 'admin-calendar':
      page = <CalendarAdminPage />
      break
    default:
      page = <TodoPage />
  }
  return (
    <AppLayout active={route.page} onLogout={onLogout}>
      {page}
    </AppLayout>
  )
}
