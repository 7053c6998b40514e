import { describe, expect, it } from 'vitest'
import { isTrustedHttpUrl } from './trusted-url'

describe('isTrustedHttpUrl: what may reach the system browser', () => {
  it.each([
    'https://www.gov.cn/',
    'http://example.com',
    'https://example.com:8443/path?q=1#frag',
    'https://sub.example.com/a/@user',
    'http://127.0.0.1:4455/api/health',
    'http://[::1]:8080/',
    'https://中国政府网.政务/',
    'HTTPS://EXAMPLE.COM/Case'
  ])('opens %s', (url) => {
    expect(isTrustedHttpUrl(url)).toBe(true)
  })

  it.each([
    // other schemes execute code or touch the local machine
    ['javascript:', 'javascript:alert(1)'],
    ['javascript with tab', 'java\tscript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['file (windows)', 'file://C:/Windows/System32/calc.exe'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['smb share', 'smb://attacker/share'],
    ['ms-msdt', 'ms-msdt:/id PCWDiagnostic'],
    ['custom handler', 'qingfeng://callback'],
    ['mailto', 'mailto:a@b.cn'],
    ['ftp', 'ftp://example.com/'],
    ['blob', 'blob:https://example.com/uuid'],
    // one host shown, another opened
    ['credentials before host', 'https://www.gov.cn@evil.com/'],
    ['user:pass', 'https://user:pass@example.com/'],
    ['misleading userinfo', 'https://evil.com@good'],
    ['empty userinfo', 'https://@evil.com/'],
    ['backslash trick', 'https://good.gov.cn\\@evil.com/'],
    ['percent-encoded host', 'https://evil%2Ecom/'],
    ['hex IPv4', 'http://0x7f.1/'],
    ['decimal IPv4', 'http://2130706433/'],
    ['full-width letters', 'https://ｅｖｉｌ.com/'],
    ['cyrillic look-alike', 'https://gоv.cn/'],
    ['ideographic full stop', 'https://example。com/'],
    ['bidi override', 'https://example.com/\u202egpj.exe'],
    ['zero-width space', 'https://exa\u200bmple.com/'],
    // parser leniency
    ['no slashes', 'https:evil.com'],
    ['one slash', 'https:/evil.com'],
    ['leading space', ' https://example.com'],
    ['newline', 'https://example.com/\nx'],
    ['empty host', 'https:///path'],
    ['relative', '/tasks/1'],
    ['empty', ''],
    ['too long', `https://example.com/${'a'.repeat(2100)}`]
  ])('refuses %s', (_label, url) => {
    expect(isTrustedHttpUrl(url)).toBe(false)
  })

  it.each([undefined, null, 42, {}, ['https://example.com'], { toString: () => 'https://example.com' }])('refuses non-string %j', (v) => {
    expect(isTrustedHttpUrl(v)).toBe(false)
  })
})
