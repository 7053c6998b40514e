/**
 * Directory import at county scale: 64 units and 2,000 people from an .xlsx,
 * through the real admin API of a real server (preview, then apply as one
 * audited change). Target: the apply under 5 s.
 *
 *   npm run bench -- ops          (or: npx tsx bench/ops.bench.ts)
 *
 * Prints BENCH ops.preview2000_ms and BENCH ops.import2000_ms (apply, which
 * parses and plans again before writing).
 */
import ExcelJS from 'exceljs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createServer } from '../collab-server/server'
import { createLogger } from '../collab-server/logger'

const UNITS = 64
const PEOPLE = 2000

async function file(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('通讯录')
  ws.addRow(['单位', '姓名', '职务', '手机', '角色'])
  for (let i = 0; i < PEOPLE; i++) {
    const u = i % UNITS
    ws.addRow([
      u < 16 ? `基准${u}镇` : `基准局${u}`,
      `人员${i}`,
      i % 10 === 0 ? '负责人' : '科员',
      `139${String(i).padStart(8, '0')}`,
      i % 10 === 0 ? '部门负责人' : '收发员'
    ])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qf-bench-ops-'))
  const server = await createServer({ dataDir, seed: 'demo', passwordCost: 1 << 10, logger: createLogger(false), rendererDir: join(dataDir, 'none') })
  try {
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo123' })
    })
    const { token } = (await login.json()) as { token: string }
    const data = await file()
    const send = async (step: 'preview' | 'apply') => {
      const t = performance.now()
      const r = await fetch(`${server.url}/api/admin/import/${step}?format=xlsx`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: data
      })
      const body = (await r.json()) as Record<string, unknown>
      if (r.status !== 200) throw new Error(`${step}: ${r.status} ${JSON.stringify(body)}`)
      return { ms: performance.now() - t, body }
    }
    const preview = await send('preview')
    const apply = await send('apply')
    console.log(`file: ${(data.length / 1024).toFixed(0)} KiB, ${UNITS} units, ${PEOPLE} people; applied ${JSON.stringify(apply.body)}`)
    console.log(`BENCH ops.preview2000_ms ${preview.ms.toFixed(0)} ms`)
    console.log(`BENCH ops.import2000_ms ${apply.ms.toFixed(0)} ms`)
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main()
