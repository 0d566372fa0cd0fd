import { isIPv6 } from 'node:net'
import { MockError } from '../../core/errors.js'

/**
 * DNS validity rules (RFC 1035 and each record type's RFC), as a plain engine: names are
 * lowercased and made absolute (trailing dot), record data is checked and normalised. Every
 * failure is a 422 naming the field at fault.
 */

export const recordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SRV', 'TXT', 'CAA'] as const
export type RecordType = typeof recordTypes[number]

const MAX_NAME = 253
const MAX_LABEL = 63
const UINT32_MAX = 4294967295

export function invalid (field: string, message: string): MockError {
  return new MockError('UNPROCESSABLE', `${field}: ${message}`, field)
}

export interface NameRules {
  /** `*` allowed as the leftmost label (owner names only). */
  wildcard?: boolean
}

/**
 * An absolute, lowercase domain name with a trailing dot. Labels are 1-63 characters of letters,
 * digits, hyphens and underscores (underscores for service labels such as `_sip._tcp`), never
 * starting or ending with a hyphen; the whole name at most 253 characters. "." is the root.
 */
export function absoluteName (text: string, field: string, rules: NameRules = {}): string {
  const name = text.trim().toLowerCase()
  if (name === '.') return '.'
  const bare = name.endsWith('.') ? name.slice(0, -1) : name
  if (bare === '') throw invalid(field, 'a domain name is required')
  if (bare.length > MAX_NAME) throw invalid(field, `a domain name is at most ${MAX_NAME} characters`)
  const labels = bare.split('.')
  labels.forEach((label, index) => {
    if (label === '*' && index === 0 && rules.wildcard === true) return
    if (label === '') throw invalid(field, `"${text}" has an empty label`)
    if (label.length > MAX_LABEL) throw invalid(field, `label "${label}" is longer than ${MAX_LABEL} characters`)
    if (!/^[a-z0-9_-]+$/.test(label)) throw invalid(field, `label "${label}" may hold only letters, digits, - and _`)
    if (label.startsWith('-') || label.endsWith('-')) throw invalid(field, `label "${label}" starts or ends with -`)
  })
  return bare + '.'
}

/** True when `name` is `zone` itself or lies below it (both absolute). */
export function isInZone (name: string, zone: string): boolean {
  return zone === '.' || name === zone || name.endsWith('.' + zone)
}

/**
 * A record's owner name made absolute against its zone: `@` or empty is the apex, a name with a
 * trailing dot is absolute, a name that already ends with the zone's name is absolute, anything
 * else is relative to the zone.
 */
export function qualifyHost (text: string, zone: string): string {
  const raw = text.trim().toLowerCase()
  if (raw === '' || raw === '@') return zone
  if (raw.endsWith('.')) return absoluteName(raw, 'record_host', { wildcard: true })
  const bareZone = zone.slice(0, -1)
  if (raw === bareZone || raw.endsWith('.' + bareZone)) return absoluteName(raw, 'record_host', { wildcard: true })
  return absoluteName(`${raw}.${zone}`, 'record_host', { wildcard: true })
}

export function isReverseZoneName (name: string): boolean {
  return ['in-addr.arpa.', 'ip6.arpa.'].some((suffix) => name === suffix || name.endsWith('.' + suffix))
}

/** A zone name checked for its kind: reverse zones live under in-addr.arpa. or ip6.arpa. */
export function zoneName (text: string, reverse: boolean): string {
  const name = absoluteName(text, 'name')
  if (name === '.') throw invalid('name', 'the root zone cannot be managed here')
  if (reverse !== isReverseZoneName(name)) {
    throw invalid('name', reverse
      ? `reverse zone "${name}" must end in .in-addr.arpa. or .ip6.arpa.`
      : `"${name}" is a reverse zone name; create it with POST /dns/zones/reverse`)
  }
  return name
}

/** A mailbox for the SOA RNAME: `hostmaster@example.com` becomes `hostmaster.example.com.` */
export function mailboxName (text: string, field = 'zone_mail'): string {
  const at = text.indexOf('@')
  if (at < 0) return absoluteName(text, field)
  const local = text.slice(0, at)
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(local)) throw invalid(field, `mailbox "${local}" cannot be written as a DNS label`)
  return absoluteName(`${local}.${text.slice(at + 1)}`, field)
}

/** An unsigned 32-bit integer given as a number or a string of digits (TTLs, SOA values). */
/** TTL-like fields hold 0..2^31-1 (RFC 2181 §8); the serial and SOA timers the full 32 bits. */
const TTL_MAX = 2147483647
const ttlFields = new Set(['record_ttl', 'zone_ttl', 'zone_minimum'])

export function uint32 (value: unknown, field: string): number {
  const max = ttlFields.has(field) ? TTL_MAX : UINT32_MAX
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text)) {
    throw invalid(field, `must be a whole number from 0 to ${max}`)
  }
  if (text.length > 10 || Number(text) > max) throw invalid(field, `must be at most ${max}`)
  return Number(text)
}

const ipv4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/

function uint16 (text: string, field: string, what: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw invalid(field, `${what} must be 0-65535`)
  return Number(text)
}

function splitFields (value: string, count: number, field: string, shape: string): string[] {
  const parts = value.trim().split(/\s+/)
  if (parts.length !== count) throw invalid(field, `expected "${shape}"`)
  return parts
}

/** TXT data as its character-strings: one or more quoted strings, or plain text (split in 255s). */
export function txtStrings (value: string, field = 'record_value'): string[] {
  const text = value.trim()
  if (!text.startsWith('"')) {
    const chunks: string[] = []
    for (let i = 0; i < text.length; i += 255) chunks.push(text.slice(i, i + 255))
    return chunks.length === 0 ? [''] : chunks
  }
  const strings: string[] = []
  const pattern = /\s*"((?:[^"\\]|\\.)*)"\s*/y
  let index = 0
  while (index < text.length) {
    pattern.lastIndex = index
    const match = pattern.exec(text)
    if (match === null) throw invalid(field, 'quoted TXT strings must each be closed and separated by spaces')
    const unescaped = match[1].replace(/\\(.)/g, '$1')
    if (unescaped.length > 255) throw invalid(field, 'a TXT character-string is at most 255 characters')
    strings.push(unescaped)
    index = pattern.lastIndex
  }
  return strings
}

/** Record data checked for its type and normalised (names absolute and lowercase). */
export function recordValue (type: RecordType, value: string, host: string): string {
  const field = 'record_value'
  const text = value.trim()
  if (type !== 'TXT' && text === '') throw invalid(field, `${type} data is required`)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, 'control characters are not allowed')
  switch (type) {
    case 'A':
      if (!ipv4.test(text)) throw invalid(field, `"${text}" is not an IPv4 address`)
      return text
    case 'AAAA':
      if (!isIPv6(text) || text.includes('%')) throw invalid(field, `"${text}" is not an IPv6 address`)
      return text.toLowerCase()
    case 'CNAME':
    case 'NS':
    case 'PTR':
      if (text === '.') throw invalid(field, `${type} data must be a domain name`)
      return absoluteName(text, field)
    case 'MX': {
      const [preference, exchange] = splitFields(text, 2, field, 'preference exchange')
      uint16(preference, field, 'MX preference')
      return `${Number(preference)} ${absoluteName(exchange, field)}`
    }
    case 'SRV': {
      const labels = host.split('.')
      if (labels.length < 3 || !labels[0].startsWith('_') || !labels[1].startsWith('_')) {
        throw invalid('record_host', 'an SRV owner name is _service._proto.name (RFC 2782)')
      }
      const [priority, weight, port, target] = splitFields(text, 4, field, 'priority weight port target')
      uint16(priority, field, 'SRV priority')
      uint16(weight, field, 'SRV weight')
      uint16(port, field, 'SRV port')
      return `${Number(priority)} ${Number(weight)} ${Number(port)} ${absoluteName(target, field)}`
    }
    case 'TXT': {
      const strings = txtStrings(text, field)
      if (strings.join('').length > 4000) throw invalid(field, 'TXT data is at most 4000 characters')
      return text
    }
    case 'CAA': {
      const match = /^([0-9]{1,3})\s+([A-Za-z0-9]{1,15})\s+(.+)$/.exec(text)
      if (match === null) throw invalid(field, 'expected "flags tag value" (RFC 8659)')
      if (Number(match[1]) > 255) throw invalid(field, 'CAA flags must be 0-255')
      const tag = match[2].toLowerCase()
      let data = match[3]
      if (data.startsWith('"')) {
        if (!/^"(?:[^"\\]|\\.)*"$/.test(data)) throw invalid(field, 'the CAA value is an unterminated quoted string')
        data = data.slice(1, -1)
      }
      if ((tag === 'issue' || tag === 'issuewild') && data !== '' && data !== ';' &&
        !/^[a-z0-9.-]+(\s*;.*)?$/i.test(data.trim())) {
        throw invalid(field, `CAA ${tag} value must name an issuer domain`)
      }
      return `${Number(match[1])} ${tag} "${data}"`
    }
  }
}

/** The record type, uppercased; unknown types are refused. */
export function recordType (text: string): RecordType {
  const type = text.trim().toUpperCase()
  if (!(recordTypes as readonly string[]).includes(type)) {
    throw invalid('record_type', `"${text}" is not a supported record type (${recordTypes.join(', ')})`)
  }
  return type as RecordType
}

/** A serial that advances on every change: date-based (YYYYMMDDnn) when that is larger. */
export function nextSerial (current: number, nowMs: number): number {
  const day = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '')
  const dated = Number(day) * 100 + 1
  const next = Math.max(current + 1, dated)
  return next > UINT32_MAX ? 1 : next
}
