/**
 * Attachments go over HTTP, are readable only by those who may read
 * the record, and a record may only reference files uploaded for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendEvent, readServerState, writeNewTask, type Attachment } from '@domain/task'
import { connectSynced, createTask, login, startServer, waitFor, type Session, type TestServer } from './harness'

let server: TestServer
let leader: Session
let clerk: Session
beforeAll(async () => {
  server = await startServer()
  leader = await login(server.url, 'xianzhang')
  clerk = await login(server.url, 'qingquan.clerk')
})
afterAll(() => server.cleanup())

const upload = async (s: Session, room: string, name: string, body: Buffer | string) => {
  const r = await fetch(`${server.url}/api/files?room=${room}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/pdf' },
    body
  })
  return { status: r.status, json: (await r.json()) as Attachment & { code?: string } }
}
const download = (s: Session | null, room: string, id: string) =>
  fetch(`${server.url}/api/files/${id}?room=${room}`, { headers: s ? { authorization: `Bearer ${s.token}` } : {} })

describe('attachments', () => {
  it('a leader attaches a file when assigning; the lead unit downloads it; another unit cannot', async () => {
    const id = 'withfile1'
    const up = await upload(leader, `task:${id}`, '防汛预案（2026）.pdf', '%PDF-1.4 预案')
    expect(up.status).toBe(200)
    const c = await connectSynced(server.url, `task:${id}`, leader.token)
    writeNewTask(
      c.doc,
      {
        id,
        title: '带附件',
        requirement: '',
        taskClass: 'standard',
        leadUnitId: 'qingquan',
        assistUnitIds: [],
        assignedBy: 'xianzhang',
        assignedByUnitId: 'xianlingdao',
        attachments: [up.json]
      },
      { id: 'a', type: 'assign', actorId: 'xianzhang', unitId: 'xianlingdao', clientAt: 0 }
    )
    await waitFor(() => readServerState(c.doc))

    const ok = await download(clerk, `task:${id}`, up.json.id)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('防汛预案（2026）.pdf')}`)
    expect(ok.headers.get('content-type')).toBe('application/octet-stream')
    expect(await ok.text()).toBe('%PDF-1.4 预案')

    const other = await login(server.url, 'bahe.clerk')
    expect((await download(other, `task:${id}`, up.json.id)).status).toBe(403)
    expect((await download(null, `task:${id}`, up.json.id)).status).toBe(401)
    expect((await upload(other, `task:${id}`, 'x.pdf', 'x')).status).toBe(403)
    expect(server.audit.trail(`task:${id}`).some((r) => r.summary.includes('上传附件《防汛预案（2026）.pdf》'))).toBe(true)
    c.destroy()
  })

  it('a record cannot reference a file uploaded for another record', async () => {
    const { id: a } = await createTask(server.url, leader)
    const { id: b } = await createTask(server.url, leader)
    const file = await upload(clerk, `task:${a}`, '报告.pdf', 'secret of A')
    const c = await connectSynced(server.url, `task:${b}`, clerk.token)
    appendEvent(c.doc, { id: 'sg', type: 'sign', actorId: clerk.user.id, unitId: 'qingquan', clientAt: 0 })
    await waitFor(() => readServerState(c.doc)?.status === 'in_progress')
    appendEvent(c.doc, {
      id: 'pr',
      type: 'progress',
      actorId: clerk.user.id,
      unitId: 'qingquan',
      clientAt: 0,
      payload: { text: '见附件', attachments: [file.json] }
    })
    await waitFor(() => c.denials.length > 0)
    expect(c.denials[0].code).toBe('UNKNOWN_ATTACHMENT')
    c.destroy()
  })

  it('refuses files over the limit with 413', async () => {
    const { id } = await createTask(server.url, leader)
    const r = await upload(leader, `task:${id}`, 'big.bin', Buffer.alloc(21 * 1024 * 1024))
    expect(r.status).toBe(413)
    expect(r.json.code).toBe('TOO_LARGE')
  })
})
