/** The signed-in app: layout + the page for the current route; notification clicks navigate. */
import { type ReactNode, useEffect } from 'react'
import { AppLayout } from '@renderer/ui/AppLayout'
import { CalendarAdminPage } from '@renderer/features/admin/CalendarAdminPage'
import { DirectoryAdminPage } from '@renderer/features/admin/DirectoryAdminPage'
import { PasswordChangeGate } from '@renderer/features/admin/PasswordChangeGate'
import { DocumentsPage } from '@renderer/features/documents/DocumentsPage'
import { NoticePage } from '@renderer/features/notices/NoticePage'
import { NoticeBadge, NoticesPage } from '@renderer/features/notices/NoticesPage'
import { OversightPage } from '@renderer/features/oversight/OversightPage'
import { TaskPage } from '@renderer/features/tasks/TaskPage'
import { TasksPage } from '@renderer/features/tasks/TasksPage'
import { TodoPage } from '@renderer/features/tasks/TodoPage'
import { HomePage } from '@renderer/features/home/HomePage'
import { ArchivePage } from '@renderer/features/archive/ArchivePage'
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
      page = <DocumentsPage />
      break
    case 'notices':
      page = <NoticesPage />
      break
    case 'notice':
      page = <NoticePage key={route.id} id={route.id} />
      break
    case 'oversight':
      page = <OversightPage />
      break
    case 'admin-calendar':
      page = <CalendarAdminPage />
      break
    case 'todo':
      page = <TodoPage />
      break
    case 'home':
      page = <HomePage />
      break
    case 'admin-directory':
      page = <DirectoryAdminPage />
      break
    case 'archive':
      page = <ArchivePage />
      break
    default:
      page = <TodoPage />
  }
  return (
    <AppLayout active={route.page} onLogout={onLogout}>
      <NoticeBadge />
      {page}
      <PasswordChangeGate />
    </AppLayout>
  )
}
