import { describe, expect, it, vi } from 'vitest'
import { openExternalSafely } from './external'

describe('openExternalSafely', () => {
  it('opens a vetted link in the system browser', async () => {
    const open = vi.fn(async () => {})
    expect(await openExternalSafely('https://www.gov.cn/zhengce', open, () => {})).toEqual({ ok: true, value: true })
    expect(open).toHaveBeenCalledWith('https://www.gov.cn/zhengce')
  })

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'https://www.gov.cn@evil.com/', 'smb://10.0.0.1/share'])('never hands %s to the OS', async (url) => {
    const open = vi.fn(async () => {})
    expect(await openExternalSafely(url, open, () => {})).toEqual({ ok: true, value: false })
    expect(open).not.toHaveBeenCalled()
  })

  it('answers false when the OS cannot open it', async () => {
    expect(
      await openExternalSafely(
        'https://x.cn/',
        async () => {
          throw new Error('no browser')
        },
        () => {}
      )
    ).toEqual({ ok: true, value: false })
  })
})
