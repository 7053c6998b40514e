/**
 * Directory import from .xlsx or CSV in the county's layout
 *   单位, 姓名, 职务, 手机, 角色
 * First a preview (what would be added or changed, and every row that cannot
 * be taken, with the reason); then one audited change writing the good rows.
 * People are keyed by mobile number (also their login name); a person listed
 * under two units gets a second post. Imported accounts have no password yet:
 * the administrator issues a one-time password ("重置密码") when handing over.
 */
import { createHash } from 'node:crypto'
import { ADMIN_ROLES, type Person, type Role, type Unit } from '@domain/directory'
import { peopleMap, unitsMap } from '@domain/index-rooms'
import type { AuthDeps } from '../http/auth-routes'
import type { Hub } from '../rooms/hub'
import { AdminError } from './accounts'

export const IMPORT_HEADER = ['单位', '姓名', '职务', '手机', '角色'] as const

export const ROLE_LABELS: Record<string, Role> = {
  收发员: 'clerk',
  部门负责人: 'head',
  负责人: 'head',
  县领导: 'leader',
  督办员: 'supervisor',
  纪委监委: 'reviewer',
  管理员: 'admin',
  系统管理员: 'sysadmin',
  安全管理员: 'secadmin',
  审计管理员: 'auditadmin'
}

export interface ImportRow {
  row: number
  unit: string
  name: string
  title: string
  mobile: string
  roles: Role[]
}

export interface ImportPreview {
  rows: ImportRow[]
  problems: { row: number; message: string }[]
  newUnits: Unit[]
  newPeople: Person[]
  updatedPeople: Person[]
  /** SHA-256 of the file, named on the trail. */
  fileHash: string
}

export const MAX_IMPORT_ROWS = 20_000

/** Parses CSV (UTF-8, optional BOM, quoted fields). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const s = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) row.push(field), rows.push(row)
  return rows.filter((r) => r.some((c) => c.trim() !== ''))
}

export async function parseXlsx(data: Buffer): Promise<string[][]> {
  // Loaded on first use: exceljs adds ~27 MiB to a server's resident memory, for an import done a few times a year.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw new AdminError(400, 'BAD_FILE', '无法读取该 Excel 文件（请使用 .xlsx 格式）')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new AdminError(400, 'BAD_FILE', 'Excel 文件中没有工作表')
  const rows: string[][] = []
  ws.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = []
    for (let c = 1; c <= 5; c++) {
      const v = r.getCell(c).value
      cells.push(
        v === null || v === undefined
          ? ''
          : typeof v === 'object' && 'text' in v
            ? String(v.text)
            : typeof v === 'object' && 'result' in v
              ? String(v.result)
              : String(v)
      )
    }
    rows.push(cells)
  })
  return rows
}

const unitIdFor = (name: string) => `u${createHash('sha256').update(name).digest('hex').slice(0, 12)}`
const kindFor = (name: string): Unit['kind'] => (/[镇乡]$|街道$/.test(name) ? 'township' : 'department')

/** Works out what the file would change. Pure over the current directory. */
export function planImport(table: string[][], units: Unit[], people: Person[], fileHash: string): ImportPreview {
  const problems: ImportPreview['problems'] = []
  const header = (table[0] ?? []).map((c) => c.trim())
  if (IMPORT_HEADER.some((h, i) => header[i] !== h)) throw new AdminError(400, 'BAD_HEADER', `第1行须为表头：${IMPORT_HEADER.join('、')}`)
  if (table.length - 1 > MAX_IMPORT_ROWS) throw new AdminError(400, 'TOO_MANY_ROWS', `一次最多导入${MAX_IMPORT_ROWS}行`)
  const unitByName = new Map<string, Unit>()
  for (const u of units) {
    unitByName.set(u.name, u)
    if (u.shortName && !unitByName.has(u.shortName)) unitByName.set(u.shortName, u)
  }
  const byMobile = new Map<string, Person>()
  for (const p of people) {
    if (p.mobile) byMobile.set(p.mobile, p)
    if (/^1\d{10}$/.test(p.username)) byMobile.set(p.username, p)
  }
  const newUnits = new Map<string, Unit>()
  const out = new Map<string, Person>() // mobile → person after import
  const rows: ImportRow[] = []
  let order = units.reduce((m, u) => Math.max(m, u.order), 0)
  for (let i = 1; i < table.length; i++) {
    const rowNo = i + 1
    const [unitName = '', name = '', title = '', mobileRaw = '', rolesRaw = ''] = table[i].map((c) => (c ?? '').trim())
    const mobile = mobileRaw.replace(/[\s-]/g, '')
    const bad = (message: string) => problems.push({ row: rowNo, message })
    if (!unitName) {
      bad('单位为空')
      continue
    }
    if (!name || name.length > 32) {
      bad(name ? '姓名过长' : '姓名为空')
      continue
    }
    if (!/^1\d{10}$/.test(mobile)) {
      bad(`手机号“${mobileRaw}”无效（须为11位手机号）`)
      continue
    }
    const labels = rolesRaw.split(/[、,，;；/\s]+/).filter(Boolean)
    const unknown = labels.filter((l) => !ROLE_LABELS[l])
    if (labels.length === 0) {
      bad('角色为空')
      continue
    }
    if (unknown.length) {
      bad(`未知角色：${unknown.join('、')}（可用：${Object.keys(ROLE_LABELS).join('、')}）`)
      continue
    }
    if (title.length > 32) {
      bad('职务过长')
      continue
    }
    const roles = [...new Set(labels.map((l) => ROLE_LABELS[l]))]
    // Administrative roles are granted one person at a time by the security side (docs/decisions.md), never in bulk.
    const adminRoles = labels.filter((l) => ADMIN_ROLES.includes(ROLE_LABELS[l]))
    if (adminRoles.length) {
      bad(`管理员角色（${adminRoles.join('、')}）不能通过导入授予，请由安全管理员在账号页逐人授予`)
      continue
    }
    let unit = unitByName.get(unitName) ?? newUnits.get(unitName)
    if (unit?.mergedInto) {
      bad(`单位“${unitName}”已被合并，请使用合并后的单位`)
      continue
    }
    if (!unit) {
      unit = { id: unitIdFor(unitName), name: unitName, kind: kindFor(unitName), order: ++order }
      newUnits.set(unitName, unit)
    }
    const seen = out.get(mobile)
    if (seen) {
      // The same person in a second unit: another post (one person, two units).
      if (seen.name !== name) {
        bad(`手机号 ${mobile} 已用于第${rows.find((r) => r.mobile === mobile)?.row}行的“${seen.name}”`)
        continue
      }
      if (seen.unitId !== unit.id && !seen.posts?.some((p) => p.unitId === unit!.id))
        seen.posts = [...(seen.posts ?? []), { unitId: unit.id, ...(title ? { title } : {}) }]
      seen.roles = [...new Set([...seen.roles, ...roles])]
    } else {
      const existing = byMobile.get(mobile)
      const p: Person = existing
        ? { ...existing, name, unitId: unit.id, roles, mobile, ...(title ? { title } : {}) }
        : { id: `p${mobile}`, username: mobile, name, unitId: unit.id, roles, mobile, ...(title ? { title } : {}) }
      if (existing) delete p.posts
      out.set(mobile, p)
    }
    rows.push({ row: rowNo, unit: unitName, name, title, mobile, roles })
  }
  const newPeople: Person[] = []
  const updatedPeople: Person[] = []
  for (const p of out.values()) {
    const existing = byMobile.get(p.mobile!)
    if (!existing) newPeople.push(p)
    else if (JSON.stringify(existing) !== JSON.stringify(p)) updatedPeople.push(p)
  }
  return { rows, problems, newUnits: [...newUnits.values()], newPeople, updatedPeople, fileHash }
}

export async function readTable(format: unknown, data: Buffer): Promise<string[][]> {
  if (format === 'csv') return parseCsv(data.toString('utf8'))
  if (format === 'xlsx') return parseXlsx(data)
  throw new AdminError(400, 'BAD_FORMAT', '仅支持 .xlsx 或 .csv 文件')
}

export class DirectoryImport {
  constructor(
    private readonly hub: Hub,
    private readonly auth: AuthDeps
  ) {}

  async preview(format: unknown, data: Buffer): Promise<ImportPreview> {
    const dir = this.auth.directory()
    const units = [...unitsMap(this.hub.getRoom('directory').doc).values()]
    return planImport(await readTable(format, data), units, dir.allPeople(), createHash('sha256').update(data).digest('hex'))
  }

  /** Writes the rows the preview accepted, as one audited change; refused rows are listed and skipped. */
  async apply(adminId: string, format: unknown, data: Buffer): Promise<{ units: number; added: number; updated: number; skipped: number }> {
    const plan = await this.preview(format, data)
    const label = this.auth.directory().label(adminId)
    const now = this.auth.clock()
    const before = plan.updatedPeople.map((p) => this.auth.directory().person(p.id))
    const summary = `导入通讯录（文件 ${plan.fileHash.slice(0, 16)}）：新增单位${plan.newUnits.length}个，新增${plan.newPeople.length}人，更新${plan.updatedPeople.length}人，跳过${plan.problems.length}行`
    const ins = this.auth.db.prepare("INSERT INTO accounts(user_id, username, password_hash, must_change, password_changed_at) VALUES (?, ?, '!', 1, ?)")
    const taken = this.auth.db.prepare('SELECT 1 FROM accounts WHERE user_id = ? OR username = ?')
    this.hub.step((w) => {
      w.write('directory', `${label} ${summary}`, (doc) => {
        const u = unitsMap(doc)
        const p = peopleMap(doc)
        for (const unit of plan.newUnits) u.set(unit.id, unit)
        for (const person of [...plan.newPeople, ...plan.updatedPeople]) p.set(person.id, person)
      })
      for (const person of plan.newPeople) if (!taken.get(person.id, person.username)) ins.run(person.id, person.username, now)
      this.auth.audit.append({
        room: 'admin',
        kind: 'event',
        userId: adminId,
        unitId: this.auth.directory().person(adminId)?.unitId ?? null,
        at: now,
        update: null,
        summary: `${label} ${summary}；新增单位：${plan.newUnits.map((u) => u.name).join('、') || '无'}；更新前：${JSON.stringify(before)}；更新后：${JSON.stringify(plan.updatedPeople)}；跳过：${JSON.stringify(plan.problems)}`
      })
    })
    for (const p of plan.newPeople) this.auth.accounts.reload(p.id)
    // Changed roles or units end the old tokens.
    for (const p of plan.updatedPeople) {
      this.auth.accounts.revokeAll(p.id)
      this.hub.closeUser(p.id, 'directory updated')
    }
    return { units: plan.newUnits.length, added: plan.newPeople.length, updated: plan.updatedPeople.length, skipped: plan.problems.length }
  }
}
