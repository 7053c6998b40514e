/**
 * 工作台: the first page after sign-in, per role (docs/decisions.md) — counts of what waits
 * for me, my yellow and red items, recent reminders, and the shortcuts of my role (交办 for
 * leaders, 登记 for clerks; 督查室, reviewers and admins get their own tools).
 */
import { AuditOutlined, CalendarOutlined, EditOutlined, FileAddOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons'
import { Button, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import { useServices } from '@renderer/core/app/context'
import { TaskTable } from '../tasks/components/TaskTable'
import { useListCount, useListPage, useReminders } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { reminderRoute } from '@renderer/core/alerts/alerts'
import { reminderText } from '@renderer/core/sync/reminderText'
import { AssignModal } from '../tasks/AssignModal'
import { homePlan, type Shortcut } from './model'

const SHORTCUT: Record<Shortcut, { label: MessageKey; icon: ReactNode; testId: string }> = {
  assign: { label: 'home.shortcut.assign', icon: <SendOutlined />, testId: 'home-assign' },
  proxyAssign: { label: 'tasks.assign.proxy', icon: <EditOutlined />, testId: 'home-proxy-assign' },
  register: { label: 'home.shortcut.register', icon: <FileAddOutlined />, testId: 'home-register' },
  tasks: { label: 'home.shortcut.tasks', icon: <UnorderedListOutlined />, testId: 'home-tasks' },
  oversight: { label: 'home.shortcut.oversight', icon: <AuditOutlined />, testId: 'home-oversight' },
  audit: { label: 'home.shortcut.audit', icon: <AuditOutlined />, testId: 'home-audit' },
  calendar: { label: 'home.shortcut.calendar', icon: <CalendarOutlined />, testId: 'home-calendar' }
}

export function HomePage() {
  const t = useT()
  const { user, viewer } = useServices()
  const plan = homePlan(viewer.roles)
  const [assigning, setAssigning] = useState(false)
  // Called for every scope each render (hooks in a fixed order); the plan picks the ones that are mine.
  const counts = {
    inbox: { yellow: useListCount('inbox:yellow'), red: useListCount('inbox:red') },
    mine: { yellow: useListCount('mine:yellow'), red: useListCount('mine:red') },
    oversight: { yellow: useListCount('oversight:yellow'), red: useListCount('oversight:red') }
  }
  const yellow = plan.warningScopes.reduce((n, s) => n + counts[s].yellow, 0)
  const red = plan.warningScopes.reduce((n, s) => n + counts[s].red, 0)
  const todo = useListCount('todo')
  const scope = plan.warningScopes[0]
  const reds = useListPage(scope ? `${scope}:red` : 'none', { page: 1, pageSize: 8 })
  const yellows = useListPage(scope ? `${scope}:yellow` : 'none', { page: 1, pageSize: 8 })
  const todoRows = useListPage('todo', { page: 1, pageSize: 10 })
  const { rows: reminders } = useReminders(8)

  const go = (s: Shortcut) => {
    if (s === 'assign' || s === 'proxyAssign') return setAssigning(true)
    navigate(s === 'register' ? '/documents' : s === 'tasks' ? '/tasks' : s === 'calendar' ? '/admin/calendar' : '/oversight')
  }
  const warningRows = [...(reds?.rows ?? []), ...(yellows?.rows ?? [])]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="home-page">
      <Card variant="borderless">
        <Row gutter={[16, 16]} align="middle">
          <Col flex="auto">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('home.greeting', { name: user.name })}
            </Typography.Title>
          </Col>
          <Col>
            <Space wrap data-testid="home-shortcuts">
              {plan.shortcuts.map((s, i) => (
                <Button key={s} type={i === 0 ? 'primary' : 'default'} icon={SHORTCUT[s].icon} onClick={() => go(s)} data-testid={SHORTCUT[s].testId}>
                  {t(SHORTCUT[s].label)}
                </Button>
              ))}
            </Space>
          </Col>
        </Row>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          {plan.todo && (
            <Col xs={12} md={8}>
              <a href="#/todo" data-testid="home-count-todo" data-count={todo}>
                <Statistic
                  title={`${t('home.waiting')} · ${t('home.waiting.tasks')}`}
                  value={todo}
                  styles={{ content: { color: todo > 0 ? '#1677ff' : undefined } }}
                />
              </a>
            </Col>
          )}
          {scope && (
            <>
              <Col xs={12} md={8} data-testid="home-count-yellow" data-count={yellow}>
                <Statistic title={t('home.mine.yellow')} value={yellow} styles={{ content: { color: yellow > 0 ? '#faad14' : undefined } }} />
              </Col>
              <Col xs={12} md={8} data-testid="home-count-red" data-count={red}>
                <Statistic title={t('home.mine.red')} value={red} styles={{ content: { color: red > 0 ? '#f5222d' : undefined } }} />
              </Col>
            </>
          )}
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {plan.todo && (
              <Card variant="borderless" title={t('home.todo')} extra={<a href="#/todo">{t('home.more')}</a>}>
                <TaskTable rows={todoRows?.rows} showAssigner showAwaited testId="task-list-todo" />
              </Card>
            )}
            {scope && (
              <Card variant="borderless" title={t('home.warnings')} extra={<a href={scope === 'oversight' ? '#/oversight' : '#/tasks'}>{t('home.more')}</a>}>
                {warningRows.length === 0 && reds && yellows ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.warnings.empty')} />
                ) : (
                  <TaskTable rows={reds && yellows ? warningRows : undefined} showAssigner={scope !== 'mine'} testId="home-warnings" />
                )}
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card variant="borderless" title={t('home.reminders')} data-testid="home-reminders">
            {reminders.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.reminders.empty')} />
            ) : (
              <ul className="qf-reminders">
                {reminders.map((r) => {
                  // Server reminders are codes with parameters: worded here in the reader's language.
                  const text = reminderText(r, t)
                  const route = reminderRoute(r)
                  return (
                    <li key={r.id} className="qf-reminder" data-testid={`home-reminder-${r.id}`}>
                      {route ? <a href={`#${route}`}>{text.title}</a> : <Typography.Text>{text.title}</Typography.Text>}
                      {text.body && <div className="qf-reminder-body">{text.body}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {shanghaiDateTime(r.at)}
                      </Typography.Text>
                    </li>
                  )
                })}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
      {assigning && <AssignModal onClose={() => setAssigning(false)} />}
    </Space>
  )
}
