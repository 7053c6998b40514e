/**
 * HTML to PDF in the shell (Electron's printToPDF), for pages the renderer builds itself, such as
 * a 公文's GB/T 9704 printout (docs/decisions.md, "公文 print"). The page is written to a temporary
 * file and loaded in a hidden window with no script, no Node and no preload — it is data, not an
 * app page — and laid out by its own @page rules (A4, the standard's margins). The window and the
 * file are gone when the PDF is.
 */
import { BrowserWindow } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function renderHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-print-'))
  const file = join(dir, 'print.html')
  const win = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, images: true, spellcheck: false }
  })
  try {
    await writeFile(file, html, 'utf8')
    await win.loadFile(file)
    const pdf = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true })
    return new Uint8Array(pdf)
  } finally {
    win.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
