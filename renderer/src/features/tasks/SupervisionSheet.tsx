/**
 * 督办单: the task on paper — number, title, requirement, lead and assisting units,
 * deadline, each step with its server time, and a signature block. Printed (and saved
 * as PDF) through the same path as the oversight export: DesktopApi.printPage with the
 * print stylesheet; on screen it is hidden (tasks.css).
 */
import { requirementOf, titleOf, type OrderedEvent } from '@domain/task/workflow'
import type { TaskMeta, TaskState } from '@domain/task/types'
import { eventLines } from './components/EventTimeline'
import type { DirectoryView } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'

export function SupervisionSheet(props: {
  meta: TaskMeta
  state: TaskState | null
  events: OrderedEvent[]
  dir: DirectoryView
  now: number
  printedBy: string
}) {
  const { meta, state, events, dir, now, printedBy } = props
  const t = useT()
  const original = state && state.originalDeadline.dueDate !== state.deadline.dueDate ? state.originalDeadline.dueDate : null
  return (
    <div className="qf-print-only qf-sheet" data-testid="supervision-sheet">
      <div className="qf-print-head">
        <div className="qf-print-title">{t('tasks.sheet.title')}</div>
        <div className="qf-print-meta">{t('tasks.sheet.printedAt', { time: `${shanghaiDateTime(now)} ${printedBy}` })}</div>
      </div>
      <table className="qf-sheet-grid">
        <tbody>
          <tr>
            <th>{t('tasks.sheet.number')}</th>
            <td data-testid="sheet-number">{state?.number ?? '—'}</td>
            <th>{t('tasks.sheet.deadline')}</th>
            <td data-testid="sheet-deadline">
              {state?.deadline.dueDate ?? '—'}
              {original ? `（${t('due.original', { date: original })}）` : ''}
            </td>
          </tr>
          <tr>
            <th>{t('tasks.sheet.subject')}</th>
            <td colSpan={3} data-testid="sheet-title">
              {titleOf(meta, state)}
            </td>
          </tr>
          <tr>
            <th>{t('tasks.sheet.requirement')}</th>
            <td colSpan={3} className="qf-sheet-text">
              {requirementOf(meta, state) || '—'}
            </td>
          </tr>
          <tr>
            <th>{t('tasks.sheet.lead')}</th>
            <td>{dir.unitName(meta.leadUnitId)}</td>
            <th>{t('tasks.sheet.assist')}</th>
            <td>{meta.assistUnitIds.map((u) => dir.unitName(u)).join('、') || '—'}</td>
          </tr>
          <tr>
            <th>{t('tasks.sheet.assignedBy')}</th>
            <td>
              {dir.personName(meta.assignedBy)} {dir.people.get(meta.assignedBy)?.title ?? ''}
              {meta.recordedBy ? `（${t('tasks.recordedBy', { name: dir.personName(meta.recordedBy) })}）` : ''}
            </td>
            <th>{t('tasks.sheet.status')}</th>
            <td>{state ? t(`status.${state.status}`) : '—'}</td>
          </tr>
        </tbody>
      </table>
      <div className="qf-sheet-section">{t('tasks.sheet.steps')}</div>
      <table className="qf-sheet-grid qf-sheet-steps">
        <thead>
          <tr>
            <th style={{ width: '22%' }}>{t('tasks.sheet.time')}</th>
            <th style={{ width: '14%' }}>{t('tasks.sheet.step')}</th>
            <th style={{ width: '24%' }}>{t('tasks.sheet.actor')}</th>
            <th>{t('tasks.sheet.content')}</th>
          </tr>
        </thead>
        <tbody>
          {events
            .filter((e) => e.at !== undefined)
            .map(({ event: ev, at }) => (
              <tr key={ev.id} data-testid="sheet-step">
                <td>{shanghaiDateTime(at!)}</td>
                <td>{t(`event.${ev.type}`)}</td>
                <td>
                  {dir.unitName(ev.unitId)} {dir.personName(ev.actorId)}
                </td>
                <td className="qf-sheet-text">{eventLines(t, ev, dir).join('；')}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <div className="qf-sheet-signs">
        {(['tasks.sheet.signLeader', 'tasks.sheet.signLead', 'tasks.sheet.signOffice'] as const).map((k) => (
          <div key={k} className="qf-sheet-sign">
            <div>{t(k)}</div>
            <div className="qf-sheet-date">{t('tasks.sheet.date')}</div>
          </div>
        ))}
      </div>
    </div>
  )
}
