/**
 * Units: add, edit (a rename keeps the old name with its dates), merge (people
 * move to the surviving unit; the merged one stays in the directory for
 * history and stops taking part in work). Each change is one audited write
 * into the `directory` room, so every client sees it, plus a row on the admin
 * trail with before and after.
 */
import { renameUnit, type Person, type Unit, type UnitKind } from '@domain/directory'
import { peopleMap, unitsMap } from '@domain/index-rooms'
import { isValidId } from '@domain/rooms'
import type { AuthDeps } from '../http/auth-routes'
import type { Hub } from '../rooms/hub'
import { AdminError } from './accounts'

const KINDS: readonly UnitKind[] = ['township', 'department', 'leadership', 'office', 'discipline']

export interface UnitInput {
  id?: unknown
  name?: unknown
  kind?: unknown
  shortName?: unknown
  docCode?: unknown
  order?: unknown
}

const optStr = (v: unknown, max: number, field: string): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string' || v.length > max) throw new AdminError(400, 'BAD_UNIT_FIELD', `${field}不超过${max}字`)
  return v.trim()
}

export class UnitAdmin {
  constructor(
    private readonly hub: Hub,
    private readonly auth: AuthDeps
  ) {}

  list(): Unit[] {
    return [...unitsMap(this.hub.getRoom('directory').doc).values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.order - b.order)
  }

  create(adminId: string, input: UnitInput): Unit {
    if (!isValidId(input.id)) throw new AdminError(400, 'BAD_ID', '编号只能由字母、数字、_、- 组成')
    if (this.auth.directory().unit(input.id)) throw new AdminError(409, 'ID_TAKEN', `单位编号 ${input.id} 已存在`)
    const name = this.name(input.name)
    if (typeof input.kind !== 'string' || !KINDS.includes(input.kind as UnitKind)) throw new AdminError(400, 'BAD_KIND', '请选择单位类型（乡镇/县直部门等）')
    const unit: Unit = { id: input.id, name, kind: input.kind as UnitKind, order: typeof input.order === 'number' ? input.order : 999 }
    const shortName = optStr(input.shortName, 16, '简称')
    const docCode = optStr(input.docCode, 16, '发文代字')
    if (shortName) unit.shortName = shortName
    if (docCode) unit.docCode = docCode
    this.write(adminId, `新增单位 ${name}`, null, unit, (units) => units.set(unit.id, unit))
    return unit
  }

  update(adminId: string, id: string, input: UnitInput): Unit {
    const before = this.auth.directory().unit(id)
    if (!before) throw new AdminError(404, 'NO_SUCH_UNIT', '无此单位')
    let after: Unit = input.name !== undefined ? renameUnit(before, this.name(input.name), this.auth.clock()) : { ...before }
    if (input.shortName !== undefined) after = { ...after, shortName: optStr(input.shortName, 16, '简称') }
    if (input.docCode !== undefined) after = { ...after, docCode: optStr(input.docCode, 16, '发文代字') }
    if (input.kind !== undefined) {
      if (typeof input.kind !== 'string' || !KINDS.includes(input.kind as UnitKind)) throw new AdminError(400, 'BAD_KIND', '请选择单位类型（乡镇/县直部门等）')
      after = { ...after, kind: input.kind as UnitKind }
    }
    for (const k of ['shortName', 'docCode'] as const) if (after[k] === undefined) delete after[k]
    this.write(adminId, before.name === after.name ? `修改单位 ${before.name}` : `单位更名 ${before.name} → ${after.name}`, before, after, (units) =>
      units.set(id, after)
    )
    return after
  }

  /**
   * Merges `fromId` into `intoId` (机构改革): its people move (main posts and
   * further posts), the unit stays in the directory under its own name for
   * the records of its time, marked merged and out of every picker.
   */
  merge(adminId: string, fromId: string, intoId: string): { moved: number } {
    const dir = this.auth.directory()
    const from = dir.unit(fromId)
    const into = dir.unit(intoId)
    if (!from || !into) throw new AdminError(404, 'NO_SUCH_UNIT', '无此单位')
    if (fromId === intoId) throw new AdminError(400, 'SAME_UNIT', '不能与自身合并')
    if (from.mergedInto || into.mergedInto) throw new AdminError(409, 'ALREADY_MERGED', '单位已被合并')
    const moved = dir
      .allPeople()
      .filter((p) => p.unitId === fromId || p.posts?.some((x) => x.unitId === fromId))
      .map((p) => ({ before: p, after: movePerson(p, fromId, intoId) }))
    const what = `单位合并 ${from.name} → ${into.name}（${moved.length}人转入）`
    this.write(
      adminId,
      what,
      { unit: from, people: moved.map((m) => m.before) },
      { unit: { ...from, mergedInto: intoId }, people: moved.map((m) => m.after) },
      (units, doc) => {
        units.set(fromId, { ...from, mergedInto: intoId })
        for (const m of moved) peopleMap(doc).set(m.after.id, m.after)
      }
    )
    // Their tokens name the old unit: they sign in again.
    for (const { after: p } of moved) {
      this.auth.accounts.revokeAll(p.id)
      this.hub.closeUser(p.id, 'unit merged')
    }
    return { moved: moved.length }
  }

  private name(v: unknown): string {
    if (typeof v !== 'string' || v.trim().length === 0 || v.length > 32) throw new AdminError(400, 'BAD_NAME', '请填写单位名称（不超过32字）')
    return v.trim()
  }

  private write(
    adminId: string,
    what: string,
    before: unknown,
    after: unknown,
    fn: (units: ReturnType<typeof unitsMap>, doc: Parameters<typeof unitsMap>[0]) => void
  ): void {
    const label = this.auth.directory().label(adminId)
    this.hub.step((w) => {
      w.write('directory', `${label} ${what}`, (doc) => fn(unitsMap(doc), doc))
      this.auth.audit.append({
        room: 'admin',
        kind: 'event',
        userId: adminId,
        unitId: this.auth.directory().person(adminId)?.unitId ?? null,
        at: this.auth.clock(),
        update: null,
        summary: `${label} ${what}；之前：${JSON.stringify(before)}；之后：${JSON.stringify(after)}`
      })
    })
  }
}

/** A person after their unit merged into another: a main post moves; a further post moves unless it would duplicate one they hold. */
function movePerson(p: Person, fromId: string, intoId: string): Person {
  const unitId = p.unitId === fromId ? intoId : p.unitId
  const posts = (p.posts ?? [])
    .map((x) => (x.unitId === fromId ? { ...x, unitId: intoId } : x))
    .filter((x, i, all) => x.unitId !== unitId && all.findIndex((y) => y.unitId === x.unitId) === i)
  const out: Person = { ...p, unitId }
  if (posts.length) out.posts = posts
  else delete out.posts
  return out
}
