import { describe, expect, it } from 'vitest'
import { connStatus } from './connection'
import { parseDenial } from './room'

describe('connection state', () => {
  it('is offline whenever the browser says so, whatever the sockets think', () => {
    expect(connStatus(false, [{ status: 'connected' }])).toBe('offline')
  })
  it('is online when an index room is connected; rooms the server refused do not count', () => {
    expect(connStatus(true, [{ status: 'connected' }, { status: 'disconnected' }])).toBe('online')
    expect(connStatus(true, [{ status: 'forbidden' }, { status: 'connecting' }])).toBe('connecting')
    expect(connStatus(true, [{ status: 'disconnected' }])).toBe('offline')
  })
  it('reads a server that stopped answering as offline, not as endlessly connecting', () => {
    expect(connStatus(true, [{ status: 'connecting' }], true)).toBe('offline')
  })
})

describe('denial reasons', () => {
  it('reads the server JSON reason and survives plain text', () => {
    expect(parseDenial('{"code":"TASK_FINISHED","message":"任务已撤销"}')).toEqual({ code: 'TASK_FINISHED', message: '任务已撤销' })
    expect(parseDenial('permission denied')).toEqual({ code: 'DENIED', message: 'permission denied' })
    expect(parseDenial('')).toEqual({ code: 'DENIED', message: 'permission denied' })
  })
})
