import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { err, ok, type Result } from '../result'
import type { SaveFileArgs } from '../ipc/validate'

/** The dialog call, reduced to what we use (Electron's dialog.showSaveDialog). */
export type ShowSaveDialog = (opts: {
  title: string
  defaultPath: string
  filters: Array<{ name: string; extensions: string[] }>
}) => Promise<{ canceled: boolean; filePath?: string }>

export interface FileDeps {
  showSaveDialog: ShowSaveDialog
  downloadsDir: string
  write?: (path: string, data: string | Uint8Array) => Promise<void>
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  'text/csv': { name: 'CSV 表格', extensions: ['csv'] },
  'text/plain': { name: '文本文件', extensions: ['txt'] },
  'application/json': { name: 'JSON', extensions: ['json'] },
  'application/pdf': { name: 'PDF 文档', extensions: ['pdf'] }
}

/**
 * The user picks the path in a native dialog; the renderer only suggests a
 * name. That keeps a compromised page from writing anywhere on disk.
 */
export async function saveFile(args: SaveFileArgs, deps: FileDeps): Promise<Result<boolean>> {
  const baseMime = args.mime.split(';')[0].trim()
  const filter = FILTERS[baseMime]
  const picked = await deps.showSaveDialog({
    title: '保存文件',
    defaultPath: join(deps.downloadsDir, args.fileName),
    filters: [...(filter ? [filter] : []), { name: '所有文件', extensions: ['*'] }]
  })
  if (picked.canceled || !picked.filePath) return ok(false)
  // Excel in zh-CN reads BOM-less CSV as GBK and garbles Chinese; the BOM fixes that.
  const content = typeof args.content === 'string' && baseMime === 'text/csv' && !args.content.startsWith('\ufeff') ? `\ufeff${args.content}` : args.content
  try {
    await (deps.write ?? writeFile)(picked.filePath, content)
    return ok(true)
  } catch (e) {
    return err('WRITE_FAILED', `文件保存失败：${e instanceof Error ? e.message : String(e)}`)
  }
}

export interface PrintDeps extends FileDeps {
  printToPDF: () => Promise<Uint8Array>
  title: string
}

/** "Print" in the shell = a PDF of the current view, saved where the user chooses. */
export async function printPage(deps: PrintDeps): Promise<Result<void>> {
  let pdf: Uint8Array
  try {
    pdf = await deps.printToPDF()
  } catch (e) {
    return err('PRINT_FAILED', `生成 PDF 失败：${e instanceof Error ? e.message : String(e)}`)
  }
  const picked = await deps.showSaveDialog({
    title: '导出 PDF',
    defaultPath: join(deps.downloadsDir, `${deps.title}.pdf`),
    filters: [FILTERS['application/pdf']]
  })
  if (picked.canceled || !picked.filePath) return ok(undefined)
  try {
    await (deps.write ?? writeFile)(picked.filePath, pdf)
    return ok(undefined)
  } catch (e) {
    return err('WRITE_FAILED', `文件保存失败：${e instanceof Error ? e.message : String(e)}`)
  }
}

export interface ExportPdfDeps extends FileDeps {
  /** The HTML page to PDF bytes (an offscreen window's printToPDF in the shell: pdf.ts). */
  render: (html: string) => Promise<Uint8Array>
}

/** A page the renderer built (a 公文's printout) as a PDF, saved where the user chooses; false when cancelled. */
export async function exportPdf(args: { html: string; fileName: string }, deps: ExportPdfDeps): Promise<Result<boolean>> {
  let saved = false
  const r = await printPage({
    ...deps,
    title: args.fileName,
    printToPDF: () => deps.render(args.html),
    write: async (path, data) => {
      await (deps.write ?? writeFile)(path, data)
      saved = true
    }
  })
  return r.ok ? ok(saved) : r
}
