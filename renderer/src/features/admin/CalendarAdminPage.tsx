/**
 * 系统管理 → 工作日历. The month view shows holidays (休) and make-up
 * working days (班) from the published schedule plus the administrator's
 * entries; years without official data are flagged provisional. Admins add and
 * remove entries (each with a reason that reaches the affected records'
 * trails), mark a year's official schedule complete and edit the 代办件 table.
 * Anyone else may look: everything is read-only for them, and the server
 * refuses their writes anyway.
 */
import { CalendarOutlined, DeleteOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Col, Empty, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { shanghaiDate, type CalendarOverride } from '@domain/calendar'
import { weekdayOfDayNumber, toDayNumber } from '@domain/calendar/ymd'
import { useServices } from '@renderer/core/app/context'
import { buildMonthView, calendarOf, selectableYears, yearCounts, yearStatus, type DayCell } from './calendar/model'
import { useCalendarRoom, type WriteResult } from './calendar/useCalendarRoom'
import { useT } from '@renderer/core/i18n'
import { AgencyTypesCard } from './AgencyTypesCard'
import { MonthGrid } from './MonthGrid'
import { OverrideForm, type OverridePrefill } from './OverrideForm'
import './calendar-admin.css'

export function CalendarAdminPage() {
  const t = useT()
  const { message } = App.useApp()
  const { session } = useServices()
  const cal = useCalendarRoom()
  const today = shanghaiDate(session.now())
  const [year, setYear] = useState(() => Number(today.slice(0, 4)))
  const [month, setMonth] = useState(() => Number(today.slice(5, 7)))
  const [prefill, setPrefill] = useState<OverridePrefill | null>(null)

  const snapshot = useMemo(
    () => ({ overrides: cal.overrides, officialYears: cal.officialYears, agencyTypes: cal.agencyTypes }),
    [cal.overrides, cal.officialYears, cal.agencyTypes]
  )
  const workCal = useMemo(() => calendarOf(snapshot), [snapshot])
  const weeks = useMemo(() => buildMonthView(workCal, snapshot, year, month), [workCal, snapshot, year, month])
  const counts = useMemo(() => yearCounts(workCal, snapshot, year), [workCal, snapshot, year])
  const status = yearStatus(year, snapshot)
  const years = selectableYears(today, snapshot)
  const yearOverrides = cal.overrides.filter((o) => o.date.startsWith(`${year}-`))
  const writable = cal.canWrite && cal.synced

  const report = (r: WriteResult, ok: string): boolean => {
    if (r.ok) message.success(ok)
    else message.error(t(r.error))
    return r.ok
  }
  const goMonth = (delta: number) => {
    const m = month - 1 + delta
    setYear(year + Math.floor(m / 12))
    setMonth((((m % 12) + 12) % 12) + 1)
  }
  const pick = (d: DayCell) => setPrefill((p) => ({ date: d.date, work: !d.work, seq: (p?.seq ?? 0) + 1 }))
  const addOverride = (v: { date: string; work: boolean; kind: 'official' | 'local'; reason: string }) => {
    const r = cal.setOverride(v)
    if (report(r, t('admin.saved'))) {
      setYear(Number(v.date.slice(0, 4)))
      setMonth(Number(v.date.slice(5, 7)))
    }
    return r
  }
  const weekdayName = (date: string) => t('admin.weekdaysLong').split(',')[(weekdayOfDayNumber(toDayNumber(date)) + 6) % 7]

  const columns = [
    {
      title: t('admin.override.date'),
      dataIndex: 'date',
      key: 'date',
      width: 150,
      render: (d: string) => (
        <Space size={6}>
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {d}
          </Typography.Text>
          <Typography.Text type="secondary">{weekdayName(d)}</Typography.Text>
        </Space>
      )
    },
    {
      title: t('admin.override.work'),
      dataIndex: 'work',
      key: 'work',
      width: 90,
      render: (w: boolean) => <Tag color={w ? 'orange' : 'red'}>{t(w ? 'admin.override.workDay' : 'admin.override.rest')}</Tag>
    },
    {
      title: t('admin.override.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (k: CalendarOverride['kind']) => (
        <Tag color={k === 'official' ? 'blue' : 'purple'}>{t(k === 'official' ? 'admin.override.official' : 'admin.override.local')}</Tag>
      )
    },
    { title: t('admin.override.reason'), dataIndex: 'reason', key: 'reason', render: (r: string) => <span data-testid="admin-ovr-row-reason">{r}</span> },
    ...(cal.canWrite
      ? [
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, o: CalendarOverride) => (
              <Popconfirm
                title={t('admin.override.removeConfirm', { date: o.date })}
                okText={t('admin.override.remove')}
                okButtonProps={{ danger: true, ...({ 'data-testid': 'admin-ovr-remove-ok' } as object) }}
                onConfirm={() => void report(cal.removeOverride(o.date, o.kind), t('admin.override.removed', { date: o.date }))}
                disabled={!writable}
              >
                <Button type="link" danger size="small" icon={<DeleteOutlined />} disabled={!writable} data-testid={`admin-ovr-remove-${o.date}`}>
                  {t('admin.override.remove')}
                </Button>
              </Popconfirm>
            )
          }
        ]
      : [])
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="admin-calendar">
      {!cal.canWrite && <Alert type="info" showIcon title={t('admin.readOnly')} data-testid="admin-readonly" />}
      {cal.denial && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: cal.clearDenial }}
          title={t('admin.denied', { reason: cal.denial.message })}
          data-testid="admin-denial"
        />
      )}
      <Card
        variant="borderless"
        title={
          <Space size={12}>
            <CalendarOutlined />
            {t('admin.calendar.title')}
            {!cal.synced && <Tag data-testid="admin-syncing">{t('admin.syncing')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Select
              value={year}
              onChange={setYear}
              style={{ width: 150 }}
              data-testid="admin-year"
              options={years.map((y) => ({
                value: y,
                label: (
                  <Space size={4}>
                    {t('admin.yearOption', { year: y })}
                    {yearStatus(y, snapshot).provisional && (
                      <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                        {t('admin.provisionalTag')}
                      </Tag>
                    )}
                  </Space>
                )
              }))}
            />
            <Button icon={<LeftOutlined />} onClick={() => goMonth(-1)} aria-label={t('admin.prevMonth')} data-testid="admin-prev-month" />
            <Typography.Text strong style={{ minWidth: 96, display: 'inline-block', textAlign: 'center' }} data-testid="admin-month-title">
              {t('admin.monthTitle', { year, month })}
            </Typography.Text>
            <Button icon={<RightOutlined />} onClick={() => goMonth(1)} aria-label={t('admin.nextMonth')} data-testid="admin-next-month" />
            <Button
              onClick={() => {
                setYear(Number(today.slice(0, 4)))
                setMonth(Number(today.slice(5, 7)))
              }}
            >
              {t('admin.today')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('admin.calendar.subtitle')}</Typography.Paragraph>
        {status.provisional ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('admin.year.provisional', { year })}
            description={t('admin.year.provisionalHint')}
            data-testid="admin-provisional"
          />
        ) : (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t(status.published ? 'admin.year.published' : 'admin.year.marked', { year })}
            data-testid="admin-year-status"
          />
        )}
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={15}>
            <MonthGrid weeks={weeks} today={today} onPick={writable ? pick : undefined} />
          </Col>
          <Col xs={24} xl={9}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <div className="qf-cal-official">
                <div>
                  <div style={{ fontWeight: 600 }}>{t('admin.official.switch')}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {status.published && !status.markedOfficial ? t('admin.official.publishedNote') : t('admin.official.note', { year })}
                  </Typography.Text>
                </div>
                <Switch
                  checked={status.published || status.markedOfficial}
                  disabled={!writable || (status.published && !status.markedOfficial)}
                  onChange={(on) => void report(cal.setYearOfficial(year, on), t(on ? 'admin.official.on' : 'admin.official.off', { year }))}
                  data-testid="admin-official-switch"
                />
              </div>
              <div className="qf-cal-stats">
                <Stat label={t('admin.stats.workingDays')} value={counts.workingDays} unit={t('admin.unit.day')} />
                <Stat label={t('admin.stats.restDays')} value={counts.restDays} unit={t('admin.unit.day')} />
                <Stat label={t('admin.stats.makeUpDays')} value={counts.makeUpDays} unit={t('admin.unit.day')} />
                <Stat label={t('admin.stats.overrides')} value={counts.overrides} unit={t('admin.unit.item')} />
              </div>
              {cal.canWrite && (
                <Card size="small" title={t('admin.override.addTitle')} data-testid="admin-ovr-form">
                  <OverrideForm overrides={cal.overrides} disabled={!writable} prefill={prefill} onSubmit={addOverride} />
                </Card>
              )}
            </Space>
          </Col>
        </Row>
      </Card>

      <Card variant="borderless" title={t('admin.override.title', { year })} data-testid="admin-overrides">
        <Table<CalendarOverride>
          rowKey={(o: CalendarOverride) => `${o.date}#${o.kind}`}
          size="middle"
          pagination={false}
          dataSource={yearOverrides}
          columns={columns}
          onRow={(o) => ({ 'data-testid': `admin-ovr-row-${o.date}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.override.empty', { year })} /> }}
        />
      </Card>

      <AgencyTypesCard
        types={cal.effectiveAgencyTypes}
        custom={cal.agencyTypes !== null}
        canWrite={cal.canWrite}
        disabled={!writable}
        onSave={(types) => {
          const r = cal.setAgencyTypes(types)
          report(r, t('admin.agency.saved'))
          return r
        }}
      />
    </Space>
  )
}

function Stat({ label, value, unit }: { label: string; value: number; unit: string }) {
  return (
    <div className="qf-cal-stat">
      <div className="qf-cal-stat-label">{label}</div>
      <div className="qf-cal-stat-value">
        {value}
        <span className="qf-cal-stat-unit">{unit}</span>
      </div>
    </div>
  )
}
