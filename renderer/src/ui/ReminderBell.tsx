/** The bell in the header: reminders from `user:<me>`, newest first. */
import { BellOutlined } from '@ant-design/icons'
import { Badge, Button, Empty, Popover, Typography } from 'antd'
import { useState } from 'react'
import { reminderRoute } from '../core/alerts/alerts'
import { useServices } from '../core/app/context'
import { useReminders } from '../core/data/hooks'
import { useT } from '../core/i18n'
import { shanghaiDateTime } from '../core/i18n/time'
import { navigate } from '../core/router/hash'
import { reminderText } from '../core/sync/reminderText'

export function ReminderBell() {
  const t = useT()
  const { db } = useServices()
  const { rows, unread } = useReminders()
  const [open, setOpen] = useState(false)

  const openOne = async (r: { id: string; recordId?: string; code?: string }) => {
    await db.reminders.update(r.id, { read: 1 })
    setOpen(false)
    const route = reminderRoute(r)
    if (route) navigate(route)
  }
  const readAll = () => db.reminders.where('read').equals(0).modify({ read: 1 })

  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }} data-testid="reminders-list">
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('header.noReminders')} />
      ) : (
        <ul className="qf-reminders">
          {rows.map((r) => (
            // biome-ignore lint/a11y/useSemanticElements: a list row that opens its record; keyboard and focus are handled here.
            <li
              key={r.id}
              data-testid={`reminder-${r.id}`}
              className={r.read ? 'qf-reminder' : 'qf-reminder qf-reminder-unread'}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the row is the button; see above.
              role="button"
              tabIndex={0}
              onClick={() => void openOne(r)}
              onKeyDown={(e) => e.key === 'Enter' && void openOne(r)}
            >
              <Typography.Text strong={!r.read}>{reminderText(r, t).title}</Typography.Text>
              {reminderText(r, t).body && <div className="qf-reminder-body">{reminderText(r, t).body}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {shanghaiDateTime(r.at)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  )

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('header.reminders')}</span>
          {unread > 0 && (
            <Button type="link" size="small" onClick={() => void readAll()}>
              {t('header.markAllRead')}
            </Button>
          )}
        </div>
      }
      content={content}
    >
      <span data-testid="reminders-unread" data-count={unread}>
        <Badge count={unread} size="small">
          <Button type="text" icon={<BellOutlined />} aria-label={t('header.reminders')} data-testid="reminders-bell" />
        </Badge>
      </span>
    </Popover>
  )
}
