import { describe, expect, it } from 'vitest'
import { parseRoute, routePath } from './hash'

describe('hash routes', () => {
  it.each([
    ['', { page: 'home' }],
    ['#/home', { page: 'home' }],
    ['#/todo', { page: 'todo' }],
    ['#/tasks', { page: 'tasks' }],
    ['#/tasks/a1b2', { page: 'task', id: 'a1b2' }],
    ['#/tasks/..%2F..', { page: 'tasks' }],
    ['#/oversight', { page: 'oversight' }],
    ['#/notices', { page: 'notices' }],
    ['#/notices/n1', { page: 'notice', id: 'n1' }],
    ['#/notices/〔2026〕', { page: 'notices' }],
    ['#/admin/calendar', { page: 'admin-calendar' }],
    ['#/admin', { page: 'home' }],
    ['#/nonsense', { page: 'home' }]
  ])('%j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route)
  })
  it('round-trips notification routes', () => {
    expect(parseRoute('#' + routePath({ page: 'task', id: 'x9' }))).toEqual({ page: 'task', id: 'x9' })
    expect(parseRoute('#' + routePath({ page: 'admin-calendar' }))).toEqual({ page: 'admin-calendar' })
    expect(parseRoute('#' + routePath({ page: 'notice', id: 'n9' }))).toEqual({ page: 'notice', id: 'n9' })
  })
})
