/** The frame offices know: sidebar (待办 交办件 公文 通知 督查督办; 系统管理 for admins), header with unit, user, connection. */
import { useNoticeCounts } from '../features/notices/useNotices'
import {
  AuditOutlined,
  CalendarOutlined,
  ContainerOutlined,
  HomeOutlined,
  FileTextOutlined,
  LogoutOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  UserOutlined
} from '@ant-design/icons'
import { Avatar, Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import { adminDuties, hasRole } from '@domain/directory'
import { navFor } from '../features/home/model'
import { useServices } from '../core/app/context'
import { useListCount } from '../core/data/hooks'
import { useT } from '../core/i18n'
import type { MessageKey } from '../core/i18n/catalogue'
import { navigate, routePath, type PageKey } from '../core/router/hash'
import { ClientSettings } from '../features/setup/ClientSettings'
import { ConnTag } from './ConnTag'
import { LangSwitch } from './LangSwitch'
import { ReminderBell } from './ReminderBell'

const { Sider, Header, Content } = Layout

function NavLabel({ id, label, count, danger }: { id: string; label: string; count?: number; danger?: boolean }) {
  return (
    <span style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }} data-testid={`nav-${id}`}>
      <span>{label}</span>
      {!!count && (
        <span data-testid={`nav-count-${id}`} data-count={count}>
          <Badge count={count} size="small" color={danger ? '#f5222d' : '#1f6f5c'} />
        </span>
      )}
    </span>
  )
}

export function AppLayout({ active, onLogout, children }: { active: PageKey; onLogout: () => void; children: ReactNode }) {
  const t = useT()
  const { user, unit, viewer, api } = useServices()
  const [settingsOpen, setSettingsOpen] = useState(false)
  const leader = hasRole(viewer, 'leader')
  const overseer = hasRole(viewer, 'supervisor') || hasRole(viewer, 'reviewer')
  const admin = hasRole(viewer, 'admin')
  // 系统管理员 / 安全管理员 / 审计管理员 see the directory page, each with its own tabs (docs/decisions.md).
  const directoryAdmin = adminDuties(viewer).directory
  const calendarAdmin = adminDuties(viewer).calendar
  const todo = useListCount('todo')
  const toSign = useListCount('inbox:sign')
  const notices = useNoticeCounts()
  const mineRed = useListCount('mine:red')
  const overRed = useListCount(overseer ? 'oversight:red' : 'mine:red')
  const roleNames = user.roles.map((r) => t(`role.${r}` as MessageKey)).join(' / ')

  // No empty 交办件 / 待办 pages for reviewers and admins (pages/home/model.ts).
  const nav = navFor(viewer.roles)
  const items = [
    { key: 'home', icon: <HomeOutlined />, label: <NavLabel id="home" label={t('home.title')} /> },
    ...(nav.todo ? [{ key: 'todo', icon: <ScheduleOutlined />, label: <NavLabel id="todo" label={t('nav.todo')} count={todo} /> }] : []),
    ...(nav.tasks
      ? [{ key: 'tasks', icon: <SendOutlined />, label: <NavLabel id="tasks" label={t('nav.tasks')} count={leader ? mineRed : toSign} danger={leader} /> }]
      : []),
    { key: 'documents', icon: <FileTextOutlined />, label: <NavLabel id="documents" label={t('nav.documents')} /> },
    { key: 'notices', icon: <NotificationOutlined />, label: <NavLabel id="notices" label={t('nav.notices')} count={notices} /> },
    { key: 'oversight', icon: <AuditOutlined />, label: <NavLabel id="oversight" label={t('nav.oversight')} count={overRed} danger /> },
    { key: 'archive', icon: <ContainerOutlined />, label: <NavLabel id="archive" label={t('archive.nav')} /> },
    // 系统管理: administrators only (the server refuses anyone else's calendar writes regardless).
    ...(directoryAdmin
      ? [
          {
            key: 'admin',
            icon: <SettingOutlined />,
            label: <NavLabel id="admin" label={t('nav.admin')} />,
            children: [
              ...(calendarAdmin
                ? [{ key: 'admin-calendar', icon: <CalendarOutlined />, label: <NavLabel id="admin-calendar" label={t('nav.adminCalendar')} /> }]
                : []),
              { key: 'admin-directory', icon: <UserOutlined />, label: <NavLabel id="admin-directory" label={t('ops.nav.directory')} /> }
            ]
          }
        ]
      : [])
  ]
  const selected = active === 'task' ? 'tasks' : active === 'notice' ? 'notices' : active

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={208} theme="light" style={{ borderRight: '1px solid #eef0f2' }}>
        <div className="qf-brand">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          <div>
            <div className="qf-brand-name">{t('app.title')}</div>
            <div className="qf-brand-unit" data-testid="brand-unit">
              {unit.name}
            </div>
          </div>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={active === 'admin-calendar' ? ['admin'] : []}
          items={items}
          onClick={(e) => navigate(e.key === 'admin-calendar' || e.key === 'admin-directory' ? routePath({ page: e.key }) : `/${e.key}`)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Sider>
      <Layout>
        <Header className="qf-header">
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="title-bar">
            {t('app.title')} <span className="qf-sep">·</span> {unit.name}
          </Typography.Title>
          <Space size="middle">
            <ConnTag />
            <ReminderBell />
            <LangSwitch />
            <Dropdown
              trigger={['click']}
              // Inside the sticky header, not the page: a page scroll (or a scrolled-into-view item)
              // cannot carry the open menu away from its button, so a click on 退出登录 lands on it.
              getPopupContainer={(button) => button.parentElement ?? document.body}
              menu={{
                items: [
                  {
                    key: 'settings',
                    icon: <SettingOutlined />,
                    label: <span data-testid="client-settings">{t('desktop.settings.open')}</span>,
                    onClick: () => setSettingsOpen(true)
                  },
                  { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span>, onClick: onLogout }
                ]
              }}
            >
              <Button type="text" data-testid="current-user" style={{ height: 'auto', padding: '2px 8px' }}>
                <Space size={8}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f6f5c' }} />
                  <span style={{ textAlign: 'left', lineHeight: 1.25 }}>
                    <div style={{ fontWeight: 600 }}>
                      {user.name}
                      {user.title ? ` · ${user.title}` : ''}
                    </div>
                    <div style={{ fontSize: 12, color: '#8a8f98' }}>
                      {unit.name} · {roleNames}
                    </div>
                  </span>
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content className="qf-content">{children}</Content>
        <ClientSettings api={api} isAdmin={admin} open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      </Layout>
    </Layout>
  )
}
