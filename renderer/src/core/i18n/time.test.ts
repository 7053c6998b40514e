import { describe, expect, it } from 'vitest'
import { clockDiffers, shanghaiDateTime } from './time'

describe('Shanghai times', () => {
  it('formats in UTC+8 whatever the machine zone', () => {
    expect(shanghaiDateTime(Date.UTC(2026, 8, 20, 16, 30))).toBe('2026-09-21 00:30')
  })
  it('shows the client clock only when it is more than a minute off', () => {
    expect(clockDiffers(1_000, 50_000)).toBe(false)
    expect(clockDiffers(0, 61_001)).toBe(true)
    expect(clockDiffers(0, undefined)).toBe(false)
  })
})
