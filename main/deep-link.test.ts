import { describe, expect, it } from 'vitest'
import { deepLinkInArgv, deepLinkRoute } from './deep-link'

describe('qingfeng:// deep links', () => {
  it.each([
    ['qingfeng://task/t1', '/tasks/t1'],
    ['qingfeng://task/AbC_9-x/', '/tasks/AbC_9-x'],
    ['QINGFENG://TASK/t1', '/tasks/t1'],
    ['qingfeng:///task/t1', '/tasks/t1'],
    ['qingfeng://document/d7', '/documents/d7'],
    ['qingfeng://notice/n3', '/notices/n3']
  ])('%s → %s', (url, route) => expect(deepLinkRoute(url)).toBe(route))

  it.each([
    'qingfeng://task/',
    'qingfeng://task/a/b',
    'qingfeng://task/..%2f..',
    'qingfeng://task/t1?x=1#/admin'.replace('?x=1#/admin', '/%2e%2e'),
    'qingfeng://user:pw@task/t1',
    'qingfeng://task:80/t1',
    'qingfeng://admin/calendar',
    'https://task/t1',
    'javascript:alert(1)',
    `qingfeng://task/${'a'.repeat(65)}`,
    'not a url'
  ])('refuses %s', (url) => expect(deepLinkRoute(url)).toBeNull())

  it('finds the link among the arguments Windows and Linux pass', () => {
    expect(deepLinkInArgv(['C:\\\\Program Files\\\\清风协同办公\\\\清风协同办公.exe', '--allow-file-access', 'qingfeng://task/t9'])).toBe('/tasks/t9')
    expect(deepLinkInArgv(['/usr/bin/qingfeng', '--no-sandbox'])).toBeNull()
  })
})
