/** 在线 (green) / 离线 (grey) and, when anything is unsent, "N 项待同步" (orange). */
import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons'
import { Space, Tag } from 'antd'
import { useSyncExternalStore } from 'react'
import { useServices } from '../core/app/context'
import { usePendingTotal } from '../core/data/hooks'
import { useT } from '../core/i18n'

export function ConnTag() {
  const t = useT()
  const { manager } = useServices()
  const { status } = useSyncExternalStore(manager.conn.subscribe, manager.conn.get)
  const pending = usePendingTotal()
  return (
    <Space size={4}>
      {status === 'online' ? (
        <Tag color="success" icon={<CloudOutlined />} data-testid="conn-state" data-state="online">
          {t('conn.online')}
        </Tag>
      ) : status === 'connecting' ? (
        <Tag color="default" icon={<CloudSyncOutlined spin />} data-testid="conn-state" data-state="connecting">
          {t('conn.connecting')}
        </Tag>
      ) : (
        <Tag color="default" icon={<DisconnectOutlined />} data-testid="conn-state" data-state="offline">
          {t('conn.offline')}
        </Tag>
      )}
      {pending > 0 && (
        <Tag color="orange" data-testid="pending-count" data-count={pending}>
          {t('conn.pending', { count: pending })}
        </Tag>
      )}
    </Space>
  )
}
