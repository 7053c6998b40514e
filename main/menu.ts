import type { MenuItemConstructorOptions } from 'electron'

/**
 * Deliberately small, in Chinese: county staff expect 文件/编辑/视图/帮助 and
 * working copy/paste shortcuts (roles provide them), nothing more.
 * Developer tools only in development.
 */
export function menuTemplate(opts: { isDev: boolean; onAbout: () => void; onPrint?: () => void }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', role: 'reload' },
    ...(opts.isDev ? [{ label: '开发者工具', role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' }
  ]
  return [
    {
      label: '文件',
      submenu: [
        // The system print dialog (paper printers); PDF export stays in the pages that offer it.
        ...(opts.onPrint ? [{ label: '打印…', accelerator: 'CmdOrCtrl+P', click: () => opts.onPrint?.() }, { type: 'separator' } as const] : []),
        { label: '关闭窗口', role: 'close' },
        { type: 'separator' },
        { label: '退出', role: 'quit' }
      ]
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' }
      ]
    },
    { label: '视图', submenu: view },
    { label: '帮助', submenu: [{ label: '关于清风协同办公', click: () => opts.onAbout() }] }
  ]
}
