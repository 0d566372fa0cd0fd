import type { Db } from '../../core/db.js'
import { isInZone } from './names.js'
import { allZones, recordsOfZone } from './store.js'

/** Every record's owner lies inside its zone. */
export function recordsInsideZones (db: Db): string[] {
  const violations: string[] = []
  for (const zone of allZones(db)) {
    for (const record of recordsOfZone(db, zone.row.id)) {
      const host = record.attrs.record_host ?? ''
      if (!isInZone(host, zone.row.name)) {
        violations.push(`dns record ${record.row.id}: ${host} is outside zone ${zone.row.name} (${zone.row.id})`)
      }
    }
  }
  return violations
}

/** A name with a CNAME has no other data. */
export function cnameExclusive (db: Db): string[] {
  const violations: string[] = []
  for (const zone of allZones(db)) {
    const byHost = new Map<string, string[]>()
    for (const record of recordsOfZone(db, zone.row.id)) {
      const host = record.attrs.record_host ?? ''
      byHost.set(host, [...(byHost.get(host) ?? []), record.attrs.record_type ?? ''])
    }
    for (const [host, types] of byHost) {
      if (types.includes('CNAME') && types.length > 1) {
        const others = types.filter((t) => t !== 'CNAME').join(', ') || 'another CNAME'
        violations.push(`dns zone ${zone.row.id}: ${host} has a CNAME beside ${others}`)
      }
    }
  }
  return violations
}
