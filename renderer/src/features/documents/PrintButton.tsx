/**
 * 打印 / 导出PDF of an issued 发文: the GB/T 9704 HTML (print/gbt9704.ts) in an iframe, where
 * fitFooter places the 版记 at the bottom of the last page (no script runs inside: the CSP). Then
 * in the desktop shell the page as laid out is handed to DesktopApi.exportPdf (Electron's
 * printToPDF in a hidden window, main/capabilities/pdf.ts); in a browser the browser's print
 * dialog prints it (and saves a PDF). On a classified deployment the 份号 printed is chosen here.
 */
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, InputNumber, Modal, Space, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { OutgoingFields, OutgoingState } from '@domain/document'
import { useServices } from '@renderer/core/app/context'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { buildPrintable } from './print/build'
import { fitFooter, renderPrintHtml } from './print/gbt9704'

/** The laid-out page as one self-contained document (what printToPDF renders). */
export const serializePrintDocument = (d: Document): string => `<!doctype html>\n${d.documentElement.outerHTML}`

export function PrintButton({ doc, state, fields }: { doc: Y.Doc; state: OutgoingState; fields: OutgoingFields }) {
  const t = useT()
  const { message } = App.useApp()
  const { api } = useServices()
  const dir = useDirectory()
  const [open, setOpen] = useState(false)
  const [copyNo, setCopyNo] = useState<number | null>(fields.copies ? 1 : null)
  const [shell, setShell] = useState(false)
  const [exporting, setExporting] = useState(false)
  const frame = useRef<HTMLIFrameElement>(null)
  /** The page the preview has loaded and laid out (版记 placed): printing or exporting before that would take a blank or unfinished page. */
  const [laidOut, setLaidOut] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    void api.getConfig().then((c) => alive && setShell(c.shell === 'electron'))
    return () => void (alive = false)
  }, [api])
  const built = useMemo(() => {
    if (!open) return null
    const u = dir.units.get(state.header.draftingUnitId)
    return buildPrintable({
      fields,
      state,
      body: doc.getXmlFragment('body'),
      units: [...dir.units.values()],
      people: [...dir.people.values()],
      profile: u && { docCode: u.docCode, issuerMark: u.issuerMark, formalName: u.formalName },
      copyNo: fields.classification && copyNo ? copyNo : undefined
    })
  }, [open, dir, state, fields, doc, copyNo])
  useEffect(() => {
    if (built && !built.ok) {
      message.error(built.message)
      setOpen(false)
    }
  }, [built, message])
  const html = built?.ok ? renderPrintHtml(built.doc) : null
  const ready = html !== null && laidOut === html

  const exportPdf = async () => {
    const d = frame.current?.contentDocument
    if (!d) return
    setExporting(true)
    try {
      const name = `${state.docNumber ?? ''}${fields.title}`
      if (await api.exportPdf(serializePrintDocument(d), name)) message.success(t('documents.print.saved'))
    } catch (e) {
      message.error(t('documents.print.failed', { message: e instanceof Error ? e.message : String(e) }))
    } finally {
      setExporting(false)
    }
  }

  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={() => setOpen(true)} data-testid="doc-print">
        {t('documents.action.print')}
      </Button>
      <Modal
        open={!!html}
        width={900}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          <Space>
            {fields.classification && fields.copies ? (
              <Space size={4}>
                <Typography.Text>{t('documents.print.copyNo')}</Typography.Text>
                <InputNumber min={1} max={fields.copies} precision={0} value={copyNo} onChange={(v) => setCopyNo(v)} data-testid="doc-print-copyno" />
              </Space>
            ) : null}
            <Button onClick={() => setOpen(false)}>{t('form.cancel')}</Button>
            {shell && (
              <Button
                type="primary"
                icon={<FilePdfOutlined />}
                loading={exporting}
                disabled={!ready}
                onClick={() => void exportPdf()}
                data-testid="doc-export-pdf"
              >
                {t('documents.print.pdf')}
              </Button>
            )}
            <Button
              type={shell ? 'default' : 'primary'}
              icon={<PrinterOutlined />}
              disabled={!ready}
              onClick={() => frame.current?.contentWindow?.print()}
              data-testid="doc-print-go"
            >
              {t('documents.action.print')}
            </Button>
          </Space>
        }
      >
        {html && (
          <iframe
            ref={frame}
            title="print"
            srcDoc={html}
            style={{ width: '100%', height: '70vh', border: '1px solid #eee', background: '#fff' }}
            onLoad={(e) => {
              const d = e.currentTarget.contentDocument
              if (!d) return
              fitFooter(d)
              setLaidOut(html)
            }}
            data-testid="doc-print-frame"
          />
        )}
      </Modal>
    </>
  )
}
