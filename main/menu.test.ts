import { describe, expect, it, vi } from 'vitest'
import { menuTemplate } from './menu'

const labels = (items: Array<{ label?: string }>) => items.map((i) => i.label)
const flat = (t: ReturnType<typeof menuTemplate>) => t.flatMap((m) => (m.submenu as Array<{ role?: string }>) ?? [])

describe('application menu', () => {
  it('has the four Chinese top-level menus', () => {
    expect(labels(menuTemplate({ isDev: false, onAbout: () => {} }))).toEqual(['文件', '编辑', '视图', '帮助'])
  })

  it('offers developer tools only in development', () => {
    expect(flat(menuTemplate({ isDev: false, onAbout: () => {} })).some((i) => i.role === 'toggleDevTools')).toBe(false)
    expect(flat(menuTemplate({ isDev: true, onAbout: () => {} })).some((i) => i.role === 'toggleDevTools')).toBe(true)
  })

  it('keeps copy/paste working through roles', () => {
    const roles = flat(menuTemplate({ isDev: false, onAbout: () => {} })).map((i) => i.role)
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'redo']))
  })

  it('帮助 → 关于 calls back', () => {
    const onAbout = vi.fn()
    const help = menuTemplate({ isDev: false, onAbout })[3].submenu as Array<{ click?: () => void }>
    help[0].click!()
    expect(onAbout).toHaveBeenCalled()
  })

  it('文件 → 打印… opens the system print dialog (Ctrl+P)', () => {
    const onPrint = vi.fn()
    const file = menuTemplate({ isDev: false, onAbout: () => {}, onPrint })[0].submenu as Array<{ label?: string; accelerator?: string; click?: () => void }>
    expect(file[0]).toMatchObject({ label: '打印…', accelerator: 'CmdOrCtrl+P' })
    file[0].click!()
    expect(onPrint).toHaveBeenCalled()
  })
})
