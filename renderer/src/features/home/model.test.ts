import { describe, expect, it } from 'vitest'
import { homePlan, navFor } from './model'

describe('工作台 per role', () => {
  it.each([
    ['clerk', ['clerk'], { warningScopes: ['inbox'], todo: true, shortcuts: ['register', 'tasks'] }],
    ['unit head', ['head'], { warningScopes: ['inbox'], todo: true, shortcuts: ['tasks'] }],
    ['leader', ['leader'], { warningScopes: ['mine'], todo: true, shortcuts: ['assign', 'tasks'] }],
    ['县长', ['leader', 'top_leader'], { warningScopes: ['mine'], todo: true, shortcuts: ['assign', 'tasks', 'oversight'] }],
    ['督查室', ['supervisor'], { warningScopes: ['oversight'], todo: false, shortcuts: ['proxyAssign', 'oversight'] }],
    ['纪委监委', ['reviewer'], { warningScopes: ['oversight'], todo: false, shortcuts: ['oversight', 'audit'] }],
    ['admin', ['admin'], { warningScopes: [], todo: false, shortcuts: ['calendar'] }]
  ] as const)('%s', (_n, roles, want) => {
    expect(homePlan(roles)).toEqual(want)
  })
  it('reviewers and admins get no empty 交办件 / 待办 pages; 督查室 keeps 交办件 for 代录', () => {
    expect(navFor(['reviewer'])).toEqual({ todo: false, tasks: false })
    expect(navFor(['admin'])).toEqual({ todo: false, tasks: false })
    expect(navFor(['supervisor'])).toEqual({ todo: false, tasks: true })
    expect(navFor(['clerk'])).toEqual({ todo: true, tasks: true })
  })
})
