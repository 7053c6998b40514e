import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseExportPdf } from '../ipc/validate'
import { FakeBrowserWindow, resetFake } from '../testing/fake-electron'
import { exportPdf } from './files'
import { renderHtmlToPdf } from './pdf'

vi.mock('electron', () => import('../testing/fake-electron').then((m) => m.electronModule))

const HTML =
  '<!doctype html><html><head><style>@page{size:A4;margin:37mm 26mm 35mm 28mm}</style></head><body><p>关于做好冬季森林防火工作的通知</p></body></html>'

afterEach(() => resetFake())

describe('公文 print in the shell: printToPDF of the page itself', () => {
  it('renders in a hidden window without script, preload or Node, by the page’s own @page size, and leaves nothing behind', async () => {
    let loaded = ''
    let loadedPath = ''
    FakeBrowserWindow.onCreate = (w) =>
      w.loadFile.mockImplementationOnce(async (path: string) => {
        loadedPath = path
        loaded = readFileSync(path, 'utf8')
      })
    const pdf = await renderHtmlToPdf(HTML)
    const win = FakeBrowserWindow.instances.at(-1)!
    expect(Buffer.from(pdf).subarray(0, 4).toString()).toBe('%PDF')
    expect(win.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, nodeIntegration: false, contextIsolation: true } })
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBeUndefined()
    expect(loadedPath).toMatch(/qf-print-[^/\\]+[/\\]print\.html$/)
    expect(loaded).toBe(HTML)
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ preferCSSPageSize: true, printBackground: true }))
    expect(win.destroy).toHaveBeenCalled()
    expect(existsSync(loadedPath)).toBe(false)
  })

  it('a failed printToPDF still closes the window and removes the page', async () => {
    let loadedPath = ''
    FakeBrowserWindow.onCreate = (w) => {
      w.loadFile.mockImplementationOnce(async (path: string) => void (loadedPath = path))
      w.webContents.printToPDF.mockRejectedValueOnce(new Error('renderer gone'))
    }
    await expect(renderHtmlToPdf(HTML)).rejects.toThrow('renderer gone')
    const win = FakeBrowserWindow.instances.at(-1)!
    expect(loadedPath).not.toBe('')
    expect(win.destroy).toHaveBeenCalled()
    expect(existsSync(loadedPath)).toBe(false)
  })

  it('saves the PDF where the user chooses; cancelling is not an error; a failure is worded', async () => {
    const written: [string, Uint8Array | string][] = []
    const deps = {
      downloadsDir: '/home/clerk/下载',
      render: vi.fn(async () => new Uint8Array([0x25, 0x50, 0x44, 0x46])),
      write: async (p: string, d: Uint8Array | string) => void written.push([p, d]),
      showSaveDialog: vi.fn(async (o: { defaultPath: string }) => ({ canceled: false, filePath: o.defaultPath }))
    }
    expect(await exportPdf({ html: HTML, fileName: '浠政办发〔2026〕1号' }, deps)).toEqual({ ok: true, value: true })
    expect(deps.render).toHaveBeenCalledWith(HTML)
    expect(written[0][0]).toBe('/home/clerk/下载/浠政办发〔2026〕1号.pdf')
    deps.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await exportPdf({ html: HTML, fileName: 'x' }, deps)).toEqual({ ok: true, value: false })
    deps.render.mockRejectedValueOnce(new Error('no printer backend'))
    expect(await exportPdf({ html: HTML, fileName: 'x' }, deps)).toMatchObject({ ok: false, code: 'PRINT_FAILED' })
    expect(written).toHaveLength(1)
  })

  it('the IPC arguments: an HTML string of bounded size and a safe file name', () => {
    expect(parseExportPdf([HTML, '../../etc/浠政办发〔2026〕1号.pdf'])).toEqual({ ok: true, value: { html: HTML, fileName: '浠政办发〔2026〕1号' } })
    expect(parseExportPdf([HTML]).ok).toBe(false)
    expect(parseExportPdf([42, 'a']).ok).toBe(false)
    expect(parseExportPdf(['x'.repeat(10 * 1024 * 1024 + 1), 'a']).ok).toBe(false)
  })
})
