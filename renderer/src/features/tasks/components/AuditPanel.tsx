/**
 * 审计记录 for reviewers on a task page: the record's hash-chained trail from
 * the server with a plain "chain verified" / "chain broken at record N" mark,
 * and "as it was at …" replay of any moment (server-side rebuild from the log).
 */
import { CloseCircleFilled, SafetyCertificateFilled, HistoryOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, DatePicker, Descriptions, Drawer, Empty, Space, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type dayjs from 'dayjs'
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react'
import type { WarningInfo } from '@domain/deadline'
import { useServices } from '@renderer/core/app/context'
import { eventLines } from './EventTimeline'
import { useDirectory, type DirectoryView } from '@renderer/core/data/hooks'
import { useT, type T } from '@renderer/core/i18n'
import {
  auditClient,
  hashPrefix,
  shanghaiDateTimeSec,
  shanghaiWallClockToMs,
  type AuditError,
  type AuditKind,
  type AuditRecord,
  type AuditReplay,
  type AuditTrail
} from '@renderer/features/oversight/audit'

const KIND_COLOR: Record<AuditKind, string> = { client: 'blue', server: 'geekblue', refused: 'red', event: 'orange' }
const PAGE = 20

function errorText(t: T, e: AuditError): string {
  if (e.code === 'FORBIDDEN') return t('audit.error.forbidden')
  if (e.code === 'NETWORK') return t('audit.error.network')
  if (e.code === 'UNAUTHORIZED') return t('audit.error.unauthorized')
  return t('audit.error.failed', { message: e.message })
}

/** `version` changes whenever the task changes, so the trail follows the record live. */
export function AuditPanel({ taskId, version }: { taskId: string; version?: string }) {
  const t = useT()
  const { session } = useServices()
  const dir = useDirectory()
  const client = useMemo(() => auditClient({ serverUrl: session.serverUrl, token: () => session.token, renew: () => session.renew() }), [session])
  const [trail, setTrail] = useState<AuditTrail | null>(null)
  const [error, setError] = useState<AuditError | null>(null)
  const [loading, setLoading] = useState(false)
  const [replay, setReplay] = useState<{ at: number; roomSeq?: number } | null>(null)
  const [picked, setPicked] = useState<dayjs.Dayjs | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    const r = await client.trail(taskId)
    setLoading(false)
    if (r.ok) {
      setTrail(r.value)
      setError(null)
    } else setError(r.error)
  }, [client, taskId])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: a new audit entry reloads the trail.
  useEffect(() => {
    void load()
  }, [load, version])

  const badFrom = trail && !trail.verified ? (trail.firstBad?.roomSeq ?? 1) : Infinity
  const columns: ColumnsType<AuditRecord> = [
    { title: t('audit.col.seq'), dataIndex: 'roomSeq', width: 64, align: 'right' },
    { title: t('audit.col.at'), key: 'at', width: 170, render: (_, r) => <span className="qf-mono">{shanghaiDateTimeSec(r.at)}</span> },
    { title: t('audit.col.kind'), key: 'kind', width: 104, render: (_, r) => <Tag color={KIND_COLOR[r.kind]}>{t(`audit.kind.${r.kind}`)}</Tag> },
    {
      title: t('audit.col.who'),
      key: 'who',
      width: 96,
      render: (_, r) => (r.userId ? (dir.people.has(r.userId) ? dir.personName(r.userId) : r.who) : t('audit.system'))
    },
    { title: t('audit.col.unit'), key: 'unit', width: 140, render: (_, r) => (r.unitId ? dir.unitName(r.unitId) : '—') },
    { title: t('audit.col.summary'), dataIndex: 'summary', render: (s: string) => <span className="qf-audit-summary">{s}</span> },
    {
      title: t('audit.col.hash'),
      key: 'hash',
      width: 130,
      render: (_, r) => (
        <Tooltip
          title={
            <div className="qf-hash-tip">
              <div>{t('audit.hash')}</div>
              <code>{r.hash}</code>
              <div>{t('audit.prevHash')}</div>
              <code>{r.prevHash}</code>
              {r.bytes > 0 && <div>{t('audit.bytes', { bytes: r.bytes })}</div>}
            </div>
          }
        >
          <code className="qf-hash" data-testid="audit-hash">
            {hashPrefix(r.hash)}
          </code>
        </Tooltip>
      )
    },
    {
      title: '',
      key: 'replay',
      width: 110,
      className: 'qf-no-print',
      render: (_, r) => (
        <Button
          size="small"
          type="link"
          icon={<HistoryOutlined />}
          data-testid={`replay-at-${r.roomSeq}`}
          onClick={(e) => {
            e.stopPropagation()
            setReplay({ at: r.at, roomSeq: r.roomSeq })
          }}
        >
          {t('audit.replayHere')}
        </Button>
      )
    }
  ]

  const pickedAt = picked ? shanghaiWallClockToMs(picked.format('YYYY-MM-DD HH:mm:ss')) : null

  return (
    <div className="qf-audit" data-testid="audit-panel">
      <div className="qf-audit-head">
        <Space size={12} wrap>
          <SafetyCertificateOutlined style={{ fontSize: 18, color: '#1f6f5c' }} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('audit.title')}
          </Typography.Title>
          {trail && <ChainMark trail={trail} t={t} />}
          {trail && <Typography.Text type="secondary">{t('audit.count', { count: trail.records.length })}</Typography.Text>}
        </Space>
        <Space wrap className="qf-no-print">
          <Typography.Text type="secondary">{t('audit.replayAt')}</Typography.Text>
          <DatePicker
            showTime
            value={picked}
            onChange={setPicked}
            format="YYYY-MM-DD HH:mm:ss"
            placeholder={t('audit.replayPick')}
            data-testid="replay-picker"
            style={{ width: 210 }}
          />
          <Button
            icon={<HistoryOutlined />}
            disabled={pickedAt === null}
            onClick={() => pickedAt !== null && setReplay({ at: pickedAt + 999 })}
            data-testid="replay-go"
          >
            {t('audit.replayGo')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="audit-refresh">
            {t('audit.refresh')}
          </Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} data-testid="audit-error" />}
      {!trail && !error ? (
        <Spin description={t('audit.loading')}>
          <div style={{ height: 96 }} />
        </Spin>
      ) : trail ? (
        <Table<AuditRecord>
          rowKey="roomSeq"
          size="small"
          columns={columns}
          dataSource={trail.records}
          pagination={trail.records.length > PAGE ? { pageSize: PAGE, showSizeChanger: false } : false}
          rowClassName={(r) => (r.roomSeq >= badFrom ? 'qf-audit-bad' : r.kind === 'refused' ? 'qf-audit-refused' : '')}
          onRow={(r) => ({ 'data-testid': `audit-record-${r.roomSeq}`, 'data-kind': r.kind, 'data-at': r.at }) as HTMLAttributes<HTMLElement>}
        />
      ) : null}
      {replay && <ReplayDrawer taskId={taskId} at={replay.at} roomSeq={replay.roomSeq} client={client} dir={dir} onClose={() => setReplay(null)} />}
    </div>
  )
}

function ChainMark({ trail, t }: { trail: AuditTrail; t: T }) {
  return trail.verified ? (
    <span className="qf-chain qf-chain-ok" data-testid="chain-verified" data-ok="true">
      <SafetyCertificateFilled /> {t('audit.verified')}
    </span>
  ) : (
    <Tooltip title={trail.firstBad?.reason}>
      <span className="qf-chain qf-chain-bad" data-testid="chain-verified" data-ok="false" data-first-bad={trail.firstBad?.roomSeq}>
        <CloseCircleFilled /> {t('audit.broken', { n: trail.firstBad?.roomSeq ?? '?' })}
      </span>
    </Tooltip>
  )
}

function warningText(t: T, w: WarningInfo): { color: string; text: string } {
  switch (w.level) {
    case 'red':
      return { color: 'red', text: w.lateWorkingDays ? t('warn.redDays', { days: w.lateWorkingDays }) : t('warn.red') }
    case 'yellow':
      return { color: 'gold', text: w.remainingWorkingDays !== undefined ? t('warn.yellowDays', { days: w.remainingWorkingDays }) : t('warn.yellow') }
    case 'done_on_time':
      return { color: 'green', text: t('warn.onTime') }
    case 'done_late':
      return { color: 'volcano', text: t('warn.late', { days: w.lateWorkingDays ?? 1 }) }
    case 'cancelled':
      return { color: 'default', text: t('status.cancelled') }
    default:
      return { color: 'default', text: w.remainingWorkingDays !== undefined ? t('warn.daysLeft', { days: w.remainingWorkingDays }) : t('warn.normal') }
  }
}

function ReplayDrawer(props: {
  taskId: string
  at: number
  roomSeq?: number
  client: ReturnType<typeof auditClient>
  dir: DirectoryView
  onClose: () => void
}) {
  const { taskId, at, roomSeq, client, dir, onClose } = props
  const t = useT()
  const [data, setData] = useState<AuditReplay | null>(null)
  const [error, setError] = useState<AuditError | null>(null)

  useEffect(() => {
    let alive = true
    setData(null)
    setError(null)
    void client.replay(taskId, at).then((r) => {
      if (!alive) return
      if (r.ok) setData(r.value)
      else setError(r.error)
    })
    return () => {
      alive = false
    }
  }, [client, taskId, at])

  const state = data?.state ?? null
  const meta = data?.meta ?? null
  const events = (data?.events ?? []).filter((e) => e.at !== undefined)
  const w = state ? warningText(t, state.warning) : null
  const original = state && state.originalDeadline.dueDate !== state.deadline.dueDate ? state.originalDeadline.dueDate : null

  return (
    <Drawer open size={600} onClose={onClose} destroyOnHidden title={t('audit.replayTitle', { time: shanghaiDateTimeSec(at) })}>
      <div data-testid="replay-view" data-at={at} data-room-seq={roomSeq ?? ''}>
        <Alert type="info" showIcon title={t('audit.replayNote')} style={{ marginBottom: 16 }} />
        {error ? (
          <Alert type="error" showIcon title={errorText(t, error)} />
        ) : !data ? (
          <Spin>
            <div style={{ height: 120 }} />
          </Spin>
        ) : !meta ? (
          <Empty description={t('audit.replayEmpty')} />
        ) : (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {meta.title}
            </Typography.Title>
            <Descriptions
              bordered
              size="small"
              column={1}
              items={[
                {
                  key: 'status',
                  label: t('tasks.col.status'),
                  children: (
                    <Tag color="processing" data-testid="replay-status" data-status={state?.status ?? ''}>
                      {state ? t(`status.${state.status}`) : '—'}
                    </Tag>
                  )
                },
                {
                  key: 'due',
                  label: t('task.deadline'),
                  children: state ? (
                    <Space size={6} wrap data-testid="replay-due">
                      <span>{state.deadline.dueDate}</span>
                      {state.deadline.provisional && <Tag color="orange">{t('due.provisional')}</Tag>}
                      {original && (
                        <Typography.Text type="secondary" delete>
                          {t('due.original', { date: original })}
                        </Typography.Text>
                      )}
                    </Space>
                  ) : (
                    t('due.none')
                  )
                },
                {
                  key: 'warn',
                  label: t('tasks.col.warning'),
                  children: w ? (
                    <Tag color={w.color} data-testid="replay-warning" data-level={state?.warning.level}>
                      {w.text}
                    </Tag>
                  ) : (
                    '—'
                  )
                },
                { key: 'lead', label: t('task.lead'), children: dir.unitName(meta.leadUnitId) },
                { key: 'assist', label: t('task.assist'), children: meta.assistUnitIds.map((u) => dir.unitName(u)).join(t('list.sep')) || '—' },
                {
                  key: 'signed',
                  label: t('task.signed'),
                  children:
                    state && Object.keys(state.signed).length
                      ? Object.keys(state.signed)
                          .map((u) => dir.unitName(u))
                          .join(t('list.sep'))
                      : '—'
                },
                {
                  key: 'ext',
                  label: t('oversight.col.extensions'),
                  children: state ? state.extensions.filter((x) => x.decision?.granted).length : '—'
                }
              ]}
            />
            <Typography.Text strong>{t('audit.replayEvents')}</Typography.Text>
            {events.length === 0 ? (
              <Typography.Text type="secondary">{t('audit.replayNoEvents')}</Typography.Text>
            ) : (
              <Timeline
                data-testid="replay-events"
                items={events.map(({ event: ev, at: evAt }) => ({
                  key: ev.id,
                  content: (
                    <div data-testid={`replay-event-${ev.type}`}>
                      <Space size={8} wrap>
                        <Typography.Text strong>{t(`event.${ev.type}`)}</Typography.Text>
                        <span>{dir.personName(ev.actorId)}</span>
                        <Typography.Text type="secondary">{dir.unitName(ev.unitId)}</Typography.Text>
                        {evAt !== undefined && (
                          <Typography.Text type="secondary" className="qf-mono">
                            {shanghaiDateTimeSec(evAt)}
                          </Typography.Text>
                        )}
                      </Space>
                      {eventLines(t, ev, dir).map((l, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one event's text have no identity but their order.
                        <div key={i} className="qf-event-text">
                          {l}
                        </div>
                      ))}
                    </div>
                  )
                }))}
              />
            )}
          </Space>
        )}
      </div>
    </Drawer>
  )
}
