/**
 * The unit's 公文: 收文 and 发文 from the unit's 公文箱 (docbox room, open ones, written by the
 * server) and its lists of those closed this year and last (docarchive:<unit>--<year>, by the year
 * they closed; an earlier year's list only when the user picks that year), a bracket-safe search
 * over title / 文号 / 收文编号, and "where is it now": open documents by how long they have waited,
 * oldest first. Archived 公文 are in no list: 归档查询 finds them (docs/decisions.md).
 */
import { FileAddOutlined, ImportOutlined } from '@ant-design/icons'
import { Badge, Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { shanghaiYear } from '@domain/calendar'
import { docArchiveRoom, matchesSearch, type DocSummary } from '@domain/document'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { DocStatusTag, holderText, UrgencyTag, waited } from './labels'
import { useDocRoom, useDocRooms } from './useDocRoom'
import { ExternalRegistration } from './ExternalRegistration'

const OPEN_OUT = new Set(['drafting', 'reviewing', 'signing', 'signed'])
const OPEN_IN = new Set(['delivered', 'signed', 'registered', 'accepted', 'proposed', 'handling'])
/** The earlier years offered (this year's and last year's lists are always read): the ten before them. */
const EARLIER = Array.from({ length: 10 }, (_, i) => i + 2)
/** What needs action by this unit now (the counts on the tabs). */
export const isOpen = (r: DocSummary) => (r.kind === 'out' ? OPEN_OUT.has(r.status) : OPEN_IN.has(r.status))

export function DocumentList() {
  const t = useT()
  const { user, session } = useServices()
  const dir = useDirectory()
  const box = useDocRoom(`docbox:${user.unitId}`)
  const overseer = user.roles.includes('supervisor') || user.roles.includes('reviewer')
  const county = useDocRoom(overseer ? 'docwhere' : null)
  const [q, setQ] = useState('')
  const [tab, setTab] = useState<'in' | 'out' | 'where' | 'county'>(overseer ? 'county' : 'in')
  const [external, setExternal] = useState(false)
  // Closed documents are listed by the year they closed: this year's and last year's lists are read with
  // the box (so whatever closed within the last year is there); an earlier year's only once it is picked.
  const year = Number(shanghaiYear(session.now()))
  const archives = useDocRooms(useMemo(() => [docArchiveRoom(user.unitId, String(year)), docArchiveRoom(user.unitId, String(year - 1))], [user.unitId, year]))
  const [earlier, setEarlier] = useState<number[]>([])
  const older = useDocRooms(useMemo(() => earlier.map((y) => docArchiveRoom(user.unitId, String(y))), [user.unitId, earlier]))
  const rows = useMemo(() => {
    const byRoom = new Map<string, DocSummary>()
    for (const d of [...older.docs, ...archives.docs]) for (const r of d.getMap<DocSummary>('items').values()) byRoom.set(r.room, r)
    // A document that opened again is in the box too: the box's row is the current one.
    if (box.doc) for (const r of box.doc.getMap<DocSummary>('items').values()) byRoom.set(r.room, r)
    return [...byRoom.values()]
  }, [box.doc, box.version, archives.docs, archives.version, older.docs, older.version])
  const countyRows = useMemo(() => (county.doc ? [...county.doc.getMap<DocSummary>('items').values()] : []), [county.doc, county.version])
  const found = (tab === 'county' ? countyRows : rows).filter((r) => matchesSearch(q, [r.title, r.docNumber, r.incomingNumber]))
  const now = session.now()
  // "Where is it now": open documents by where they are stuck, oldest first.
  const list =
    tab === 'where' || tab === 'county'
      ? found.filter((r) => r.open ?? isOpen(r)).sort((a, b) => a.since - b.since)
      : found.filter((r) => r.kind === tab).sort((a, b) => b.updatedAt - a.updatedAt)
  const count = (k: 'in' | 'out') => rows.filter((r) => r.kind === k && isOpen(r)).length
  const open = (r: DocSummary) => navigate(`/documents/${r.kind}/${r.id}`)
  const whereCols =
    tab === 'where' || tab === 'county'
      ? [
          ...(tab === 'county'
            ? [{ title: t('documents.col.unit'), key: 'unit', width: 130, render: (_: unknown, r: DocSummary) => dir.unitName(r.unitId) }]
            : []),
          { title: t('documents.col.step'), dataIndex: 'step', width: 120 },
          { title: t('documents.col.holder'), key: 'holder', render: (_: unknown, r: DocSummary) => holderText(t, dir, r.holder) }
        ]
      : []
  const staff = user.roles.includes('clerk') || user.roles.includes('head')

  return (
    <Card
      variant="borderless"
      title={t('documents.title')}
      extra={
        staff && (
          <Space>
            <Button icon={<ImportOutlined />} onClick={() => setExternal(true)} data-testid="doc-external">
              {t('documents.external')}
            </Button>
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('/documents/new')} data-testid="doc-new">
              {t('documents.new')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('documents.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 420, maxWidth: '100%' }}
          data-testid="doc-search"
        />
        <Select<number[]>
          mode="multiple"
          allowClear
          placeholder={t('documents.years.earlier')}
          value={earlier}
          onChange={(ys) => setEarlier([...ys].sort((a, b) => b - a))}
          options={EARLIER.map((back) => ({ value: year - back, label: t('documents.years.option', { year: year - back }) }))}
          style={{ minWidth: 180 }}
          data-testid="doc-earlier-years"
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="doc-years-hint">
        {t('documents.years.hint')}
        <Button type="link" size="small" onClick={() => navigate('/archive')} data-testid="doc-archive-link">
          {t('documents.years.archive')}
        </Button>
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          {
            key: 'in',
            label: (
              <Badge count={count('in')} size="small" offset={[8, -2]}>
                {t('documents.tab.incoming')}
              </Badge>
            )
          },
          {
            key: 'out',
            label: (
              <Badge count={count('out')} size="small" offset={[8, -2]}>
                {t('documents.tab.outgoing')}
              </Badge>
            )
          },
          { key: 'where', label: t('documents.tab.where') },
          ...(overseer ? [{ key: 'county', label: t('documents.tab.county') }] : [])
        ]}
      />
      <Table<DocSummary>
        rowKey="room"
        size="middle"
        dataSource={list}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('documents.empty') }}
        onRow={(r) =>
          ({ onClick: () => open(r), style: { cursor: 'pointer' }, 'data-testid': 'doc-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('documents.col.title'),
            dataIndex: 'title',
            render: (_: unknown, r) => (
              <Space size={4}>
                <UrgencyTag urgency={r.urgency} />
                <Typography.Text strong={isOpen(r)}>{r.title || '（无标题）'}</Typography.Text>
              </Space>
            )
          },
          { title: t('documents.col.number'), dataIndex: 'docNumber', width: 190 },
          ...(tab !== 'out' ? [{ title: t('documents.col.inNumber'), dataIndex: 'incomingNumber', width: 130 }] : []),
          ...(tab === 'in'
            ? [{ title: t('documents.col.from'), key: 'from', width: 150, render: (_: unknown, r: DocSummary) => r.fromOrg ?? dir.unitName(r.fromUnitId) }]
            : []),
          {
            title: t('documents.col.status'),
            key: 'status',
            width: 140,
            render: (_: unknown, r) => <DocStatusTag kind={r.kind} status={r.status} warning={r.warning} />
          },
          ...whereCols,
          ...(tab !== 'out' ? [{ title: t('documents.col.due'), dataIndex: 'dueDate', width: 110 }] : []),
          {
            title: t('documents.col.since'),
            key: 'since',
            width: 150,
            render: (_: unknown, r) => <span title={shanghaiDateTime(r.since)}>{waited(t, now - r.since)}</span>
          }
        ]}
      />
      <ExternalRegistration open={external} onClose={() => setExternal(false)} />
    </Card>
  )
}
