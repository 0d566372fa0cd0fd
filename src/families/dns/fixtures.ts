import { Type, type Static } from 'typebox'
import type { Db } from '../../core/db.js'
import type { SeedContext } from '../../core/family.js'
import { FixtureError } from '../../core/fixtures.js'
import { TLR_ID } from '../../core/resource-tree.js'
import { getResource, setAttrs } from '../resources/store.js'
import {
  createAcl, createGroup, createServer, listAcls, listGroups, listServers, soaDefaultFields
} from './infra-store.js'
import { allZones, createRecord, createZone, recordsOfZone, REVERSE, soaFields } from './store.js'

const Id = Type.Integer({ minimum: 2 })
const Uint = Type.String({ pattern: '^[0-9]{1,10}$' })

const RecordFixture = Type.Object({
  id: Type.Optional(Id),
  name: Type.Optional(Type.String()),
  record_type: Type.String(),
  record_host: Type.String(),
  record_value: Type.String(),
  record_ttl: Type.Optional(Uint),
  attrs: Type.Optional(Type.Record(Type.String(), Type.String()))
}, { additionalProperties: false })

const ZoneFixture = Type.Object({
  id: Type.Optional(Id),
  parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
  group_id: Type.Optional(Id),
  name: Type.String(),
  zone_type: Type.Union([Type.Literal('f'), Type.Literal('r')]),
  zone_host: Type.Optional(Type.String()),
  zone_mail: Type.Optional(Type.String()),
  zone_expire: Type.Optional(Uint),
  zone_minimum: Type.Optional(Uint),
  zone_refresh: Type.Optional(Uint),
  zone_retry: Type.Optional(Uint),
  zone_serial: Type.Optional(Uint),
  zone_ttl: Type.Optional(Uint),
  records: Type.Array(RecordFixture)
}, { additionalProperties: false })

export const DnsFixtureSchema = Type.Object({
  acls: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.String({ minLength: 1 }),
    entries: Type.Array(Type.String())
  }, { additionalProperties: false })),
  groups: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.String({ minLength: 1 }),
    is_default: Type.Optional(Type.Boolean()),
    nameservers: Type.Array(Type.String()),
    acl_ids: Type.Optional(Type.Array(Id)),
    zone_ttl: Type.Optional(Uint),
    zone_refresh: Type.Optional(Uint),
    zone_retry: Type.Optional(Uint),
    zone_expire: Type.Optional(Uint),
    zone_minimum: Type.Optional(Uint)
  }, { additionalProperties: false })),
  servers: Type.Array(Type.Object({
    id: Type.Optional(Id),
    parent_id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.String({ minLength: 1 }),
    group_id: Id,
    hostname: Type.Optional(Type.String()),
    address: Type.String(),
    server_type: Type.Optional(Type.String()),
    transfer_type: Type.Optional(Type.String())
  }, { additionalProperties: false })),
  zones: Type.Array(ZoneFixture)
}, { additionalProperties: false })

export type DnsFixture = Static<typeof DnsFixtureSchema>

/** Runs one fixture item through the DNS rules; a failure names the item and field. */
function item<T> (context: SeedContext, path: string, db: Db, id: number | undefined, fn: () => T): T {
  if (id !== undefined && getResource(db, id) !== undefined) {
    throw new FixtureError(context.file, `${path}/id`, `duplicate id ${id}`)
  }
  try {
    return fn()
  } catch (error) {
    if (error instanceof FixtureError) throw error
    const field = (error as { field?: unknown }).field
    const where = typeof field === 'string' ? `${path}/${field}` : path
    throw new FixtureError(context.file, where, (error as Error).message)
  }
}

/** Seeds ACLs, groups, servers, then zones with their records, through the same rules as the API. */
export function seedDns (db: Db, data: DnsFixture, context: SeedContext): void {
  const now = context.now
  data.acls.forEach((acl, i) => item(context, `/acls/${i}`, db, acl.id, () =>
    createAcl(db, acl, acl.parent_id ?? TLR_ID, now, acl.id)))
  data.groups.forEach((group, i) => item(context, `/groups/${i}`, db, group.id, () =>
    createGroup(db, group, group.parent_id ?? TLR_ID, now, group.id)))
  data.servers.forEach((server, i) => item(context, `/servers/${i}`, db, server.id, () =>
    createServer(db, server, server.parent_id ?? TLR_ID, now, server.id)))
  data.zones.forEach((zone, i) => {
    const { records, ...fields } = zone
    const created = item(context, `/zones/${i}`, db, zone.id, () =>
      createZone(db, fields, zone.zone_type === REVERSE, zone.parent_id ?? TLR_ID, now, zone.id))
    const zoneId = Number(created.id)
    records.forEach((record, j) => item(context, `/zones/${i}/records/${j}`, db, record.id, () =>
      createRecord(db, zoneId, record, now, record.id)))
    // A fixture's serial is what it says, not advanced by seeding its own records.
    if (zone.zone_serial !== undefined) setAttrs(db, zoneId, { zone_serial: zone.zone_serial })
  })
}

const recordKeys = new Set(['record_type', 'record_host', 'record_value', 'record_ttl', 'status'])

export function exportDns (db: Db): DnsFixture {
  const all = (): boolean => true
  return {
    acls: listAcls(db, all).map((acl) => ({
      id: Number(acl.id), parent_id: Number(acl.parent_id), name: acl.name, entries: acl.entries
    })),
    groups: listGroups(db, all).map((group) => ({
      id: Number(group.id),
      parent_id: Number(group.parent_id),
      name: group.name,
      is_default: group.is_default,
      nameservers: group.nameservers,
      acl_ids: group.acl_ids.map(Number),
      ...Object.fromEntries(soaDefaultFields.map((field) => [field, group[field]]))
    })),
    servers: listServers(db, all).map((server) => ({
      id: Number(server.id),
      parent_id: Number(server.parent_id),
      name: server.name,
      group_id: Number(server.group_id),
      hostname: server.hostname,
      address: server.address,
      server_type: server.server_type,
      transfer_type: server.transfer_type
    })),
    zones: allZones(db).map((zone) => ({
      id: zone.row.id,
      parent_id: zone.row.parent_id ?? TLR_ID,
      ...(zone.attrs.group_id === undefined ? {} : { group_id: Number(zone.attrs.group_id) }),
      name: zone.row.name,
      zone_type: zone.attrs.zone_type === REVERSE ? 'r' as const : 'f' as const,
      zone_host: zone.attrs.zone_host,
      zone_mail: zone.attrs.zone_mail,
      ...Object.fromEntries(soaFields.filter((field) => zone.attrs[field] !== undefined)
        .map((field) => [field, zone.attrs[field]])),
      records: recordsOfZone(db, zone.row.id).map((record) => {
        const extra = Object.fromEntries(Object.entries(record.attrs)
          .filter(([key]) => !recordKeys.has(key)))
        return {
          id: record.row.id,
          name: record.row.name,
          record_type: record.attrs.record_type ?? '',
          record_host: record.attrs.record_host ?? '',
          record_value: record.attrs.record_value ?? '',
          ...(record.attrs.record_ttl === undefined ? {} : { record_ttl: record.attrs.record_ttl }),
          ...(Object.keys(extra).length === 0 ? {} : { attrs: extra })
        }
      })
    }))
  }
}
