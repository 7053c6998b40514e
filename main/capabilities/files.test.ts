import { describe, expect, it, vi } from 'vitest'
import { printPage, saveFile, type ShowSaveDialog } from './files'

const picked = (filePath?: string): ShowSaveDialog => vi.fn(async () => (filePath ? { canceled: false, filePath } : { canceled: true }))

describe('saveFile', () => {
  it('writes where the user chose, pre-filled with the sanitized name in Downloads', async () => {
    const write = vi.fn(async () => {})
    const dialog = picked('/home/u/表格.csv')
    const r = await saveFile(
      { fileName: '交办件.csv', content: '标题,期限', mime: 'text/csv' },
      { showSaveDialog: dialog, downloadsDir: '/home/u/Downloads', write }
    )
    expect(r).toEqual({ ok: true, value: true })
    expect(vi.mocked(dialog).mock.calls[0][0].defaultPath).toBe('/home/u/Downloads/交办件.csv')
    // BOM so Excel (zh-CN) reads UTF-8 instead of garbling Chinese.
    expect(write).toHaveBeenCalledWith('/home/u/表格.csv', '\ufeff标题,期限')
  })

  it("writes an attachment's bytes unchanged (no BOM, even for a CSV)", async () => {
    const write = vi.fn(async () => {})
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x00, 0xff])
    const r = await saveFile(
      { fileName: '附件.csv', content: bytes, mime: 'text/csv' },
      { showSaveDialog: picked('/home/u/附件.csv'), downloadsDir: '/d', write }
    )
    expect(r).toEqual({ ok: true, value: true })
    expect(write).toHaveBeenCalledWith('/home/u/附件.csv', bytes)
  })

  it('returns false and writes nothing when cancelled', async () => {
    const write = vi.fn(async () => {})
    const r = await saveFile({ fileName: 'a.txt', content: 'x', mime: 'text/plain' }, { showSaveDialog: picked(), downloadsDir: '/d', write })
    expect(r).toEqual({ ok: true, value: false })
    expect(write).not.toHaveBeenCalled()
  })

  it('reports a failed write as WRITE_FAILED', async () => {
    const write = vi.fn(async () => {
      throw new Error('EACCES')
    })
    const r = await saveFile({ fileName: 'a.txt', content: 'x', mime: 'text/plain' }, { showSaveDialog: picked('/ro/a.txt'), downloadsDir: '/d', write })
    expect(r).toMatchObject({ ok: false, code: 'WRITE_FAILED' })
  })
})

describe('printPage', () => {
  it('saves the rendered PDF where the user chose', async () => {
    const write = vi.fn(async () => {})
    const pdf = new Uint8Array([1, 2, 3])
    const r = await printPage({ showSaveDialog: picked('/d/x.pdf'), downloadsDir: '/d', write, title: '清风协同办公', printToPDF: async () => pdf })
    expect(r).toEqual({ ok: true, value: undefined })
    expect(write).toHaveBeenCalledWith('/d/x.pdf', pdf)
  })

  it('reports PRINT_FAILED when Chromium cannot render', async () => {
    const r = await printPage({
      showSaveDialog: picked('/d/x.pdf'),
      downloadsDir: '/d',
      title: 't',
      printToPDF: async () => {
        throw new Error('gpu')
      }
    })
    expect(r).toMatchObject({ ok: false, code: 'PRINT_FAILED' })
  })
})
