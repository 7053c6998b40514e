/**
 * Decides whether a URL may be handed to the operating system's browser
 * (shell.openExternal). Anything that reaches the OS is executed outside our
 * sandbox, so this is an allow-list: plain http(s) links whose host reads the
 * same to a person as it does to the URL parser.
 */
import { domainToASCII } from 'node:url'

const MAX_URL_LENGTH = 2048

// Characters the WHATWG parser silently drops or that reorder text on screen
// (tabs/newlines inside "java\tscript:", bidi overrides, zero-width joiners).
const INVISIBLE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u

// The raw authority as the user would read it: between "//" and the first / ? #.
const RAW_AUTHORITY = /^https?:\/\/([^/?#]*)/i

export function isTrustedHttpUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return false
  if (INVISIBLE_OR_CONTROL.test(raw)) return false
  // Backslashes are read as "/" by the parser for http(s): "https://good.cn\@evil.com".
  if (raw.includes('\\')) return false

  const authority = RAW_AUTHORITY.exec(raw)?.[1]
  // Requires the literal "http://" / "https://" prefix: the parser would also
  // accept "https:evil.com" or "HTTPS:/evil.com" and normalise them.
  if (authority === undefined || authority.length === 0) return false
  // Credentials ("https://good.gov.cn@evil.com") and percent-encoded hosts
  // ("https://evil%2Ecom") show one host and open another.
  if (authority.includes('@') || authority.includes('%')) return false

  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.username !== '' || url.password !== '' || url.hostname === '') return false

  return hostReadsAsParsed(authority, url.hostname)
}

/**
 * The host the user reads must be the host the parser connects to. This
 * rejects numeric IPv4 spellings ("http://0x7f.1", "http://2130706433") that
 * silently become 127.0.0.1 and full-width letters that fold to ASCII.
 * Non-ASCII hosts are allowed only when they are Han characters (Chinese
 * domains such as 政务 are legitimate here); Cyrillic/Greek look-alikes of
 * Latin letters ("gоv.cn" with a Cyrillic о) are refused.
 */
function hostReadsAsParsed(authority: string, parsedHost: string): boolean {
  const rawHost = stripPort(authority).toLowerCase()
  if (rawHost === parsedHost) return true
  // Only a Han-script host may be rewritten (to punycode), and only that way.
  const isHanHost = /^[a-z0-9.\-\p{Script=Han}]+$/u.test(rawHost) && /\p{Script=Han}/u.test(rawHost)
  return isHanHost && domainToASCII(rawHost) === parsedHost
}

function stripPort(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']')
    return end === -1 ? authority : authority.slice(0, end + 1)
  }
  const colon = authority.lastIndexOf(':')
  return colon === -1 ? authority : authority.slice(0, colon)
}
