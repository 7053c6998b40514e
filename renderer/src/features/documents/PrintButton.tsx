/**
 * 打印 / 导出PDF of an issued 发文: the GB/T 9704 HTML (print/gbt9704.ts) in an iframe; the
 * browser's print dialog prints it (and saves a PDF), the shell's too. The 版记 is placed at the
 * bottom of the last page by fitFooter on the iframe's document (no script runs inside: the CSP).
 */
import { PrinterOutlined } from '@ant-design/icons'
import { App, Button, Modal } from 'antd'
import { useRef, useState } from 'react'
import type * as Y from 'yjs'
import type { OutgoingFields, OutgoingState } from '@domain/document'
import { useDirectory } from '@renderer/core/data/hooks'
import { useT } from '@renderer/core/i18n'
import { buildPrintable } from './print/build'
import { fitFooter, renderPrintHtml } from './print/gbt9704'

export function PrintButton({ doc, state, fields }: { doc: Y.Doc; state: OutgoingState; fields: OutgoingFields }) {
  const t = useT()
  const { message } = App.useApp()
  const dir = useDirectory()
  const [html, setHtml] = useState<string | null>(null)
  const frame = useRef<HTMLIFrameElement>(null)
  const open = () => {
    const u = dir.units.get(state.header.draftingUnitId)
    const r = buildPrintable({
      fields,
      state,
      body: doc.getXmlFragment('body'),
      units: [...dir.units.values()],
      people: [...dir.people.values()],
      profile: u && { docCode: u.docCode, issuerMark: u.issuerMark, formalName: u.formalName }
    })
    if (!r.ok) return void message.error(r.message)
    setHtml(renderPrintHtml(r.doc))
  }
  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={open} data-testid="doc-print">
        {t('documents.action.print')}
      </Button>
      <Modal
        open={!!html}
        width={900}
        onCancel={() => setHtml(null)}
        okText={t('documents.action.print')}
        onOk={() => frame.current?.contentWindow?.print()}
        destroyOnHidden
      >
        {html && (
          <iframe
            ref={frame}
            title="print"
            srcDoc={html}
            style={{ width: '100%', height: '70vh', border: '1px solid #eee', background: '#fff' }}
            onLoad={(e) => {
              const d = e.currentTarget.contentDocument
              if (d) fitFooter(d)
            }}
            data-testid="doc-print-frame"
          />
        )}
      </Modal>
    </>
  )
}
