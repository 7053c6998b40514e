import { describe, expect, it } from 'vitest'
import { BOM, csvCell, safeFileName, toCsv } from './csv'

describe('CSV for Excel in zh-CN', () => {
  it('starts with a UTF-8 BOM, uses CRLF and keeps Chinese as is', () => {
    const csv = toCsv(['单位', '交办数'], [['清泉镇', 3]])
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv).toBe(`${BOM}单位,交办数\r\n清泉镇,3\r\n`)
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
  })

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('他说"马上办"')).toBe('"他说""马上办"""')
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"')
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"')
    expect(csvCell('中文，全角逗号不需要引号')).toBe('中文，全角逗号不需要引号')
    expect(toCsv(['标题'], [['关于"三夏"生产, 安全\n的通知']])).toBe(`${BOM}标题\r\n"关于""三夏""生产, 安全\n的通知"\r\n`)
  })

  it('leaves blanks for missing values and writes numbers plainly', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, 0, 92.5]])).toBe(`${BOM}a,b,c,d\r\n,,0,92.5\r\n`)
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","点我")')).toBe(`"'=HYPERLINK(""http://x"",""点我"")"`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-会议纪要')).toBe("'-会议纪要")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(-3)).toBe('-3')
  })

  it('makes safe file names', () => {
    expect(safeFileName('交办件效能统计_2026年第3季度')).toBe('交办件效能统计_2026年第3季度')
    expect(safeFileName('a/b:c*?"<>|')).toBe('a_b_c______')
  })
})
