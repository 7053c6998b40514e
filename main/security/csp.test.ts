import { describe, expect, it } from 'vitest'
import { buildCsp, withCsp } from './csp'

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    })
  )

describe('CSP for app documents', () => {
  const csp = buildCsp({ serverUrl: 'http://127.0.0.1:4455' })
  const d = directives(csp)

  it('is exactly the agreed policy', () => {
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self' http://127.0.0.1:4455 ws://127.0.0.1:4455; object-src 'none'; " +
        "frame-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )
  })

  it("defaults everything to 'self' and blocks plugins, frames, base hijack, form posts", () => {
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('frame-src')).toEqual(["'none'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(d.get('base-uri')).toEqual(["'none'"])
    expect(d.get('form-action')).toEqual(["'none'"])
    expect(d.get('img-src')).toEqual(["'self'", 'data:'])
  })

  it('never allows eval or inline script in production', () => {
    expect(csp).not.toContain('unsafe-eval')
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(csp).not.toMatch(/(^|\s)\*(\s|;|$)/)
  })

  it('lets the page talk only to itself and the collab server (http + ws)', () => {
    expect(d.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:4455', 'ws://127.0.0.1:4455'])
  })

  it('uses wss for an https server', () => {
    const s = directives(buildCsp({ serverUrl: 'https://oa.example.gov.cn/qingfeng' }))
    expect(s.get('connect-src')).toEqual(["'self'", 'https://oa.example.gov.cn', 'wss://oa.example.gov.cn'])
  })

  it('follows any configured server: a non-loopback name, another port, a path prefix', () => {
    const s = directives(buildCsp({ serverUrl: 'http://oa.county.example:4466/qingfeng' }))
    expect(s.get('connect-src')).toEqual(["'self'", 'http://oa.county.example:4466', 'ws://oa.county.example:4466'])
  })

  it('before first run (no server yet) the page may connect only to itself', () => {
    const s = directives(buildCsp({ serverUrl: null }))
    expect(s.get('connect-src')).toEqual(["'self'"])
  })

  it('relaxes only in dev, only for the loopback dev server', () => {
    const dev = directives(buildCsp({ serverUrl: 'http://127.0.0.1:4455', devServerUrl: 'http://localhost:5173/' }))
    expect(dev.get('connect-src')).toContain('ws://localhost:5173')
    expect(dev.get('script-src')).toContain("'unsafe-inline'")
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'")
  })

  it('adds the policy without dropping a stricter one the server sent', () => {
    const out = withCsp({ 'content-security-policy': ["default-src 'none'"], 'content-type': ['text/html'] }, csp)
    expect(out['content-security-policy']).toEqual(["default-src 'none'", csp])
    expect(out['content-type']).toEqual(['text/html'])
    expect(withCsp(undefined, csp)).toEqual({ 'Content-Security-Policy': [csp] })
    // Already set by the app:// handler: not duplicated.
    expect(withCsp({ 'Content-Security-Policy': [csp] }, csp)).toEqual({ 'Content-Security-Policy': [csp] })
  })
})
