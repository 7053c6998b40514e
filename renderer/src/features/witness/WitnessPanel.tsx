/**
 * Shown to reviewers (纪委监委) at the top of the oversight workspace: each visit
 * checks the server's audit log against the signed heads this computer holds
 * (./witness.ts) and raises a red alarm with the details when it fails. Exports
 * the heads (DesktopApi.saveFile) and prints a 存证单 (DesktopApi.printPage).
 */
import { ExportOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, App, Button, Space } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { shanghaiDate } from '@domain/calendar'
import { useServices } from '@renderer/core/app/context'
import { useCounty } from '@renderer/core/platform/county'
import { useT } from '@renderer/core/i18n'
import { shanghaiDateTime } from '@renderer/core/i18n/time'
import { safeFileName } from '@renderer/features/oversight/csv'
import { checkLog, dexieWitnessStore, headsFile, webSha256, webVerifySig, type Fetched, type WitnessReport } from './witness'
import './witness.css'

export function WitnessPanel() {
  const t = useT()
  const county = useCounty()
  const { message } = App.useApp()
  const { session, db, api, user } = useServices()
  const store = useMemo(() => dexieWitnessStore(db.witness), [db])
  const [report, setReport] = useState<WitnessReport | null>(null)

  useEffect(() => {
    let live = true
    const get = async (path: string): Promise<Fetched> => {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const res = await fetch(new URL(path, session.serverUrl).toString(), {
            headers: { authorization: `Bearer ${session.token ?? ''}` },
            signal: AbortSignal.timeout(15_000)
          })
          if (res.status === 401 && attempt === 0 && (await session.renew()) === 'ok') continue
          const body: unknown = await res.json().catch(() => null)
          if (res.ok) return { ok: true, body }
          return { ok: false, message: (body as { message?: string } | null)?.message ?? `HTTP ${res.status}` }
        } catch (e) {
          return { ok: false, message: e instanceof Error ? e.message : String(e) }
        }
      }
      return { ok: false, message: 'HTTP 401' }
    }
    void checkLog({ get, store, sha256: webSha256, verifySig: webVerifySig, now: () => session.now() }).then((r) => live && setReport(r))
    return () => {
      live = false
    }
  }, [session, store])

  const exportHeads = async () => {
    const name = `${safeFileName(t('witness.file', { date: shanghaiDate(session.now()) }))}.json`
    try {
      const content = headsFile(await store.heads(), await store.key(), session.now())
      if (await api.saveFile(name, content, 'application/json')) message.success(t('witness.exportDone', { name }))
    } catch (e) {
      message.error(t('witness.exportFailed', { message: e instanceof Error ? e.message : String(e) }))
    }
  }

  const printCert = async () => {
    document.body.classList.add('qf-print-cert')
    const title = document.title
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 60)))
    document.title = t('witness.cert.title', { county: county?.name ?? '' })
    try {
      await api.printPage()
    } catch (e) {
      message.error(t('witness.exportFailed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      document.title = title
      document.body.classList.remove('qf-print-cert')
    }
  }

  if (!report) return <Alert className="qf-no-print qf-witness" type="info" showIcon title={t('witness.checking')} data-testid="witness-checking" />
  if (report.state === 'offline')
    return (
      <Alert
        className="qf-no-print qf-witness"
        type="warning"
        showIcon
        title={t('witness.offline', { message: report.message })}
        data-testid="witness-offline"
      />
    )

  const head = report.head
  const bad = report.state === 'alarm'
  const problems = report.problems.map((p) => t(`witness.problem.${p.code}`, p.vars))
  const actions = (
    <Space className="qf-no-print">
      <Button size="small" icon={<ExportOutlined />} onClick={() => void exportHeads()} data-testid="witness-export">
        {t('witness.export')}
      </Button>
      {head && (
        <Button size="small" icon={<PrinterOutlined />} onClick={() => void printCert()} data-testid="witness-print">
          {t('witness.print')}
        </Button>
      )}
    </Space>
  )
  return (
    <>
      {bad ? (
        <Alert
          className="qf-witness"
          type="error"
          showIcon
          data-testid="witness-alarm"
          title={t('witness.alarm.title')}
          description={
            <>
              <ul className="qf-witness-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <div>{t('witness.alarm.hint')}</div>
            </>
          }
          action={actions}
        />
      ) : (
        <Alert
          className="qf-no-print qf-witness"
          type="success"
          showIcon
          icon={<SafetyCertificateOutlined />}
          data-testid="witness-ok"
          data-size={head?.size}
          title={report.state === 'first' ? t('witness.okFirst', { size: head!.size }) : t('witness.ok', { count: report.held, size: head!.size })}
          description={problems.length ? problems.join('；') : undefined}
          action={actions}
        />
      )}
      {head && (
        <div className="qf-witness-cert" data-testid="witness-cert">
          <h2>{t('witness.cert.title', { county: county?.name ?? '' })}</h2>
          <table>
            <tbody>
              <tr>
                <th>{t('witness.cert.size')}</th>
                <td>{head.size}</td>
              </tr>
              <tr>
                <th>{t('witness.cert.root')}</th>
                <td className="qf-mono">{head.root}</td>
              </tr>
              <tr>
                <th>{t('witness.cert.time')}</th>
                <td>{shanghaiDateTime(head.at)}</td>
              </tr>
              <tr>
                <th>{t('witness.cert.alg')}</th>
                <td>
                  {head.alg} / {head.keyId}
                </td>
              </tr>
              <tr>
                <th>{t('witness.cert.sig')}</th>
                <td className="qf-mono">{head.sig}</td>
              </tr>
              <tr>
                <th>{t('witness.cert.held')}</th>
                <td>{report.held}</td>
              </tr>
              <tr>
                <th>{t('witness.cert.result')}</th>
                <td>{bad ? `${t('witness.cert.resultBad')}：${problems.join('；')}` : t('witness.cert.resultOk')}</td>
              </tr>
            </tbody>
          </table>
          <p>{t('witness.cert.by', { name: `${user.name}${user.title ? ` ${user.title}` : ''}`, time: shanghaiDateTime(session.now()) })}</p>
        </div>
      )}
    </>
  )
}
