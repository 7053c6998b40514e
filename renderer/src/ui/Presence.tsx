/** Who else has this record open now. Names come from the server-stamped `user` in presence, not from the client. */
import { EyeOutlined } from '@ant-design/icons'
import { Avatar, Space, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { Room } from '../core/sync/room'
import type { DirectoryView } from '../core/data/hooks'
import { useT } from '../core/i18n'

interface Viewer {
  id: string
  name: string
  unitId: string
}

function others(room: Room, meId: string): Viewer[] {
  const aw = room.provider?.awareness
  if (!aw) return []
  const seen = new Map<string, Viewer>()
  for (const [clientId, state] of aw.getStates()) {
    if (clientId === room.doc.clientID) continue
    const { user: u, viewing } = state as { user?: Viewer; viewing?: boolean }
    if (viewing === true && u && typeof u.id === 'string' && u.id !== meId) seen.set(u.id, u)
  }
  return [...seen.values()]
}

export function Presence({ room, meId, dir }: { room: Room | null; meId: string; dir: DirectoryView }) {
  const t = useT()
  const [list, setList] = useState<Viewer[]>([])
  useEffect(() => {
    const aw = room?.provider?.awareness
    if (!room || !aw) return
    const update = () => setList(others(room, meId))
    update()
    aw.on('change', update)
    return () => aw.off('change', update)
  }, [room, room?.provider, meId])
  if (list.length === 0) return null
  return (
    <Space size={4} data-testid="task-presence">
      <EyeOutlined style={{ color: '#8a8f98' }} />
      <Avatar.Group max={{ count: 4 }} size="small">
        {list.map((v) => (
          <Tooltip key={v.id} title={`${v.name} · ${dir.unitName(v.unitId)}`}>
            <Avatar size="small" style={{ background: '#2c8a72' }}>
              {v.name.slice(-2)}
            </Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {list.map((v) => v.name).join(t('list.sep'))}
      </Typography.Text>
    </Space>
  )
}
