import { txtStrings } from './names.js'

/** What a zone file is rendered from; names absolute (trailing dot). */
export interface ZoneFileZone {
  name: string
  primary: string
  mailbox: string
  serial: number
  refresh: number
  retry: number
  expire: number
  minimum: number
  ttl: number
  /** Nameservers the zone's group adds at the apex. */
  nameservers: string[]
}

export interface ZoneFileRecord {
  host: string
  type: string
  value: string
  /** Omitted (null) to inherit $TTL. */
  ttl: number | null
}

const typeOrder = ['NS', 'MX', 'A', 'AAAA', 'CNAME', 'PTR', 'SRV', 'TXT', 'CAA']

/** The owner as written in the file: `@` for the apex, relative below it. */
export function relativeOwner (host: string, zone: string): string {
  if (host === zone) return '@'
  return host.endsWith('.' + zone) ? host.slice(0, -(zone.length + 1)) : host
}

function dataOf (record: ZoneFileRecord): string {
  if (record.type !== 'TXT') return record.value
  return txtStrings(record.value)
    .map((text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(' ')
}

function sortKey (zone: string, record: ZoneFileRecord): string[] {
  const owner = record.host === zone ? '' : record.host
  const reversed = owner.split('.').reverse().join('.')
  const type = String(typeOrder.indexOf(record.type) + 10)
  return [reversed, type, record.value]
}

function compare (a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  }
  return 0
}

/**
 * A zone in RFC 1035 master-file format, as a push would deploy it: $ORIGIN and $TTL, the SOA,
 * the group's nameservers at the apex (unless the zone has the same NS itself), then the records
 * in canonical-ish order (apex first, then by name from the right, type, data).
 */
export function renderZoneFile (zone: ZoneFileZone, records: ZoneFileRecord[]): string {
  const lines = [
    `$ORIGIN ${zone.name}`,
    `$TTL ${zone.ttl}`,
    `@\tIN\tSOA\t${zone.primary} ${zone.mailbox} (`,
    `\t\t${zone.serial}\t; serial`,
    `\t\t${zone.refresh}\t; refresh`,
    `\t\t${zone.retry}\t; retry`,
    `\t\t${zone.expire}\t; expire`,
    `\t\t${zone.minimum} )\t; minimum`
  ]
  const apexNs = new Set(records.filter((r) => r.type === 'NS' && r.host === zone.name).map((r) => r.value))
  const all: ZoneFileRecord[] = [
    ...zone.nameservers.filter((ns) => !apexNs.has(ns))
      .map((ns) => ({ host: zone.name, type: 'NS', value: ns, ttl: null })),
    ...records
  ]
  // Each record's key is built once, not once per comparison.
  const sorted = all.map((record) => ({ record, key: sortKey(zone.name, record) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ record }) => record)
  for (const record of sorted) {
    const ttl = record.ttl === null ? '' : String(record.ttl)
    lines.push(`${relativeOwner(record.host, zone.name)}\t${ttl}\tIN\t${record.type}\t${dataOf(record)}`)
  }
  return lines.join('\n') + '\n'
}
