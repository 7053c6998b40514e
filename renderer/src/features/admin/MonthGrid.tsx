/** One month, Monday first: 休 for days off that are not ordinary weekends, 班 for working weekends. */
import { Tooltip } from 'antd'
import type { YMD } from '@domain/calendar'
import type { DayCell } from './calendar/model'
import { useT } from '@renderer/core/i18n'
import type { MessageKey } from '@renderer/core/i18n/catalogue'

const SOURCE_KEY: Record<DayCell['source'], MessageKey> = {
  published: 'admin.source.published',
  'statutory-fallback': 'admin.source.statutory',
  override: 'admin.source.override',
  weekday: 'admin.source.weekday'
}

export function MonthGrid({ weeks, today, onPick }: { weeks: DayCell[][]; today: YMD; onPick?: (d: DayCell) => void }) {
  const t = useT()
  const names = t('admin.weekdays').split(',')
  return (
    <div>
      <table className="qf-cal" data-testid="admin-month">
        <thead>
          <tr>
            {names.map((n, i) => (
              <th key={n} className={i >= 5 ? 'qf-cal-weekend' : undefined}>
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w[0].date}>
              {w.map((d) => (
                <td key={d.date}>
                  <DayBox d={d} today={today} onPick={onPick} sourceLabel={t(SOURCE_KEY[d.source])} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="qf-cal-legend">
        <span>
          <i className="qf-cal-mark qf-cal-mark-rest">{t('admin.mark.rest')}</i>
          {t('admin.legend.rest')}
        </span>
        <span>
          <i className="qf-cal-mark qf-cal-mark-work">{t('admin.mark.work')}</i>
          {t('admin.legend.work')}
        </span>
        <span>
          <i className="qf-cal-override" />
          {t('admin.legend.override')}
        </span>
        <span>
          <i className="qf-cal-legend-prov" />
          {t('admin.legend.provisional')}
        </span>
      </div>
    </div>
  )
}

function DayBox({ d, today, onPick, sourceLabel }: { d: DayCell; today: YMD; onPick?: (d: DayCell) => void; sourceLabel: string }) {
  const t = useT()
  const cls = [
    'qf-cal-day',
    d.inMonth ? '' : 'qf-cal-out',
    d.mark === 'rest' ? 'qf-cal-rest' : d.mark === 'work' ? 'qf-cal-work' : d.work ? '' : 'qf-cal-off',
    d.provisional ? 'qf-cal-prov' : '',
    d.date === today ? 'qf-cal-today' : '',
    onPick && d.inMonth ? 'qf-cal-click' : ''
  ]
    .filter(Boolean)
    .join(' ')
  const box = (
    // biome-ignore lint/a11y/noStaticElementInteractions: a day cell of the month grid; focusable and Enter picks it when it can be picked.
    <div
      className={cls}
      data-testid={`day-${d.date}`}
      data-mark={d.mark ?? ''}
      data-work={d.work ? '1' : '0'}
      onClick={onPick && d.inMonth ? () => onPick(d) : undefined}
      onKeyDown={onPick && d.inMonth ? (e) => e.key === 'Enter' && onPick(d) : undefined}
      tabIndex={onPick && d.inMonth ? 0 : undefined}
    >
      <div className="qf-cal-num">{d.day}</div>
      {d.mark && <i className={`qf-cal-mark qf-cal-mark-${d.mark}`}>{t(d.mark === 'rest' ? 'admin.mark.rest' : 'admin.mark.work')}</i>}
      {d.name && <div className="qf-cal-name">{d.name}</div>}
      {d.override && <i className="qf-cal-override" />}
    </div>
  )
  if (!d.inMonth || (!d.name && !d.provisional)) return box
  const title = (
    <div>
      <div style={{ fontWeight: 600 }}>
        {d.date} · {t(d.work ? 'admin.override.workDay' : 'admin.override.rest')}
      </div>
      {d.name && (
        <div>
          {sourceLabel}：{d.name}
        </div>
      )}
      {d.provisional && <div>{t('admin.legend.provisional')}</div>}
    </div>
  )
  return <Tooltip title={title}>{box}</Tooltip>
}
