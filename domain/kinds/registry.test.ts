import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Actor, Role } from '../directory'
import { writeNewTask } from '../task/doc'
import { KINDS, KindRegistry, yearsMap } from '.'

const who = (userId: string, unitId: string, ...roles: Role[]): Actor => ({ userId, unitId, roles, name: userId })
const clerk = who('qq_clerk', 'qingquan', 'clerk')
const leader = who('xianzhang', 'xianfu', 'leader')
const reviewer = who('jiwei1', 'jiwei', 'reviewer')
const supervisor = who('ducha1', 'duchashi', 'supervisor')
const admin = who('admin1', 'xxzx', 'admin')

describe('room names', () => {
  it.each([
    ['task:t1', { kind: 'task', id: 't1' }],
    ['inbox:qingquan', { kind: 'inbox', id: 'qingquan' }],
    ['oversight:2026', { kind: 'oversight', id: '2026' }],
    ['oversight-years', { kind: 'oversight-years', id: '' }],
    ['directory', { kind: 'directory', id: '' }]
  ])('parses %s and builds it back', (name, address) => {
    expect(KINDS.parse(name)).toEqual(address)
    expect(KINDS.room(address.kind, address.id)).toBe(name)
  })

  it.each(['', 'task:', 'task:a/b', 'oversight', 'oversight:26', 'directory:x', 'nope:1', `task:${'x'.repeat(65)}`, 'inbox'])('refuses %j', (name) => {
    expect(KINDS.parse(name)).toBeNull()
    expect(KINDS.access(admin, name, null)).toBe('none')
  })

  it('refuses a kind registered twice or a bad kind name', () => {
    const r = new KindRegistry()
    const k = { name: 'memo', layout: {}, writtenBy: 'clients' as const, access: () => 'write' as const }
    r.register(k)
    expect(() => r.register(k)).toThrow()
    expect(() => r.register({ ...k, name: 'Memo:' })).toThrow()
  })
})

describe('access: one rule for the server ACL and the client room manager', () => {
  it.each([
    [clerk, 'inbox:qingquan', 'read'],
    [clerk, 'inbox:sanhua', 'none'],
    [clerk, 'mine:xianzhang', 'none'],
    [leader, 'mine:xianzhang', 'read'],
    [clerk, 'user:qq_clerk', 'read'],
    [clerk, 'user:xianzhang', 'none'],
    [clerk, 'oversight:2026', 'none'],
    [reviewer, 'oversight:2026', 'read'],
    [supervisor, 'oversight-years', 'read'],
    [clerk, 'directory', 'read'],
    [admin, 'calendar', 'write'],
    [who('sys', 'shuju', 'sysadmin'), 'calendar', 'write'],
    [who('sec', 'shuju', 'secadmin'), 'calendar', 'read'],
    [who('aud', 'shuju', 'auditadmin'), 'calendar', 'read'],
    [leader, 'task:new1', 'write'],
    [clerk, 'task:new1', 'none']
  ] as const)('%o in %s: %s', (actor, room, access) => {
    expect(KINDS.access(actor, room, null)).toBe(access)
  })

  it("reads a task's participants from its doc", () => {
    const doc = new Y.Doc()
    writeNewTask(
      doc,
      {
        id: 't1',
        title: 't',
        requirement: 'r',
        taskClass: 'standard',
        leadUnitId: 'qingquan',
        assistUnitIds: [],
        assignedBy: 'xianzhang',
        assignedByUnitId: 'xianfu'
      },
      { id: 'a', type: 'assign', actorId: 'xianzhang', unitId: 'xianfu', clientAt: 0 }
    )
    expect(KINDS.access(clerk, 'task:t1', doc)).toBe('write')
    expect(KINDS.access(reviewer, 'task:t1', doc)).toBe('read')
    expect(KINDS.access(who('sh', 'sanhua', 'clerk'), 'task:t1', doc)).toBe('none')
  })

  it('keeps open exactly rooms the person may read, and follows the oversight years they list', () => {
    for (const a of [clerk, leader, reviewer, supervisor, admin]) for (const r of KINDS.keepOpen(a)) expect(KINDS.access(a, r, null)).not.toBe('none')
    expect(KINDS.keepOpen(clerk).sort()).toEqual([
      'calendar',
      'directory',
      'docbox:qingquan',
      'inbox:qingquan',
      'notice-board:qq_clerk',
      'notice-sent:qingquan',
      'notice-unit-board:qingquan',
      'user:qq_clerk'
    ])
    expect(KINDS.keepOpen(leader)).toContain('mine:xianzhang')
    expect(KINDS.keepOpen(reviewer)).toContain('oversight-years')
    const years = new Y.Doc()
    yearsMap(years).set('2027', true)
    yearsMap(years).set('2026', true)
    expect(KINDS.follows(reviewer, 'oversight-years', years)).toEqual(['oversight:2026', 'oversight:2027'])
    expect(KINDS.follows(clerk, 'oversight-years', years)).toEqual([])
  })
})
