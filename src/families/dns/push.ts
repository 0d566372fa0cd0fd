import type { Db } from '../../core/db.js'
import type { JobStep } from '../../core/jobs.js'
import { getAttrs } from '../resources/store.js'
import {
  groupNameservers, requireGroup, requireServer, serversOfGroup, zoneIdsOfGroup, type ServerView
} from './infra-store.js'
import { isInZone, qualifyHost, recordType, recordValue } from './names.js'
import { countRecords, getZone, recordsAtHost, recordsOfZone, type DnsRecord, type Zone } from './store.js'
import { renderZoneFile, type ZoneFileRecord } from './zonefile.js'

/**
 * What a push does, planned when it starts: which zones go to which servers, the zone files they
 * get, and the status lines a poller will see as the instance clock moves (running, then
 * finished, warning or error). A zone without any nameserver cannot be deployed (error); a group
 * without servers renders but deploys nowhere (warning).
 */

export interface PushPlan {
  steps: JobStep[]
  output: string
  outcome: { state: 'finished' | 'warning' | 'error', message: string }
}

const nonEmpty = (value: string | undefined): string | undefined => value === '' ? undefined : value

const num = (value: string | undefined, fallback: number): number =>
  value !== undefined && /^[0-9]{1,10}$/.test(value) ? Number(value) : fallback

/** Nameservers of a zone: its apex NS records plus its group's nameservers. */
export function zoneNameservers (db: Db, zone: Zone): string[] {
  const own = recordsAtHost(db, zone.row.id, zone.row.name)
    .filter((r) => r.attrs.record_type === 'NS')
    .map((r) => r.attrs.record_value)
  const group = zone.attrs.group_id === undefined ? [] : groupNameservers(db, Number(zone.attrs.group_id))
  return [...new Set([...own, ...group])]
}

/**
 * A record as the DNS server would load it, normalised as the DNS API does, or the reason the
 * server would refuse it (data written through the Resources API is not checked on the way in).
 */
function loadRecord (zoneName: string, record: DnsRecord): ZoneFileRecord | string {
  try {
    const type = recordType(record.attrs.record_type ?? '')
    const host = qualifyHost(record.attrs.record_host ?? '', zoneName)
    if (!isInZone(host, zoneName)) return `record ${record.row.id}: ${host} is outside zone ${zoneName}`
    const value = recordValue(type, record.attrs.record_value ?? '', host)
    const ttl = /^[0-9]{1,10}$/.test(record.attrs.record_ttl ?? '') ? Number(record.attrs.record_ttl) : null
    return { host, type, value, ttl }
  } catch (error) {
    return `record ${record.row.id}: ${(error as Error).message}`
  }
}

export interface RenderedZone {
  text: string
  /** Records a DNS server would refuse (left out of `text`). */
  problems: string[]
}

/** The zone file a push of this zone would deploy, and the records that would break it. */
export function renderZone (db: Db, zoneId: number): RenderedZone {
  const zone = getZone(db, zoneId)
  const name = zone.row.name.toLowerCase().replace(/\.?$/, '.')
  const group = zone.attrs.group_id === undefined ? [] : groupNameservers(db, Number(zone.attrs.group_id))
  const problems: string[] = []
  const records: ZoneFileRecord[] = []
  for (const record of recordsOfZone(db, zoneId)) {
    const loaded = loadRecord(name, record)
    if (typeof loaded === 'string') problems.push(loaded)
    else records.push(loaded)
  }
  const cnames = new Set(records.filter((r) => r.type === 'CNAME').map((r) => r.host))
  const perHost = new Map<string, number>()
  for (const record of records) perHost.set(record.host, (perHost.get(record.host) ?? 0) + 1)
  for (const host of cnames) {
    if ((perHost.get(host) ?? 0) > 1) problems.push(`${host} has a CNAME and other data`)
  }
  const nameservers = zoneNameservers(db, zone)
  const text = renderZoneFile({
    name,
    primary: nonEmpty(zone.attrs.zone_host) ?? nameservers[0] ?? '.',
    mailbox: nonEmpty(zone.attrs.zone_mail) ?? `hostmaster.${name}`,
    serial: num(zone.attrs.zone_serial, 1),
    refresh: num(zone.attrs.zone_refresh, 10800),
    retry: num(zone.attrs.zone_retry, 3600),
    expire: num(zone.attrs.zone_expire, 604800),
    minimum: num(zone.attrs.zone_minimum, 3600),
    ttl: num(zone.attrs.zone_ttl, 3600),
    nameservers: group
  }, records)
  return { text, problems }
}

export function zoneFile (db: Db, zoneId: number): string {
  return renderZone(db, zoneId).text
}

function serverList (servers: ServerView[]): string {
  return servers.map((s) => `${s.name} (${s.address})`).join(', ')
}

/** Plans the push of several zones to a set of servers. `what` names the target in messages. */
function planZones (db: Db, what: string, zoneIds: number[], servers: ServerView[]): PushPlan {
  const steps: JobStep[] = [{ afterMs: 0, state: 'running', message: `push of ${what} started` }]
  const files: string[] = []
  for (const id of zoneIds) {
    const zone = getZone(db, id)
    if (zoneNameservers(db, zone).length === 0) {
      const message = `zone ${zone.row.name} has no nameserver (no NS record and none in its group): push aborted`
      steps.push({ afterMs: 1000, state: 'error', message })
      return { steps, output: '', outcome: { state: 'error', message } }
    }
    const rendered = renderZone(db, id)
    if (rendered.problems.length > 0) {
      const message = `zone ${zone.row.name} would be refused by the DNS server: ${rendered.problems.join('; ')}`
      steps.push({ afterMs: 1000, state: 'error', message })
      return { steps, output: '', outcome: { state: 'error', message } }
    }
    files.push(rendered.text)
    const records = countRecords(db, id)
    const serial = getAttrs(db, id).zone_serial ?? ''
    const message = `zone ${zone.row.name} rendered: ${records} records, serial ${serial}`
    steps.push({ afterMs: 1000, state: 'running', message })
  }
  const output = zoneIds.length === 1 ? files.join('') : files.map((file) => `; ---\n${file}`).join('')
  const outcome: PushPlan['outcome'] = servers.length === 0
    ? { state: 'warning', message: `${what}: no DNS server is attached to the group; nothing was deployed` }
    : zoneIds.length === 0
      ? { state: 'warning', message: `${what}: no zones to deploy` }
      : { state: 'finished', message: `${what} deployed to ${serverList(servers)}` }
  steps.push({ afterMs: 3000, ...outcome })
  return { steps, output, outcome }
}

export function planZonePush (db: Db, zoneId: number): PushPlan {
  const zone = getZone(db, zoneId)
  const servers = zone.attrs.group_id === undefined ? [] : serversOfGroup(db, Number(zone.attrs.group_id))
  return planZones(db, `zone ${zone.row.name}`, [zoneId], servers)
}

export function planGroupPush (db: Db, groupId: number): PushPlan {
  const group = requireGroup(db, groupId)
  return planZones(db, `group ${group.name}`, zoneIdsOfGroup(db, groupId), serversOfGroup(db, groupId))
}

export function planServerPush (db: Db, serverId: number): PushPlan {
  const server = requireServer(db, serverId)
  const groupId = Number(getAttrs(db, serverId).group_id ?? '0')
  const servers = serversOfGroup(db, groupId).filter((s) => s.id === String(serverId))
  return planZones(db, `server ${server.name}`, zoneIdsOfGroup(db, groupId), servers)
}

export const pushKinds = { zones: 'dns_zone_push', groups: 'dns_group_push', servers: 'dns_server_push' } as const
