/**
 * 归档查询: archived records the person may read, searched on the server (they are no longer
 * synced into the local store); a row opens the record's own page, whose room is fetched on demand
 * and refuses every change (docs/decisions.md, "Archive").
 */
import { Alert, Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useServices } from '@renderer/core/app/context'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTimeSec } from '@renderer/core/i18n/time'
import { navigate } from '@renderer/core/router/hash'
import { ARCHIVE_KINDS, ArchiveApiError, archivedRecordPath, searchArchive, type ArchivedRecord } from './archiveApi'

const KIND_COLOR: Record<string, string> = { task: 'blue', docin: 'green', docout: 'cyan', notice: 'purple' }

export function ArchivePage() {
  const t = useT()
  const { session } = useServices()
  const [q, setQ] = useState('')
  const [year, setYear] = useState('')
  const [kind, setKind] = useState('')
  const [rows, setRows] = useState<ArchivedRecord[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)

  const run = useCallback(
    async (query: { q: string; year: string; kind: string }) => {
      setLoading(true)
      try {
        const ask = () => searchArchive(session.serverUrl, session.token, { q: query.q.trim(), year: query.year.trim(), kind: query.kind })
        // An expired access token is renewed once, as every other call to the server does.
        setRows(
          await ask().catch(async (e: unknown) => {
            if (!(e instanceof ArchiveApiError) || e.code !== 'UNAUTHORIZED' || (await session.renew()) !== 'ok') throw e
            return ask()
          })
        )
        setError(null)
      } catch (e) {
        setError(t('archive.error', { message: (e as Error).message }))
      } finally {
        setLoading(false)
      }
    },
    [session, t]
  )
  useEffect(() => void run({ q: '', year: '', kind: '' }), [run])
  const kindName = (k: string) => ((ARCHIVE_KINDS as readonly string[]).includes(k) ? t(`archive.kind.${k as (typeof ARCHIVE_KINDS)[number]}`) : k)

  return (
    <Card title={t('archive.title')} data-testid="archive-page">
      <Typography.Paragraph type="secondary">{t('archive.hint')}</Typography.Paragraph>
      <Form layout="inline" onFinish={() => void run({ q, year, kind })} style={{ marginBottom: 12 }}>
        <Form.Item label={t('archive.q')}>
          <Input value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} allowClear data-testid="archive-q" />
        </Form.Item>
        <Form.Item label={t('archive.year')}>
          <Input value={year} onChange={(e) => setYear(e.target.value.replace(/\D/g, '').slice(0, 4))} style={{ width: 90 }} data-testid="archive-year" />
        </Form.Item>
        <Form.Item label={t('archive.col.kind')}>
          <Select
            value={kind}
            onChange={setKind}
            style={{ width: 140 }}
            data-testid="archive-kind"
            options={[{ value: '', label: t('archive.kind.all') }, ...ARCHIVE_KINDS.map((k) => ({ value: k, label: kindName(k) }))]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading} data-testid="archive-search">
          {t('archive.search')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="archive-error" />}
      <Table<ArchivedRecord>
        rowKey="room"
        size="small"
        loading={loading}
        dataSource={rows ?? []}
        locale={{ emptyText: t('archive.empty') }}
        onRow={(r) => ({
          onClick: () => {
            const path = archivedRecordPath(r)
            if (path) navigate(path)
          },
          style: { cursor: archivedRecordPath(r) ? 'pointer' : undefined },
          'data-testid': `archive-row-${r.id}`
        })}
        columns={[
          { title: t('archive.col.title'), dataIndex: 'title' },
          { title: t('archive.col.number'), dataIndex: 'number', width: 180 },
          {
            title: t('archive.col.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: string) => (
              <Tag color={KIND_COLOR[k]} data-testid="archive-kind-tag">
                {kindName(k)}
              </Tag>
            )
          },
          { title: t('archive.col.year'), dataIndex: 'year', width: 80 },
          { title: t('archive.col.archivedAt'), dataIndex: 'archivedAt', width: 180, render: (at: number) => shanghaiDateTimeSec(at) }
        ]}
      />
    </Card>
  )
}
